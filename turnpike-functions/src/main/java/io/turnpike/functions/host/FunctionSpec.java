package io.turnpike.functions.host;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the host needs to run one version of a function. Two equal specs may share warm instances;
 * any change (new code, new environment, new timeout) makes a new spec and so new instances.
 *
 * @param functionName the function's name
 * @param functionArn the ARN the runtime sees as {@code Lambda-Runtime-Invoked-Function-Arn} (qualified
 *     when the caller used a qualifier)
 * @param version {@code $LATEST} or a published version number ({@code AWS_LAMBDA_FUNCTION_VERSION})
 * @param runtime Lambda's runtime identifier: {@code nodejs20.x}, {@code python3.12}, {@code java17},
 *     {@code java21}, {@code provided}, {@code provided.al2}, {@code provided.al2023}, …
 * @param handler the handler string ({@code index.handler}, {@code app.lambda_handler}, {@code
 *     com.example.Handler::handleRequest}); may be null for {@code provided} runtimes
 * @param timeoutSeconds 1..900
 * @param memorySizeMb 128..10240 (reported to the runtime; not enforced)
 * @param environment the function's environment variables
 * @param codeZip the deployment package (a zip file), read-only
 * @param codeSha256 base64 SHA-256 of the zip (Lambda's {@code CodeSha256}); names the unpacked copy
 * @param maxConcurrency how many instances may run at once (reserved concurrency, or the host default)
 */
public record FunctionSpec(
        String functionName,
        String functionArn,
        String version,
        String runtime,
        String handler,
        int timeoutSeconds,
        int memorySizeMb,
        Map<String, String> environment,
        Path codeZip,
        String codeSha256,
        int maxConcurrency) {

    public FunctionSpec {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(functionArn, "functionArn");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(codeZip, "codeZip");
        Objects.requireNonNull(codeSha256, "codeSha256");
        environment = Map.copyOf(environment);
        if (timeoutSeconds < 1 || timeoutSeconds > 900) {
            throw new IllegalArgumentException("timeoutSeconds: " + timeoutSeconds + " (expected: 1..900)");
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency: " + maxConcurrency + " (expected: >= 1)");
        }
    }
}
