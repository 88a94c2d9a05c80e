package io.turnpike.functions.host;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** One invocation on its way through an instance. Fields without a note are guarded by the instance. */
final class Run {

    private static final int TAIL_BYTES = 4096;

    final HostInvocation invocation;
    final String requestId;
    final String traceId;
    final CompletableFuture<HostResult> future = new CompletableFuture<>();
    final long createdNanos = System.nanoTime();

    boolean delivered;
    boolean answered;
    boolean startLogged;
    long startNanos;
    long endNanos;
    ScheduledFuture<?> timeout;

    /** This invocation's log lines; guarded by itself. Trimmed as it grows: only the end is returned. */
    private final StringBuilder tail = new StringBuilder(256);

    Run(HostInvocation invocation, String traceId) {
        this.invocation = invocation;
        this.requestId = invocation.requestId();
        this.traceId = traceId;
    }

    void tail(String line) {
        synchronized (tail) {
            tail.append(line).append('\n');
            if (tail.length() > 4 * TAIL_BYTES) {
                tail.delete(0, tail.length() - 2 * TAIL_BYTES); // a char is at least a byte: still >= 4 KB
            }
        }
    }

    /** The last 4 KB of the invocation's log, cut at a character boundary. */
    String tailText() {
        byte[] bytes;
        synchronized (tail) {
            bytes = tail.toString().getBytes(StandardCharsets.UTF_8);
        }
        int from = Math.max(0, bytes.length - TAIL_BYTES);
        while (from < bytes.length && (bytes[from] & 0xC0) == 0x80) {
            from++;
        }
        return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    }
}
