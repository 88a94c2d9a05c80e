/**
 * Lambda functions as Turnpike stores them: a function's {@code $LATEST} configuration and its
 * function-level settings ({@link io.turnpike.model.lambda.LambdaFunction}), published versions
 * ({@link io.turnpike.model.lambda.FunctionConfig}), aliases, resource policies and queued
 * asynchronous invocations. The control plane renders these as Lambda's wire shapes; the function
 * invoker resolves invocations against them. The code itself lives in a content-addressed code store,
 * named by its {@code CodeSha256}.
 */
package io.turnpike.model.lambda;
