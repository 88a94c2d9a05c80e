package io.turnpike.aws.lambda;

/** Lambda's {@code X-Amz-Invocation-Type}. */
public enum InvocationType {
    /** Synchronous: the caller waits for the function's answer (status 200). */
    REQUEST_RESPONSE("RequestResponse"),
    /** Asynchronous: queued, retried as Lambda does, acknowledged at once (status 202). */
    EVENT("Event"),
    /** Checks the function exists and the caller may invoke it; runs nothing (status 204). */
    DRY_RUN("DryRun");

    private final String wireName;

    InvocationType(String wireName) {
        this.wireName = wireName;
    }

    /** The header value, e.g. {@code RequestResponse}. */
    public String wireName() {
        return wireName;
    }

    /** The type named by a header value, case as Lambda accepts it (exact). */
    public static InvocationType fromWire(String value) {
        for (InvocationType t : values()) {
            if (t.wireName.equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "invocationType: " + value + " (expected: RequestResponse, Event or DryRun)");
    }
}
