package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.RestApi;

/**
 * "Nothing acknowledged is ever lost": writers hammer the admin API, the process is killed with
 * SIGKILL in the middle of the burst, and every write that was answered 201 must be there after a
 * restart on the same data directory.
 */
class CrashDurabilityIT {

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger attempts = new AtomicInteger();
        TurnpikeProcess turnpike = TurnpikeProcess.start(dataDir);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        // no retries: a retried create would blur what was acknowledged
        try (ApiGatewayClient client = turnpike.client(1)) {
            for (int t = 0; t < 4; t++) {
                int thread = t;
                running.add(writers.submit(() -> {
                    // bounded: at most 2,000 writes per thread, stopping at the first failure (the kill)
                    for (int i = 0; i < 2_000; i++) {
                        attempts.incrementAndGet();
                        try {
                            acknowledged.add(client.createRestApi(r -> r.name("burst-" + thread))
                                    .id());
                        } catch (RuntimeException killed) {
                            return;
                        }
                    }
                }));
            }
            // kill once a good number of writes is acknowledged, while more are in flight
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < 150 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            turnpike.kill();
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(150);
        assertThat(attempts.get()).isGreaterThan(acknowledged.size()); // some were cut off by the kill

        try (TurnpikeProcess restarted = TurnpikeProcess.start(dataDir);
                ApiGatewayClient client = restarted.client()) {
            Set<String> stored = ConcurrentHashMap.newKeySet();
            client.getRestApisPaginator(r -> r.limit(500)).items().stream()
                    .map(RestApi::id)
                    .forEach(stored::add);
            assertThat(stored).containsAll(acknowledged);
        }
    }
}
