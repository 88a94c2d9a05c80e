/**
 * Lambda functions run by Turnpike itself: the function host (child processes speaking the Lambda
 * Runtime API), the registry that resolves a function name, version or alias to what the host runs,
 * and the invokers that implement {@link io.turnpike.aws.lambda.FunctionInvoker}.
 */
package io.turnpike.functions;
