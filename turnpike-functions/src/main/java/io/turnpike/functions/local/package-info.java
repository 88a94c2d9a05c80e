/**
 * The invoker of the functions stored in this node: resolves function references (names, ARNs,
 * versions, aliases) against the store, turns them into host specs, runs them on the function host,
 * and queues asynchronous invocations durably.
 */
package io.turnpike.functions.local;
