/**
 * The execute-api entry: the Netty server, resolving an invocation's API and stage from its URL, and
 * the headers every response carries.
 */
package io.turnpike.dataplane.entry;
