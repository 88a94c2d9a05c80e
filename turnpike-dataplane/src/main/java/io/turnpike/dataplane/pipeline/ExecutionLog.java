package io.turnpike.dataplane.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * API Gateway's execution log for one request: the lines AWS writes, in AWS's words ({@code Starting
 * execution for request: …}, {@code Endpoint request URI: …}, {@code Method completed with status:
 * 200}), each stamped as AWS stamps them ({@code Wed Mar 05 06:43:16 UTC 2025 : …}).
 *
 * <p><b>Why it is opt-in per exchange.</b> Only requests that carry a log (TestInvokeMethod today,
 * stage execution logging later) collect one. Steps write through the static {@link #add(Exchange,
 * String)}, which is a single attribute lookup when the exchange has no log; a step that would build an
 * expensive line asks {@link #enabled(Exchange)} first. So ordinary traffic pays nothing for it.
 *
 * <p>Confined to the request's event loop, like the exchange; read it once the request has completed.
 */
public final class ExecutionLog {

    /** Longer values are cut, as AWS cuts them, and marked {@code [TRUNCATED]}. */
    static final int MAX_VALUE_CHARS = 1000;

    private static final Attr<ExecutionLog> LOG = Attr.of("executionLog");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern(
                    "EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final List<String> lines = new ArrayList<>();

    public ExecutionLog(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Makes the steps of {@code ex} write to this log. */
    public ExecutionLog attachTo(Exchange ex) {
        ex.set(LOG, this);
        return this;
    }

    /** Whether {@code ex} collects an execution log. */
    public static boolean enabled(Exchange ex) {
        return ex.get(LOG) != null;
    }

    /** Appends a line to the exchange's log, if it has one. */
    public static void add(Exchange ex, String line) {
        ExecutionLog log = ex.get(LOG);
        if (log != null) {
            log.add(line);
        }
    }

    /** Appends a line, stamped with the current time. */
    public void add(String line) {
        lines.add(STAMP.format(Instant.ofEpochMilli(clock.millis())) + " : " + line);
    }

    /** The stamped lines so far. */
    public List<String> lines() {
        return Collections.unmodifiableList(lines);
    }

    /** The log as TestInvokeMethod returns it: a heading, then one line each, every line ending in a newline. */
    public String text(String requestId) {
        StringBuilder sb = new StringBuilder(64 + lines.size() * 80);
        sb.append("Execution log for request ").append(requestId).append('\n');
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** A value as AWS logs it: cut to {@value #MAX_VALUE_CHARS} characters and marked when cut. */
    public static String value(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + " [TRUNCATED]";
    }

    /** Name/value pairs as AWS logs them, {@code {a=1, b=2}}, cut like any value. */
    public static String pairs(Iterable<? extends Map.Entry<String, ?>> entries) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, ?> e : entries) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            Object v = e.getValue();
            sb.append(e.getKey())
                    .append('=')
                    .append(v instanceof List<?> list ? String.join(",", strings(list)) : String.valueOf(v));
        }
        return value(sb.append('}').toString());
    }

    private static List<String> strings(List<?> list) {
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            out.add(String.valueOf(o));
        }
        return out;
    }
}
