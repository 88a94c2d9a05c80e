/**
 * The execute-api entry: the Netty server and how a connection is assembled (HTTP/1.1 with keep-alive
 * and pipelining, cleartext HTTP/2 by prior knowledge or {@code Upgrade: h2c}, on one port), API
 * Gateway's request limits, the idle and request-read clocks of a connection, resolving an invocation's
 * API and stage from its URL, and the headers every response carries.
 */
package io.turnpike.dataplane.entry;
