package io.turnpike.dataplane.integration.http;

import static io.turnpike.dataplane.integration.http.ClientFixture.get;
import static io.turnpike.dataplane.integration.http.ClientFixture.request;
import static io.turnpike.dataplane.integration.http.ClientFixture.text;
import static io.turnpike.dataplane.integration.http.TestUpstream.eventually;
import static io.turnpike.dataplane.integration.http.TestUpstream.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.dataplane.LeakCheck;
import io.turnpike.dataplane.integration.http.UpstreamException.Kind;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Slow, resetting, refusing, garbage-speaking and oversized upstreams, and what kind of failure each is. */
@ExtendWith(LeakCheck.class)
class UpstreamFailureTest {

    private static ClientFixture fixture;

    @BeforeAll
    static void start() {
        fixture = ClientFixture.best(1, ClientFixture.settings(Duration.ofSeconds(30), 64, 1000));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aSlowUpstreamTimesOutAndItsConnectionIsClosed() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.awaitClientClose();
        })) {
            long start = System.nanoTime();
            UpstreamException failure =
                    fixture.failure(request("GET", upstream.uri("/slow"), "", Duration.ofMillis(300)));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(failure.getMessage()).contains("300 ms");
            assertThat(took).isBetween(280L, 3000L);
            assertThat(eventually(2000, () -> upstream.clientCloses() == 1)).isTrue();
        }
    }

    @Test
    void aLateAnswerAfterATimeoutIsNeverGivenToTheNextRequest() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            for (TestUpstream.Request r = c.read(); r != null; r = c.read()) {
                if (r.target().equals("/slow")) {
                    Thread.sleep(500);
                }
                c.write(response(200, r.target()));
            }
        })) {
            assertThat(fixture.failure(request("GET", upstream.uri("/slow"), "", Duration.ofMillis(200)))
                            .kind())
                    .isEqualTo(Kind.TIMEOUT);

            assertThat(text(fixture.call(get(upstream.uri("/fast"))))).isEqualTo("/fast");
            assertThat(upstream.connections()).isEqualTo(2);
        }
    }

    @Test
    void aTimeoutCoversATrickleOfBytesToo() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
            for (int i = 0; i < 100; i++) {
                c.write("x");
                Thread.sleep(50);
            }
        })) {
            UpstreamException failure = fixture.failure(request("GET", upstream.uri("/"), "", Duration.ofMillis(400)));

            assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
        }
    }

    @Test
    void aResetBeforeTheResponseIsReset() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.reset();
        })) {
            UpstreamException failure = fixture.failure(get(upstream.uri("/")));

            assertThat(failure.kind()).isEqualTo(Kind.RESET);
        }
    }

    @Test
    void aResetInTheMiddleOfTheBodyIsReset() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
            Thread.sleep(50);
            c.reset();
        })) {
            UpstreamException failure = fixture.failure(get(upstream.uri("/")));

            assertThat(failure.kind()).isEqualTo(Kind.RESET);
        }
    }

    @Test
    void aCloseInTheMiddleOfAContentLengthBodyIsReset() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
            c.socket.shutdownOutput();
            c.awaitClientClose();
        })) {
            UpstreamException failure = fixture.failure(get(upstream.uri("/")));

            assertThat(failure.kind()).isEqualTo(Kind.RESET);
        }
    }

    @Test
    void aCloseInTheMiddleOfAChunkedBodyIsReset() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
            c.socket.shutdownOutput();
            c.awaitClientClose();
        })) {
            UpstreamException failure = fixture.failure(get(upstream.uri("/")));

            assertThat(failure.kind()).isEqualTo(Kind.RESET);
        }
    }

    @Test
    void aRefusedPortIsConnectFailed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }

        UpstreamException failure = fixture.failure(get(URI.create("http://127.0.0.1:" + port + "/")));

        assertThat(failure.kind()).isEqualTo(Kind.CONNECT_FAILED);
        assertThat(failure.getCause()).isInstanceOf(ConnectException.class);
    }

    @Test
    void anUnresolvableHostIsConnectFailed() {
        UpstreamException failure = fixture.failure(get(URI.create("http://no-such-host.invalid/")));

        assertThat(failure.kind()).isEqualTo(Kind.CONNECT_FAILED);
        assertThat(failure.getMessage()).contains("no-such-host.invalid");
    }

    @Test
    void anUpstreamSpeakingAnotherProtocolIsAProtocolError() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.write("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
            c.awaitClientClose();
        })) {
            UpstreamException failure = fixture.failure(get(upstream.uri("/")));

            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
        }
    }

    @Test
    void binaryGarbageThenACloseIsAProtocolError() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46}); // a TLS alert, as a TLS port answers
            c.socket.shutdownOutput();
            c.awaitClientClose();
        })) {
            UpstreamException failure = fixture.failure(get(upstream.uri("/")));

            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
        }
    }

    @Test
    void anUnparsableChunkSizeIsAProtocolError() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
            c.awaitClientClose();
        })) {
            UpstreamException failure = fixture.failure(get(upstream.uri("/")));

            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
        }
    }

    @Test
    void anUnaskedProtocolSwitchIsAProtocolError() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.write(
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0002hi");
            c.awaitClientClose();
        })) {
            UpstreamException failure = fixture.failure(get(upstream.uri("/")));

            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
        }
    }

    @Test
    void aDeclaredLengthOverTheLimitFailsWithoutReadingTheBody() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 5000000\r\n\r\n");
            c.awaitClientClose(); // never sends the body: the client must not wait for it
        })) {
            UpstreamException failure = fixture.failure(get(upstream.uri("/")));

            assertThat(failure.kind()).isEqualTo(Kind.RESPONSE_TOO_LARGE);
            assertThat(failure.getMessage()).contains("1000 bytes");
            assertThat(eventually(2000, () -> upstream.clientCloses() == 1)).isTrue();
        }
    }

    @Test
    void aChunkedBodyGrowingOverTheLimitFails() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            String part = "x".repeat(300);
            for (int i = 0; i < 4; i++) {
                c.write(Integer.toHexString(part.length()) + "\r\n" + part + "\r\n");
            }
            c.write("0\r\n\r\n");
            c.awaitClientClose();
        })) {
            UpstreamException failure = fixture.failure(get(upstream.uri("/")));

            assertThat(failure.kind()).isEqualTo(Kind.RESPONSE_TOO_LARGE);
        }
    }

    @Test
    void aBodyDelimitedByCloseGrowingOverTheLimitFails() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\n\r\n" + "y".repeat(1500));
            c.socket.shutdownOutput();
            c.awaitClientClose();
        })) {
            UpstreamException failure = fixture.failure(get(upstream.uri("/")));

            assertThat(failure.kind()).isEqualTo(Kind.RESPONSE_TOO_LARGE);
        }
    }

    @Test
    void anEnormousHeaderBlockIsTooLarge() throws Exception {
        try (TestUpstream upstream = TestUpstream.start(c -> {
            c.read();
            StringBuilder headers = new StringBuilder("HTTP/1.1 200 OK\r\n");
            for (int i = 0; i < 100; i++) {
                headers.append("X-Filler-")
                        .append(i)
                        .append(": ")
                        .append("z".repeat(1000))
                        .append("\r\n");
            }
            c.write(headers + "Content-Length: 0\r\n\r\n");
            c.awaitClientClose();
        })) {
            UpstreamException failure = fixture.failure(get(upstream.uri("/")));

            assertThat(failure.kind()).isEqualTo(Kind.RESPONSE_TOO_LARGE);
        }
    }

    @Test
    void uriProblemsAreInvalidUri() {
        for (String uri :
                List.of("ftp://example.com/file", "http:relative", "http://example.com:99999/", "/just/a/path")) {
            UpstreamException failure = fixture.failure(get(URI.create(uri)));

            assertThat(failure.kind()).as(uri).isEqualTo(Kind.INVALID_URI);
            assertThat(failure.getMessage()).as(uri).contains(uri);
        }
    }

    @Test
    void failuresCarryNoStackTraceOfTheirOwn() {
        UpstreamException failure = fixture.failure(get(URI.create("ftp://example.com/")));

        assertThat(failure.getStackTrace()).isEmpty();
    }

    @Test
    void theClientKeepsWorkingAfterEveryKindOfFailure() throws Exception {
        try (TestUpstream upstream = TestUpstream.serving(r -> response(200, "still here"))) {
            assertThat(text(fixture.call(get(upstream.uri("/"))))).isEqualTo("still here");
        }
    }

    @Test
    void aClosedClientRefusesNewRequests() throws Exception {
        try (ClientFixture own = ClientFixture.best(1, UpstreamSettings.defaults());
                TestUpstream upstream = TestUpstream.serving(r -> response(200, "ok"))) {
            own.call(get(upstream.uri("/")));
            own.client.close();

            assertThat(own.failure(get(upstream.uri("/"))).kind()).isEqualTo(Kind.CONNECT_FAILED);
            assertThat(eventually(2000, () -> upstream.clientCloses() == 1)).isTrue();
        }
    }
}
