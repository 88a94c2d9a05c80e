package io.turnpike.dataplane.mapping;

import java.util.Objects;

/**
 * The rendered text and the overrides the template set, or the error that stopped it.
 *
 * <p>A failed render has an empty output and the overrides the template had when rendering started
 * (those carried in through {@code $context}); AWS answers such a request with 500 {@code Internal
 * server error} (execution log: {@code Execution failed due to configuration error: Unable to
 * transform request}), which is the pipeline's job.
 *
 * @param output the rendered text; AWS sends it as is (it does not trim the output)
 * @param requestOverride {@code $context.requestOverride.*} after rendering
 * @param responseOverride {@code $context.responseOverride.*} after rendering
 * @param error a short description of what stopped the render, or {@code null}
 */
public record TemplateResult(
        String output, RequestOverride requestOverride, ResponseOverride responseOverride, String error) {
    public TemplateResult {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(requestOverride, "requestOverride");
        Objects.requireNonNull(responseOverride, "responseOverride");
    }

    public boolean failed() {
        return error != null;
    }
}
