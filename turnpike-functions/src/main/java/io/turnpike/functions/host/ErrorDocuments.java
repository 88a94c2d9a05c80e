package io.turnpike.functions.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON documents the host itself writes: Lambda's error payloads for failures the runtime cannot
 * report (timeout, crash, oversize response, a missing entry point) and the Runtime API's own errors.
 * Key order follows the recordings in {@code spec/lambda-invoke.md}.
 */
final class ErrorDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorDocuments() {}

    /** RIE's Runtime API error body. */
    static byte[] runtimeApiError(String type, String message) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("errorMessage", message);
        doc.put("errorType", type);
        return write(doc);
    }

    /** Recorded on AWS: {@code Sandbox.Timedout}, "RequestId: <id> Error: Task timed out after 1.00 seconds". */
    static byte[] timeout(String requestId, int seconds) {
        return typeFirst("Sandbox.Timedout", "RequestId: " + requestId + " Error: " + timeoutText(seconds));
    }

    static String timeoutText(int seconds) {
        return String.format(Locale.ROOT, "Task timed out after %d.00 seconds", seconds);
    }

    /** Recorded on AWS: {@code Runtime.ExitError}, "RequestId: <id> Error: Runtime exited with error: exit status 127". */
    static byte[] exitError(String requestId, String reason) {
        return typeFirst("Runtime.ExitError", "RequestId: " + requestId + " Error: " + reason);
    }

    /** The reason AWS gives for a runtime that exited with {@code code}. */
    static String exitReason(int code) {
        return code == 0
                ? "Runtime exited without providing a reason"
                : "Runtime exited with error: exit status " + code;
    }

    /** Recorded on AWS: a response over 6 MB. */
    static byte[] responseTooLarge() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(
                "errorMessage",
                "Response payload size exceeded maximum allowed payload size (" + RuntimeApiServer.MAX_PAYLOAD
                        + " bytes).");
        doc.put("errorType", "Function.ResponseSizeTooLarge");
        return write(doc);
    }

    /**
     * The entry point could not be started (no {@code bootstrap}, not executable, no interpreter). The
     * type is AWS's ({@code fatalerror.InvalidEntrypoint}); the message copies the form of Go's exec
     * error that AWS shows ("fork/exec /var/task/bootstrap: no such file or directory").
     */
    static byte[] invalidEntrypoint(String requestId, String detail) {
        return typeFirst("Runtime.InvalidEntrypoint", "RequestId: " + requestId + " Error: " + detail);
    }

    /** What the runtime posted to {@code /error} or {@code /init/error}, or a document from its header. */
    static byte[] fromRuntime(String errorTypeHeader, byte[] body) {
        if (body.length > 0) {
            return body;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("errorMessage", "");
        doc.put("errorType", errorTypeHeader == null || errorTypeHeader.isEmpty() ? "Unhandled" : errorTypeHeader);
        return write(doc);
    }

    private static byte[] typeFirst(String type, String message) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("errorType", type);
        doc.put("errorMessage", message);
        return write(doc);
    }

    private static byte[] write(Map<String, Object> doc) {
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
