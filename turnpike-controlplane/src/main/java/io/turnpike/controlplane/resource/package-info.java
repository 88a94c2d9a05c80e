/**
 * A REST API's resource tree and everything that hangs on it: resources (paths), the methods on each
 * resource, their method responses, the integration behind each method and its integration responses.
 * All of these live in one stored document per resource, so every change to a method, response or
 * integration is a read-modify-write of that one document inside a single store transaction.
 */
package io.turnpike.controlplane.resource;
