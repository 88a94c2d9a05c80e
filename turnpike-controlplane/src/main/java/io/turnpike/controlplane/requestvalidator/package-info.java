/**
 * Request validators of a REST API: named switches that a method points to in order to have API
 * Gateway check the request's required parameters, its body against the method's model, or both,
 * before the integration is called.
 */
package io.turnpike.controlplane.requestvalidator;
