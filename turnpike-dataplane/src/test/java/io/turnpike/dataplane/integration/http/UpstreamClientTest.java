package io.turnpike.dataplane.integration.http;

import static io.turnpike.dataplane.integration.http.ClientFixture.get;
import static io.turnpike.dataplane.integration.http.ClientFixture.request;
import static io.turnpike.dataplane.integration.http.ClientFixture.text;
import static io.turnpike.dataplane.integration.http.TestUpstream.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.turnpike.dataplane.LeakCheck;
import io.turnpike.dataplane.integration.http.ClientFixture.Transport;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Requests and responses as the upstream and the caller see them, over real loopback sockets. */
@ExtendWith(LeakCheck.class)
class UpstreamClientTest {

    private static ClientFixture fixture;

    @BeforeAll
    static void start() {
        fixture = ClientFixture.best(2, UpstreamSettings.defaults());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void getReturnsStatusHeadersAndBodyOnEitherTransport(Transport transport) throws Exception {
        assumeTrue(transport == Transport.NIO || Epoll.isAvailable(), "epoll is not available here");
        try (ClientFixture own = new ClientFixture(transport, 1, UpstreamSettings.defaults());
                TestUpstream upstream = TestUpstream.serving(r -> response(
                        201,
                        "{\"hello\":\"world\"}",
                        "X-Multi: one",
                        "Content-Type: application/json",
                        "X-Multi: two"))) {
            UpstreamResponse res = own.call(get(upstream.uri("/pets/7?kind=dog&name=a%20b")));

            assertThat(res.status()).isEqualTo(201);
            assertThat(text(res)).isEqualTo("{\"hello\":\"world\"}");
            assertThat(res.headers())
                    .containsExactly(
                            Map.entry("X-Multi", "one"),
                            Map.entry("Content-Type", "application/json"),
                            Map.entry("X-Multi", "two"),
                            Map.entry("Content-Length", "17"));
            TestUpstream.Request seen = upstream.requests().get(0);
            assertThat(seen.method()).isEqualTo("GET");
            assertThat(seen.target()).isEqualTo("/pets/7?kind=dog&name=a%20b");
            assertThat(seen.header("Host")).containsExactly("127.0.0.1:" + upstream.port());
            assertThat(seen.header("Content-Length")).isEmpty();
        }
    }

    @Test
    void postSendsItsBodyWithContentLength() throws Exception {
        try (TestUpstream upstream = TestUpstream.serving(r -> response(200, "got " + r.bodyText()))) {
            UpstreamResponse res = fixture.call(
                    request("POST", upstream.uri("/orders"), "{\"qty\":3}", "Content-Type", "application/json"));

            assertThat(text(res)).isEqualTo("got {\"qty\":3}");
            TestUpstream.Request seen = upstream.requests().get(0);
            assertThat(seen.header("Content-Length")).containsExactly("9");
            assertThat(seen.header("Content-Type")).containsExactly("application/json");
        }
    }

    @Test
    void emptyBodiesOfPostPutAndPatchSendContentLengthZeroButGetAndDeleteSendNone() throws Exception {
        try (TestUpstream upstream = TestUpstream.serving(r -> response(200, ""))) {
            for (String method : List.of("POST", "PUT", "PATCH", "GET", "DELETE", "OPTIONS")) {
                fixture.call(request(method, upstream.uri("/"), ""));
            }

            assertThat(upstream.requests())
                    .extracting(r -> r.method() + " " + r.header("Content-Length"))
                    .containsExactly("POST [0]", "PUT [0]", "PATCH [0]", "GET []", "DELETE []", "OPTIONS []");
        }
    }

    @Test
    void hopByHopHeadersGivenByTheCallerAreNotForwardedAndTheRestKeepTheirOrder() throws Exception {
        try (TestUpstream upstream = TestUpstream.serving(r -> response(200, ""))) {
            fixture.call(request(
                    "PUT",
                    upstream.uri("/x"),
                    "abc",
                    "X-First",
                    "1",
                    "Connection",
                    "Upgrade, Keep-Alive",
                    "Keep-Alive",
                    "timeout=5",
                    "Transfer-Encoding",
                    "chunked",
                    "te",
                    "trailers",
                    "Upgrade",
                    "h2c",
                    "Proxy-Connection",
                    "keep-alive",
                    "Content-Length",
                    "999",
                    "X-Repeated",
                    "a",
                    "User-Agent",
                    "AmazonAPIGateway_abc123",
                    "X-Repeated",
                    "b"));

            TestUpstream.Request seen = upstream.requests().get(0);
            assertThat(seen.headers())
                    .containsExactly(
                            Map.entry("Host", "127.0.0.1:" + upstream.port()),
                            Map.entry("X-First", "1"),
                            Map.entry("X-Repeated", "a"),
                            Map.entry("User-Agent", "AmazonAPIGateway_abc123"),
                            Map.entry("X-Repeated", "b"),
                            Map.entry("Content-Length", "3"),
                            Map.entry("Connection", "keep-alive"));
            assertThat(seen.bodyText()).isEqualTo("abc");
        }
    }

    @Test
    void aHostHeaderFromAMappingReplacesTheUrisAuthority() throws Exception {
        try (TestUpstream upstream = TestUpstream.serving(r -> response(200, ""))) {
            fixture.call(request("GET", upstream.uri("/"), "", "Host", "api.example.com"));

            assertThat(upstream.requests().get(0).header("Host")).containsExactly("api.example.com");
        }
    }

    @Test
    void defaultPortsAreLeftOutOfTheHostHeader() throws Exception {
        // Port 80 is not ours to bind; check the header the pool would write instead.
        assertThat(Origin.of(URI.create("http://example.com/a"), false).hostHeader())
                .isEqualTo("example.com");
        assertThat(Origin.of(URI.create("https://example.com:443/a"), false).hostHeader())
                .isEqualTo("example.com");
        assertThat(Origin.of(URI.create("https://example.com:8443/a"), false).hostHeader())
                .isEqualTo("example.com:8443");
    }

    @Test
    void chunkedResponsesArriveWhole() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n");
            c.write("5\r\nhello\r\n");
            Thread.sleep(30);
            c.write("1\r\n \r\n6\r\nworld!\r\n");
            Thread.sleep(30);
            c.write("0\r\nX-Trailer: t\r\n\r\n");
            c.awaitClientClose();
        })) {
            UpstreamResponse res = fixture.call(get(upstream.uri("/")));

            assertThat(res.status()).isEqualTo(200);
            assertThat(text(res)).isEqualTo("hello world!");
            assertThat(res.header("Transfer-Encoding")).contains("chunked");
        }
    }

    @Test
    void aLargeChunkedBodyIsAssembledInOrder() throws Exception {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            expected.append(i).append(',');
        }
        String body = expected.toString();
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int off = 0; off < body.length(); off += 7000) {
                String part = body.substring(off, Math.min(body.length(), off + 7000));
                c.write(Integer.toHexString(part.length()) + "\r\n" + part + "\r\n");
            }
            c.write("0\r\n\r\n");
            c.awaitClientClose();
        })) {
            assertThat(text(fixture.call(get(upstream.uri("/"))))).isEqualTo(body);
        }
    }

    @Test
    void aBodyDelimitedByCloseIsReadToTheEndAndItsConnectionNotReused() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
            c.socket.shutdownOutput();
            c.awaitClientClose();
        })) {
            assertThat(text(fixture.call(get(upstream.uri("/"))))).isEqualTo("until the end");
            assertThat(text(fixture.call(get(upstream.uri("/"))))).isEqualTo("until the end");

            assertThat(upstream.connections()).isEqualTo(2);
        }
    }

    @Test
    void headAnd204And304HaveNoBodyAndLeaveTheConnectionUsable() throws Exception {
        try (TestUpstream upstream = TestUpstream.serving(r -> switch (r.target()) {
            case "/no-content" -> "HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n";
            case "/not-modified" -> "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 42\r\n\r\n";
            default -> r.method().equals("HEAD")
                    ? "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"
                    : response(200, "full body");
        })) {
            UpstreamResponse head = fixture.call(request("HEAD", upstream.uri("/thing"), ""));
            UpstreamResponse noContent = fixture.call(get(upstream.uri("/no-content")));
            UpstreamResponse notModified = fixture.call(get(upstream.uri("/not-modified")));
            UpstreamResponse after = fixture.call(get(upstream.uri("/thing")));

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.header("Content-Length")).contains("1234");
            assertThat(noContent.status()).isEqualTo(204);
            assertThat(noContent.body()).isEmpty();
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(notModified.body()).isEmpty();
            assertThat(text(after)).isEqualTo("full body");
            assertThat(upstream.connections()).isEqualTo(1);
        }
    }

    @Test
    void informationalResponsesAreSkipped() throws Exception {
        try (TestUpstream upstream = TestUpstream.serving(r -> "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                + response(200, "final"))) {
            UpstreamResponse res = fixture.call(get(upstream.uri("/")));

            assertThat(res.status()).isEqualTo(200);
            assertThat(text(res)).isEqualTo("final");
            assertThat(res.header("Link")).isEmpty();
        }
    }

    @Test
    void aResponseExactlyAtTheLimitIsAccepted() throws Exception {
        try (ClientFixture small = ClientFixture.best(1, ClientFixture.settings(Duration.ofSeconds(5), 8, 10));
                TestUpstream upstream = TestUpstream.serving(r -> response(200, "0123456789"))) {
            assertThat(text(small.call(get(upstream.uri("/"))))).isEqualTo("0123456789");
        }
    }

    @Test
    void theFutureCompletesOnTheRequestsEventLoop() throws Exception {
        try (TestUpstream upstream = TestUpstream.serving(r -> response(200, "ok"))) {
            var loop = fixture.loop();
            boolean onLoop = loop.submit(() ->
                            fixture.client.execute(get(upstream.uri("/")), loop).thenApply(r -> loop.inEventLoop()))
                    .get()
                    .get();

            assertThat(onLoop).isTrue();
        }
    }

    @Test
    void aHostNameIsResolvedToo() throws Exception {
        try (TestUpstream upstream = TestUpstream.serving(r -> response(200, "by name"))) {
            URI uri = URI.create("http://localhost:" + upstream.port() + "/");

            assertThat(text(fixture.call(get(uri)))).isEqualTo("by name");
            assertThat(upstream.requests().get(0).header("Host")).containsExactly("localhost:" + upstream.port());
        }
    }

    @Test
    void aSlowDnsLookupDoesNotHoldUpTheEventLoop() throws Exception {
        CountDownLatch dnsAnswers = new CountDownLatch(1);
        HostResolver slowDns = new HostResolver(host -> {
            try {
                dnsAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return InetAddress.getLoopbackAddress();
        });
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        UpstreamClient client = new UpstreamClient(group, NioSocketChannel.class, UpstreamSettings.defaults(), slowDns);
        try (TestUpstream upstream =
                TestUpstream.serving(r -> response(200, r.header("Host").get(0)))) {
            EventLoop loop = group.next();
            CompletableFuture<UpstreamResponse> byName =
                    client.execute(get(URI.create("http://upstream.example:" + upstream.port() + "/")), loop);

            // the only loop is free while the lookup waits: a request by IP literal goes through
            UpstreamResponse byAddress =
                    client.execute(get(upstream.uri("/")), loop).get(5, TimeUnit.SECONDS);
            assertThat(text(byAddress)).isEqualTo("127.0.0.1:" + upstream.port());
            assertThat(byName).isNotDone();

            dnsAnswers.countDown();
            assertThat(text(byName.get(5, TimeUnit.SECONDS))).isEqualTo("upstream.example:" + upstream.port());
        } finally {
            dnsAnswers.countDown();
            client.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
