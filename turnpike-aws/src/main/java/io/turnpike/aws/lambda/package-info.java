/**
 * The one contract every caller of a Lambda function shares: the management API's Invoke, the data
 * plane's {@code AWS_PROXY}/{@code AWS} integrations and Lambda authorizers all hand an {@link
 * io.turnpike.aws.lambda.Invocation} to a {@link io.turnpike.aws.lambda.FunctionInvoker}, which the
 * server wires to the local function host, a remote Lambda endpoint, or both.
 */
package io.turnpike.aws.lambda;
