/**
 * The {@code lambda} management API for Turnpike's local functions: CreateFunction and friends,
 * versions, aliases, resource policies, reserved concurrency, tags, and Invoke, answered in Lambda's
 * wire format and Lambda's error shapes. Code goes to the code store, documents to the store; Invoke
 * goes through the {@link io.turnpike.aws.lambda.FunctionInvoker} the server wires in.
 */
package io.turnpike.controlplane.lambda;
