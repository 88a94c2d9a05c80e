package io.turnpike.dataplane.integration.http;

import static io.turnpike.dataplane.integration.http.ClientFixture.get;
import static io.turnpike.dataplane.integration.http.ClientFixture.request;
import static io.turnpike.dataplane.integration.http.ClientFixture.text;
import static io.turnpike.dataplane.integration.http.TestUpstream.eventually;
import static io.turnpike.dataplane.integration.http.TestUpstream.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.turnpike.dataplane.LeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keep-alive, idle eviction, the stale-connection retry and the connection cap, seen from the upstream. */
@ExtendWith(LeakCheck.class)
class UpstreamPoolTest {

    private static final UpstreamSettings DEFAULTS = UpstreamSettings.defaults();

    @Test
    void sequentialRequestsShareOneKeptAliveConnection() throws Exception {
        try (ClientFixture fixture = ClientFixture.best(1, DEFAULTS);
                TestUpstream upstream = TestUpstream.serving(r -> response(200, r.target()))) {
            for (int i = 0; i < 20; i++) {
                assertThat(text(fixture.call(get(upstream.uri("/n/" + i))))).isEqualTo("/n/" + i);
            }

            assertThat(upstream.connections()).isEqualTo(1);
            assertThat(upstream.requests()).hasSize(20).allMatch(r -> r.header("Connection")
                    .equals(List.of("keep-alive")));
        }
    }

    @Test
    void connectionCloseFromTheUpstreamIsHonoured() throws Exception {
        try (ClientFixture fixture = ClientFixture.best(1, DEFAULTS);
                TestUpstream upstream = TestUpstream.start(c -> {
                    c.read();
                    c.write(response(200, "bye", "Connection: close"));
                    c.awaitClientClose();
                })) {
            fixture.call(get(upstream.uri("/")));
            fixture.call(get(upstream.uri("/")));

            assertThat(upstream.connections()).isEqualTo(2);
            // we closed each of them ourselves too, rather than keeping a half-closed socket around
            assertThat(eventually(2000, () -> upstream.clientCloses() == 2)).isTrue();
        }
    }

    @Test
    void connectionCloseFromTheCallerIsSentAndHonoured() throws Exception {
        try (ClientFixture fixture = ClientFixture.best(1, DEFAULTS);
                TestUpstream upstream = TestUpstream.serving(r -> response(200, "ok"))) {
            fixture.call(request("GET", upstream.uri("/"), "", "Connection", "close"));

            assertThat(upstream.requests().get(0).header("Connection")).containsExactly("close");
            assertThat(eventually(2000, () -> upstream.clientCloses() == 1)).isTrue();
            fixture.call(get(upstream.uri("/")));
            assertThat(upstream.connections()).isEqualTo(2);
        }
    }

    @Test
    void idleConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        try (ClientFixture fixture = ClientFixture.best(1, ClientFixture.settings(Duration.ofMillis(300), 8, 1024));
                TestUpstream upstream = TestUpstream.serving(r -> response(200, "ok"))) {
            fixture.call(get(upstream.uri("/")));
            long pooledAt = System.nanoTime();
            assertThat(upstream.clientCloses()).isZero();

            assertThat(eventually(3000, () -> upstream.clientCloses() == 1)).isTrue();
            assertThat(System.nanoTime() - pooledAt).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));

            fixture.call(get(upstream.uri("/")));
            assertThat(upstream.connections()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionUsedAgainBeforeItExpiresStaysOpen() throws Exception {
        try (ClientFixture fixture = ClientFixture.best(1, ClientFixture.settings(Duration.ofMillis(400), 8, 1024));
                TestUpstream upstream = TestUpstream.serving(r -> response(200, "ok"))) {
            for (int i = 0; i < 6; i++) {
                fixture.call(get(upstream.uri("/")));
                Thread.sleep(150);
            }

            assertThat(upstream.connections()).isEqualTo(1);
        }
    }

    @Test
    void theMostRecentlyUsedIdleConnectionIsReusedFirst() throws Exception {
        try (ClientFixture fixture = ClientFixture.best(1, DEFAULTS);
                TestUpstream upstream = TestUpstream.start(c -> {
                    for (TestUpstream.Request r = c.read(); r != null; r = c.read()) {
                        if (r.target().equals("/slow")) {
                            Thread.sleep(100);
                        }
                        c.write(response(200, String.valueOf(c.index)));
                    }
                })) {
            CompletableFuture<UpstreamResponse> a = fixture.send(get(upstream.uri("/slow")));
            CompletableFuture<UpstreamResponse> b = fixture.send(get(upstream.uri("/slow")));
            a.get(5, TimeUnit.SECONDS);
            b.get(5, TimeUnit.SECONDS);
            assertThat(upstream.connections()).isEqualTo(2);

            List<String> servedBy = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                servedBy.add(text(fixture.call(get(upstream.uri("/fast")))));
            }

            // last in, first out: one connection stays hot, the other is left to expire
            assertThat(servedBy).containsOnly(servedBy.get(0));
        }
    }

    @Test
    void aCloseNoticedWhileIdleCostsNothingEvenForAPost() throws Exception {
        try (ClientFixture fixture = ClientFixture.best(1, DEFAULTS);
                TestUpstream upstream = TestUpstream.start(c -> {
                    c.read();
                    c.write(response(200, "once"));
                    Thread.sleep(50);
                    c.socket.close(); // the upstream's own idle timeout, before we send again
                })) {
            fixture.call(get(upstream.uri("/")));
            Thread.sleep(300);

            UpstreamResponse res = fixture.call(request("POST", upstream.uri("/"), "{}"));

            assertThat(text(res)).isEqualTo("once");
            assertThat(upstream.connections()).isEqualTo(2);
            assertThat(upstream.requests()).hasSize(2);
        }
    }

    /** An upstream that answers the first request on each connection and closes on the second. */
    private static TestUpstream closingIdleConnections() throws Exception {
        return TestUpstream.start(c -> {
            TestUpstream.Request first = c.read();
            c.write(response(200, "first on #" + c.index + " " + first.method()));
            c.read(); // the upstream "timed out" this idle connection: closes as the next request arrives
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
    void anIdempotentRequestOnAStaleConnectionIsRetriedOnceOnAFreshOne(String method) throws Exception {
        try (ClientFixture fixture = ClientFixture.best(1, DEFAULTS);
                TestUpstream upstream = closingIdleConnections()) {
            fixture.call(get(upstream.uri("/")));

            UpstreamResponse res = fixture.call(request(method, upstream.uri("/again"), ""));

            assertThat(res.status()).isEqualTo(200);
            if (!method.equals("HEAD")) {
                assertThat(text(res)).isEqualTo("first on #2 " + method);
            }
            assertThat(upstream.connections()).isEqualTo(2);
            assertThat(upstream.requests())
                    .extracting(r -> r.connection() + " " + r.method() + " " + r.target())
                    .containsExactly("1 GET /", "1 " + method + " /again", "2 " + method + " /again");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PATCH"})
    void aNonIdempotentRequestOnAStaleConnectionIsNotRetried(String method) throws Exception {
        try (ClientFixture fixture = ClientFixture.best(1, DEFAULTS);
                TestUpstream upstream = closingIdleConnections()) {
            fixture.call(get(upstream.uri("/")));

            UpstreamException failure = fixture.failure(request(method, upstream.uri("/order"), "{}"));

            assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.RESET);
            assertThat(upstream.connections()).isEqualTo(1);
            assertThat(upstream.requests())
                    .extracting(TestUpstream.Request::method)
                    .containsExactly("GET", method);
        }
    }

    @Test
    void aFreshConnectionThatFailsIsNotRetried() throws Exception {
        try (ClientFixture fixture = ClientFixture.best(1, DEFAULTS);
                TestUpstream upstream = TestUpstream.start(TestUpstream.Connection::read)) {
            UpstreamException failure = fixture.failure(get(upstream.uri("/")));

            assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.RESET);
            assertThat(upstream.connections()).isEqualTo(1);
        }
    }

    @Test
    void theRetryHappensOnlyOnce() throws Exception {
        // every connection after the first closes on its first request: the retry fails too, and stops there
        try (ClientFixture fixture = ClientFixture.best(1, DEFAULTS);
                TestUpstream upstream = TestUpstream.start(c -> {
                    if (c.index == 1) {
                        c.read();
                        c.write(response(200, "ok"));
                    }
                    c.read();
                })) {
            fixture.call(get(upstream.uri("/")));

            UpstreamException failure = fixture.failure(get(upstream.uri("/")));

            assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.RESET);
            assertThat(upstream.connections()).isEqualTo(2);
        }
    }

    @Test
    void requestsOverTheCapWaitForAConnectionInsteadOfOpeningMore() throws Exception {
        try (ClientFixture fixture = ClientFixture.best(1, ClientFixture.settings(Duration.ofSeconds(30), 2, 1024));
                TestUpstream upstream = TestUpstream.start(c -> {
                    for (TestUpstream.Request r = c.read(); r != null; r = c.read()) {
                        Thread.sleep(40);
                        c.write(response(200, r.target()));
                    }
                })) {
            List<CompletableFuture<UpstreamResponse>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                futures.add(fixture.send(get(upstream.uri("/" + i))));
            }
            for (int i = 0; i < 10; i++) {
                assertThat(text(futures.get(i).get(10, TimeUnit.SECONDS))).isEqualTo("/" + i);
            }

            assertThat(upstream.connections()).isEqualTo(2);
        }
    }

    @Test
    void aRequestQueuedBehindABusyConnectionTimesOut() throws Exception {
        try (ClientFixture fixture = ClientFixture.best(1, ClientFixture.settings(Duration.ofSeconds(30), 1, 1024));
                TestUpstream upstream = TestUpstream.start(c -> {
                    c.read();
                    Thread.sleep(1500);
                    c.write(response(200, "late"));
                    c.awaitClientClose();
                })) {
            CompletableFuture<UpstreamResponse> first =
                    fixture.send(request("GET", upstream.uri("/1"), "", Duration.ofSeconds(5)));
            UpstreamException queued = fixture.failure(request("GET", upstream.uri("/2"), "", Duration.ofMillis(200)));

            assertThat(queued.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
            assertThat(text(first.get(10, TimeUnit.SECONDS))).isEqualTo("late");
            assertThat(upstream.requests()).hasSize(1);
        }
    }

    @Test
    void concurrentRequestsFromSeveralEventLoopsEachGetTheirOwnAnswerOnTheirOwnLoop() throws Exception {
        int loops = 4;
        int perLoop = 50;
        try (ClientFixture fixture =
                        ClientFixture.best(loops, ClientFixture.settings(Duration.ofSeconds(30), 16, 1024));
                TestUpstream upstream = TestUpstream.serving(r -> response(200, r.target()))) {
            Set<String> wrongThread = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<String>> all = new ArrayList<>();
            for (EventExecutor executor : fixture.group) {
                EventLoop loop = (EventLoop) executor;
                for (int i = 0; i < perLoop; i++) {
                    String path = "/" + loop.hashCode() + "/" + i;
                    CompletableFuture<String> body = new CompletableFuture<>();
                    loop.execute(() -> fixture.client
                            .execute(get(upstream.uri(path)), loop)
                            .whenComplete((r, e) -> {
                                if (!loop.inEventLoop()) {
                                    wrongThread.add(path);
                                }
                                if (e != null) {
                                    body.completeExceptionally(e);
                                } else {
                                    body.complete(path + " -> " + text(r));
                                }
                            }));
                    all.add(body);
                }
            }
            for (CompletableFuture<String> f : all) {
                String line = f.get(20, TimeUnit.SECONDS);
                String path = line.substring(0, line.indexOf(' '));
                assertThat(line).isEqualTo(path + " -> " + path);
            }

            assertThat(all).hasSize(loops * perLoop);
            assertThat(wrongThread).isEmpty();
            // 16 split over 4 loops: at most 4 per loop
            assertThat(upstream.connections()).isBetween(loops, 16);
        }
    }
}
