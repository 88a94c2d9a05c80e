package io.turnpike.functions.host;

import java.util.Objects;

/**
 * What an instance answered.
 *
 * @param payload the response body posted to {@code /response}, or Lambda's error document ({@code
 *     errorMessage}, {@code errorType}, optional {@code stackTrace}) when the invocation failed
 * @param functionError {@code "Unhandled"} when the function failed (posted to {@code /error}, timed out,
 *     crashed, or failed to initialise), else {@code null}
 * @param logTail the invocation's own log lines (stdout and stderr, including the START/END/REPORT
 *     lines), at most the last 4 KB, as text
 */
public record HostResult(byte[] payload, String functionError, String logTail) {
    public HostResult {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(logTail, "logTail");
    }
}
