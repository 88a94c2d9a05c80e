package io.turnpike.dataplane.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The execution log's wording, stamps and truncation, and that exchanges without one collect nothing. */
class ExecutionLogTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-05T06:43:16.984Z"), ZoneOffset.UTC);

    private static Exchange exchange() {
        InvokeRequest r = new InvokeRequest(
                "GET", "/pets", "", List.of(), new byte[0], "192.0.2.1", "HTTP/1.1", "example.com", "/prod/pets");
        return new Exchange(r, null, "req-1", "ext=", CLOCK.millis(), 0);
    }

    @Test
    void linesAreStampedAsAwsStampsThem() {
        Exchange ex = exchange();
        ExecutionLog log = new ExecutionLog(CLOCK).attachTo(ex);
        ExecutionLog.add(ex, "Starting execution for request: req-1");
        log.add("Method completed with status: 200");

        assertThat(ExecutionLog.enabled(ex)).isTrue();
        assertThat(log.text("req-1"))
                .isEqualTo("Execution log for request req-1\n"
                        + "Wed Mar 05 06:43:16 UTC 2025 : Starting execution for request: req-1\n"
                        + "Wed Mar 05 06:43:16 UTC 2025 : Method completed with status: 200\n");
    }

    @Test
    void anExchangeWithoutALogCollectsNothing() {
        Exchange ex = exchange();
        ExecutionLog.add(ex, "ignored");
        assertThat(ExecutionLog.enabled(ex)).isFalse();
    }

    @Test
    void pairsPrintAsJavaMapsAndLongValuesAreCut() {
        assertThat(ExecutionLog.pairs(List.of(Map.entry("Accept", "application/json"), Map.entry("X-A", "1"))))
                .isEqualTo("{Accept=application/json, X-A=1}");
        assertThat(ExecutionLog.pairs(Map.of("q", List.of("1", "2")).entrySet()))
                .isEqualTo("{q=1,2}");
        assertThat(ExecutionLog.pairs(List.of())).isEqualTo("{}");
        String longBody = "x".repeat(1500);
        assertThat(ExecutionLog.value(longBody)).isEqualTo("x".repeat(1000) + " [TRUNCATED]");
        assertThat(ExecutionLog.value("short")).isEqualTo("short");
        assertThat(ExecutionLog.value(null)).isEmpty();
    }
}
