/** Routing: matching a request path to a resource of the deployed tree, with AWS's precedence rules. */
package io.turnpike.dataplane.routing;
