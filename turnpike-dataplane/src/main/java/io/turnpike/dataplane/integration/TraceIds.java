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
            String incoming = ex.header("X-Amzn-Trace-Id");
            t = incoming != null && incoming.startsWith("Root=") ? incoming : newRoot(ex.requestTimeEpochMillis());
            ex.set(TRACE, t);
        }
        return t;
    }

    static String newRoot(long epochMillis) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%08x%08x%08x", epochMillis / 1000, r.nextInt(), r.nextInt(), r.nextInt());
    }
}
