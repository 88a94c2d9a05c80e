package io.turnpike.functions.host;

import static io.turnpike.functions.host.TestFunctions.assertGone;
import static io.turnpike.functions.host.TestFunctions.event;
import static io.turnpike.functions.host.TestFunctions.json;
import static io.turnpike.functions.host.TestFunctions.spec;
import static io.turnpike.functions.host.TestFunctions.zipText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.turnpike.aws.AwsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class PoolAndLifecycleTest extends HostTestSupport {

    /** Waits for the file named by event.gate (no timers in the test: the test opens the gate). */
    private static final String GATED =
            """
            const fs = require('fs');
            let count = 0;
            exports.handler = async (event) => {
              count++;
              if (event.crash) process.exit(event.crash);
              if (event.hang) await new Promise(() => setInterval(() => {}, 1000));
              if (event.child) {
                const c = require('child_process').spawn('sleep', ['300'], { stdio: 'ignore' });
                return { pid: process.pid, child: c.pid, count };
              }
              if (event.gate) {
                fs.writeFileSync(event.gate + '.' + process.pid, 'started');
                while (!fs.existsSync(event.gate)) await new Promise(r => setTimeout(r, 10));
              }
              console.log('line one for ' + event.tag);
              console.error('line two for ' + event.tag);
              process.stdout.write('partial without newline ' + event.tag);
              return { pid: process.pid, count };
            };
            """;

    @Test
    void parallelInvocationsScaleUpToMaxConcurrencyThenAnswer429() throws Exception {
        Path zip = zipText(tmp, "index.js", GATED);
        FunctionSpec spec = spec("gated", "nodejs20.x", "index.handler", zip, 60, 2);
        Path gate = tmp.resolve("gate");
        String ev = "{\"gate\":\"" + gate + "\",\"tag\":\"g\"}";

        CompletableFuture<HostResult> a = host.invoke(spec, event(ev));
        CompletableFuture<HostResult> b = host.invoke(spec, event(ev));
        CompletableFuture<HostResult> c = host.invoke(spec, event(ev));

        assertThat(c).isCompletedExceptionally();
        assertThatThrownBy(c::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.errorType()).isEqualTo("TooManyRequestsException");
                    assertThat(e.getMessage()).isEqualTo("Rate Exceeded.");
                });
        assertThat(host.instanceCount(spec)).isEqualTo(2);

        Files.writeString(gate, "open");
        JsonNode ra = json(await(a));
        JsonNode rb = json(await(b));
        assertThat(ra.get("pid").asLong()).isNotEqualTo(rb.get("pid").asLong());

        // both instances are warm now: two more run without a cold start
        JsonNode rc = json(await(host.invoke(spec, event(ev))));
        assertThat(Set.of(ra.get("pid").asLong(), rb.get("pid").asLong()))
                .contains(rc.get("pid").asLong());
        assertThat(rc.get("count").asInt()).isEqualTo(2);
        assertThat(host.instanceCount(spec)).isEqualTo(2);
    }

    @Test
    void timeoutKillsTheInstanceAndAnswersLambdasTimeoutError() throws Exception {
        Path zip = zipText(tmp, "index.js", GATED);
        FunctionSpec spec = spec("sleepy", "nodejs20.x", "index.handler", zip, 1, 1);
        long pid = json(await(host.invoke(spec, event("{\"tag\":\"warm\"}"))))
                .get("pid")
                .asLong();

        HostInvocation hang = event("{\"hang\":true}");
        HostResult r = await(host.invoke(spec, hang));

        assertThat(r.functionError()).isEqualTo("Unhandled");
        assertThat(TestFunctions.text(r))
                .isEqualTo("{\"errorType\":\"Sandbox.Timedout\",\"errorMessage\":\"RequestId: " + hang.requestId()
                        + " Error: Task timed out after 1.00 seconds\"}");
        assertThat(r.logTail()).contains(hang.requestId() + "\tTask timed out after 1.00 seconds");
        assertThat(r.logTail()).containsPattern("REPORT RequestId: " + hang.requestId() + "\t.*\tStatus: timeout");
        assertGone(pid);

        // the next call starts a fresh instance
        JsonNode next = json(await(host.invoke(spec, event("{\"tag\":\"after\"}"))));
        assertThat(next.get("pid").asLong()).isNotEqualTo(pid);
        assertThat(next.get("count").asInt()).isEqualTo(1);
    }

    @Test
    void crashedInstanceAnswersExitErrorAndIsReplaced() throws Exception {
        Path zip = zipText(tmp, "index.js", GATED);
        FunctionSpec spec = spec("crashy", "nodejs20.x", "index.handler", zip, 30, 1);
        long pid = json(await(host.invoke(spec, event("{\"tag\":\"a\"}"))))
                .get("pid")
                .asLong();

        HostInvocation crash = event("{\"crash\":3}");
        HostResult r = await(host.invoke(spec, crash));

        assertThat(r.functionError()).isEqualTo("Unhandled");
        assertThat(TestFunctions.text(r))
                .isEqualTo("{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"RequestId: " + crash.requestId()
                        + " Error: Runtime exited with error: exit status 3\"}");
        assertThat(r.logTail()).contains("Runtime.ExitError", "END RequestId: " + crash.requestId());
        JsonNode next = json(await(host.invoke(spec, event("{\"tag\":\"b\"}"))));
        assertThat(next.get("pid").asLong()).isNotEqualTo(pid);
        assertThat(next.get("count").asInt()).isEqualTo(1);
    }

    @Test
    void logsCarryRequestIdsAndLambdasPlatformLines() throws Exception {
        Path zip = zipText(tmp, "index.js", GATED);
        FunctionSpec spec = spec("logger", "nodejs20.x", "index.handler", zip, 30, 1);
        HostInvocation first = event("{\"tag\":\"first\"}");
        HostInvocation second = event("{\"tag\":\"second\"}");

        HostResult r1 = await(host.invoke(spec, first));
        HostResult r2 = await(host.invoke(spec, second));

        String ts = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
        String id1 = first.requestId();
        assertThat(r1.logTail())
                .startsWith("START RequestId: " + id1 + " Version: $LATEST\n")
                .containsPattern(ts + "\t" + id1 + "\tline one for first\n")
                .containsPattern(ts + "\t" + id1 + "\tline two for first\n")
                .containsPattern(ts + "\t" + id1 + "\tpartial without newline first\n")
                .contains("\nEND RequestId: " + id1 + "\n")
                .containsPattern(
                        "\nREPORT RequestId: " + id1
                                + "\tDuration: \\d+\\.\\d{2} ms\tBilled Duration: \\d+ ms\tMemory Size: 128 MB\tMax Memory Used: \\d+ MB\tInit Duration: \\d+\\.\\d{2} ms\n$")
                .doesNotContain("second");
        assertThat(r2.logTail())
                .startsWith("START RequestId: " + second.requestId())
                .contains("line one for second")
                .doesNotContain("first", "Init Duration");
        // the line order in the tail: output before END
        assertThat(r2.logTail().indexOf("partial without newline second"))
                .isLessThan(r2.logTail().indexOf("END RequestId"));

        String file = Files.readString(host.logFile("logger"));
        assertThat(host.logFile("logger")).isEqualTo(tmp.resolve("functions/logs/logger.log"));
        assertThat(file).contains(r1.logTail()).contains(r2.logTail());
    }

    @Test
    void logTailKeepsTheLast4KiloBytes() throws Exception {
        Path zip = zipText(
                tmp,
                "index.js",
                """
                exports.handler = async () => { for (let i = 0; i < 500; i++) console.log('chatty line ' + i); return 1; };
                """);
        HostResult r = await(host.invoke(spec("chatty", "nodejs20.x", "index.handler", zip, 30, 1), event("{}")));

        assertThat(r.logTail().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(4096);
        assertThat(r.logTail())
                .contains("chatty line 499\n")
                .doesNotContain("chatty line 1\n")
                .contains("REPORT");
        assertThat(Files.readString(host.logFile("chatty"))).contains("chatty line 0\n", "chatty line 499\n");
    }

    @Test
    void idleInstancesStopAfterTheIdleTimeout() throws Exception {
        host.close();
        TestFunctions.MutableClock clock = new TestFunctions.MutableClock();
        host = new ProcessFunctionHost(
                tmp.resolve("functions"),
                HostSettings.defaults().withIdleTimeout(Duration.ofMinutes(10)).withClock(clock));
        Path zip = zipText(tmp, "index.js", GATED);
        FunctionSpec spec = spec("idle", "nodejs20.x", "index.handler", zip, 30, 1);
        long pid = json(await(host.invoke(spec, event("{\"tag\":\"a\"}"))))
                .get("pid")
                .asLong();

        clock.advance(Duration.ofMinutes(9).toMillis());
        host.reapIdle();
        assertThat(host.instanceCount(spec)).isEqualTo(1);
        assertThat(json(await(host.invoke(spec, event("{\"tag\":\"b\"}"))))
                        .get("count")
                        .asInt())
                .isEqualTo(2);

        clock.advance(Duration.ofMinutes(10).toMillis());
        host.reapIdle();
        assertThat(host.instanceCount(spec)).isZero();
        assertGone(pid);
        JsonNode cold = json(await(host.invoke(spec, event("{\"tag\":\"c\"}"))));
        assertThat(cold.get("count").asInt()).isEqualTo(1);
        assertThat(cold.get("pid").asLong()).isNotEqualTo(pid);
    }

    @Test
    void evictAndCloseStopProcessesAndTheirChildren() throws Exception {
        Path zip = zipText(tmp, "index.js", GATED);
        FunctionSpec one = spec("evicted", "nodejs20.x", "index.handler", zip, 30, 1);
        FunctionSpec two = spec("kept", "nodejs20.x", "index.handler", zip, 30, 1);
        JsonNode a = json(await(host.invoke(one, event("{\"child\":true}"))));
        JsonNode b = json(await(host.invoke(two, event("{\"child\":true}"))));
        assertThat(TestFunctions.alive(a.get("child").asLong())).isTrue();

        host.evict("evicted");

        assertGone(a.get("pid").asLong());
        assertGone(a.get("child").asLong());
        assertThat(host.instanceCount(one)).isZero();
        assertThat(TestFunctions.alive(b.get("pid").asLong())).isTrue();

        host.close();
        assertGone(b.get("pid").asLong());
        assertGone(b.get("child").asLong());
        assertThatThrownBy(() -> host.invoke(two, event("{}")).get()).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void evictDuringAnInvocationAnswersExitError() throws Exception {
        Path zip = zipText(tmp, "index.js", GATED);
        FunctionSpec spec = spec("busy", "nodejs20.x", "index.handler", zip, 60, 1);
        Path gate = tmp.resolve("never");
        CompletableFuture<HostResult> running = host.invoke(spec, event("{\"gate\":\"" + gate + "\",\"tag\":\"x\"}"));
        // wait until the handler runs: it leaves a marker file named after its pid
        List<Path> markers = new ArrayList<>();
        for (int i = 0; i < 6000 && markers.isEmpty(); i++) {
            try (var files = Files.list(tmp)) {
                files.filter(p -> p.getFileName().toString().startsWith("never."))
                        .forEach(markers::add);
            }
            Thread.sleep(10);
        }
        assertThat(markers).hasSize(1);

        host.evict("busy");

        HostResult r = await(running);
        assertThat(r.functionError()).isEqualTo("Unhandled");
        assertThat(json(r).get("errorType").asText()).isEqualTo("Runtime.ExitError");
    }

    @Test
    void unsupportedRuntimeIsRefused() throws Exception {
        Path zip = zipText(tmp, "index.rb", "def handler; end");
        FunctionSpec spec = spec("ruby", "ruby3.3", "index.handler", zip, 30, 1);
        assertThatThrownBy(() -> host.invoke(spec, event("{}")).get())
                .cause()
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.errorType()).isEqualTo("InvalidRuntimeException");
                });
    }

    @Test
    void initPhaseThatNeverAsksForWorkTimesOut() throws Exception {
        host.close();
        host = new ProcessFunctionHost(
                tmp.resolve("functions"), HostSettings.defaults().withInitTimeout(Duration.ofMillis(200)));
        Path zip = zipText(tmp, "bootstrap*", "#!/bin/sh\necho starting up\nexec sleep 300\n");
        FunctionSpec spec = spec("stuck", "provided.al2023", null, zip, 1, 1);
        HostInvocation inv = event("{}");

        HostResult r = await(host.invoke(spec, inv));

        assertThat(r.functionError()).isEqualTo("Unhandled");
        assertThat(json(r).get("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(json(r).get("errorMessage").asText())
                .isEqualTo("RequestId: " + inv.requestId() + " Error: Task timed out after 1.00 seconds");
        // output of the init phase belongs to the invocation that caused the cold start
        assertThat(r.logTail()).contains("\t" + inv.requestId() + "\tstarting up\n");
        assertThat(host.instanceCount(spec)).isZero();
    }
}
