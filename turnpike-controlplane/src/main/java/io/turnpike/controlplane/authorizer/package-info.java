/**
 * The Authorizers family: CreateAuthorizer, GetAuthorizer, GetAuthorizers, UpdateAuthorizer,
 * DeleteAuthorizer and TestInvokeAuthorizer. Authorizers are stored per API and frozen into each
 * deployment; the data plane runs them. TestInvokeAuthorizer runs one through an {@link
 * io.turnpike.controlplane.authorizer.AuthorizerTester}, which the server wires to the data plane.
 */
package io.turnpike.controlplane.authorizer;
