package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.Resource;

/** Many clients writing one API at once: nothing lost, nothing duplicated, clashes answered 409. */
class ConcurrentWritersIT {

    @TempDir
    static Path dataDir;

    static TurnpikeProcess turnpike;
    static ApiGatewayClient client;

    @BeforeAll
    static void start() throws Exception {
        turnpike = TurnpikeProcess.start(dataDir);
        client = turnpike.client(1);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        turnpike.close();
    }

    private static <T> List<Future<T>> runAll(List<Callable<T>> tasks) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            return pool.invokeAll(tasks);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void concurrentCreatesUnderOneParentAreAllKept() throws Exception {
        String api = client.createRestApi(r -> r.name("busy")).id();
        String root = client.getResources(r -> r.restApiId(api)).items().get(0).id();
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String part = "r" + i;
            tasks.add(() -> client.createResource(
                            r -> r.restApiId(api).parentId(root).pathPart(part))
                    .id());
        }
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (Future<String> f : runAll(tasks)) {
            ids.add(f.get());
        }
        assertThat(ids).hasSize(64);
        List<Resource> all = client.getResourcesPaginator(r -> r.restApiId(api).limit(500)).items().stream()
                .toList();
        assertThat(all).hasSize(65); // the root and 64 children
        assertThat(all.stream().map(Resource::path)).doesNotHaveDuplicates();
    }

    @Test
    void racingCreatesOfTheSamePathHaveExactlyOneWinner() throws Exception {
        String api = client.createRestApi(r -> r.name("race")).id();
        String root = client.getResources(r -> r.restApiId(api)).items().get(0).id();
        AtomicInteger conflicts = new AtomicInteger();
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tasks.add(() -> {
                try {
                    client.createResource(r -> r.restApiId(api).parentId(root).pathPart("same"));
                    return true;
                } catch (ConflictException e) {
                    assertThat(e.getMessage())
                            .contains("Another resource with the same parent already has this name: same");
                    conflicts.incrementAndGet();
                    return false;
                }
            });
        }
        int winners = 0;
        for (Future<Boolean> f : runAll(tasks)) {
            winners += f.get() ? 1 : 0;
        }
        assertThat(winners).isEqualTo(1);
        assertThat(conflicts.get()).isEqualTo(15);
    }
}
