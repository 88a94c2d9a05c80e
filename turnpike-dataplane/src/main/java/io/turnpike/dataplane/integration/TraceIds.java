package io.turnpike.dataplane.integration;

import io.turnpike.dataplane.pipeline.Attr;
import io.turnpike.dataplane.pipeline.Exchange;
import java.util.concurrent.ThreadLocalRandom;

/**
 * X-Ray style trace ids ({@code Root=1-{8 hex epoch seconds}-{24 hex}}): the client's {@code
 * X-Amzn-Trace-Id} root is kept when it sends one; otherwise one is made per request.
 */
public final class TraceIds {

    private static final Attr<String> TRACE = Attr.of("traceId");

    private TraceIds() {}

    /** The request's trace header value, created on first use. */
    public static String of(Exchange ex) {
        String t = ex.get(TRACE);
        if (t == null) {
            t = of(ex, ex.header("X-Amzn-Trace-Id"));
        }
        return t;
    }

    /**
     * The request's trace header value, when the caller has already found the client's {@code
     * X-Amzn-Trace-Id} ({@code incoming}, null when none) and the exchange's header map need not be built.
     */
    static String of(Exchange ex, String incoming) {
        String t = ex.get(TRACE);
        if (t == null) {
            t = incoming != null && incoming.startsWith("Root=") ? incoming : newRoot(ex.requestTimeEpochMillis());
            ex.set(TRACE, t);
        }
        return t;
    }

    static String newRoot(long epochMillis) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        // built by hand: String.format parses its pattern on every call, and this runs per request
        char[] out = "Root=1-00000000-000000000000000000000000".toCharArray();
        hex(out, 7, (int) (epochMillis / 1000));
        hex(out, 16, r.nextInt());
        hex(out, 24, r.nextInt());
        hex(out, 32, r.nextInt());
        return new String(out);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Writes {@code value} as 8 lower-case hex digits at {@code at}. */
    private static void hex(char[] out, int at, int value) {
        for (int i = 7; i >= 0; i--) {
            out[at + i] = HEX[value & 0xF];
            value >>>= 4;
        }
    }
}
