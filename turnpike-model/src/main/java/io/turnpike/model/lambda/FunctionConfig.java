package io.turnpike.model.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One version of a function's configuration: {@code $LATEST} (which changes) or a published version
 * (frozen). Members are Lambda's {@code FunctionConfiguration} fields that Turnpike keeps.
 *
 * @param version {@code $LATEST} or a published version number
 * @param codeSha256 base64 SHA-256 of the deployment package (names the zip in the code store)
 * @param lastModified Lambda's format, {@code 2026-11-21T10:00:00.000+0000}
 * @param state {@code Pending}, {@code Active}, {@code Inactive} or {@code Failed}
 * @param lastUpdateStatus {@code InProgress}, {@code Successful} or {@code Failed}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionConfig(
        String functionName,
        String version,
        String runtime,
        String role,
        String handler,
        String description,
        int timeout,
        int memorySize,
        Map<String, String> environment,
        List<String> architectures,
        String codeSha256,
        long codeSize,
        String lastModified,
        String revisionId,
        String state,
        String stateReason,
        String stateReasonCode,
        String lastUpdateStatus,
        String lastUpdateStatusReason,
        String lastUpdateStatusReasonCode) {

    public static final String LATEST = "$LATEST";

    public FunctionConfig {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(codeSha256, "codeSha256");
        environment = environment == null ? null : Map.copyOf(environment);
        architectures = architectures == null ? List.of("x86_64") : List.copyOf(architectures);
    }

    /** A copy with another version, revision and states: what PublishVersion freezes. */
    public FunctionConfig asVersion(String newVersion, String newRevisionId) {
        return new FunctionConfig(
                functionName,
                newVersion,
                runtime,
                role,
                handler,
                description,
                timeout,
                memorySize,
                environment,
                architectures,
                codeSha256,
                codeSize,
                lastModified,
                newRevisionId,
                state,
                stateReason,
                stateReasonCode,
                lastUpdateStatus,
                lastUpdateStatusReason,
                lastUpdateStatusReasonCode);
    }

    /** A copy in another state (the code check moves {@code Pending} to {@code Active}). */
    public FunctionConfig withStates(
            String newState,
            String newStateReason,
            String newStateReasonCode,
            String newLastUpdateStatus,
            String newLastUpdateStatusReason,
            String newLastUpdateStatusReasonCode,
            String newRevisionId) {
        return new FunctionConfig(
                functionName,
                version,
                runtime,
                role,
                handler,
                description,
                timeout,
                memorySize,
                environment,
                architectures,
                codeSha256,
                codeSize,
                lastModified,
                newRevisionId,
                newState,
                newStateReason,
                newStateReasonCode,
                newLastUpdateStatus,
                newLastUpdateStatusReason,
                newLastUpdateStatusReasonCode);
    }
}
