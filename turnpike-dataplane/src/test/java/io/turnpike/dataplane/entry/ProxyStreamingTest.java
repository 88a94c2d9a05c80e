package io.turnpike.dataplane.entry;

import static io.turnpike.dataplane.entry.ProxyFixture.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.dataplane.LeakCheck;
import io.turnpike.dataplane.entry.ProxyFixture.Client;
import io.turnpike.dataplane.entry.ProxyFixture.End;
import io.turnpike.dataplane.entry.ProxyFixture.Head;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code HTTP_PROXY} end to end with real sockets on both sides: bodies stream through the gateway in
 * both directions, with backpressure, AWS's limits and failure answers.
 */
@ExtendWith(LeakCheck.class)
class ProxyStreamingTest {

    private static final int TEN_MB = 10 * 1024 * 1024;

    private ProxyFixture fixture;

    private ProxyFixture start(int timeoutMs, String mode) throws Exception {
        fixture = new ProxyFixture(timeoutMs, mode, false);
        return fixture;
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static String head(String method, String path, String... lines) {
        StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n");
        for (String l : lines) {
            b.append(l).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void theUpstreamSeesTheFirstChunkAndAnswersBeforeTheClientSendsTheRest() throws Exception {
        start(29_000, "STREAM");
        try (Client client = fixture.client()) {
            client.send(head("POST", "/prod/echo?a=1", "Transfer-Encoding: chunked", "Content-Type: text/plain"));
            client.sendChunk("first,");

            End up = fixture.upstream.accept();
            Head req = up.head();
            assertThat(req.line()).isEqualTo("POST /echo?a=1 HTTP/1.1");
            assertThat(req.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(req.header("host")).isEqualTo("127.0.0.1:" + fixture.upstream.port());
            assertThat(req.header("x-amzn-apigateway-api-id")).isEqualTo(ProxyFixture.API);
            assertThat(req.header("x-amzn-trace-id")).startsWith("Root=1-");
            assertThat(req.header("content-type")).isEqualTo("text/plain");
            assertThat(text(up.chunk())).isEqualTo("first,");

            // the upstream answers with its first chunk while the client is still uploading
            up.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nServer: up/1\r\nX-Up: yes\r\n\r\n");
            up.sendChunk("one,");
            Head res = client.head();
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.header("x-amzn-requestid")).matches("[0-9a-f-]{36}");
            assertThat(res.header("x-amz-apigw-id")).isNotBlank();
            assertThat(res.header("x-amzn-remapped-server")).isEqualTo("up/1");
            assertThat(res.header("x-up")).isEqualTo("yes");
            assertThat(res.header("x-amzn-trace-id")).isNull(); // not on HTTP_PROXY answers (spec §16)
            assertThat(text(client.chunk())).isEqualTo("one,");

            client.sendChunk("second");
            client.endChunks();
            assertThat(text(up.chunk())).isEqualTo("second");
            assertThat(up.chunk()).isEmpty();
            up.sendChunk("two");
            up.endChunks();
            assertThat(text(client.chunk())).isEqualTo("two");
            assertThat(client.chunk()).isEmpty();

            // the connection carries the next request, on the pooled upstream connection
            client.send(head("GET", "/prod/again"));
            Head again = up.head();
            assertThat(again.line()).isEqualTo("GET /again HTTP/1.1");
            up.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            Head r2 = client.head();
            assertThat(text(client.body(r2))).isEqualTo("ok");
            assertThat(r2.header("x-amzn-remapped-content-length")).isEqualTo("2");
            assertThat(fixture.upstream.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void aContentLengthBodyIsForwardedWithItsLength() throws Exception {
        start(29_000, null);
        byte[] body = new byte[300_000];
        Arrays.fill(body, (byte) 'x');
        try (Client client = fixture.client()) {
            client.send(head("PUT", "/prod/put", "Content-Length: " + body.length, "Expect: 100-continue"));
            Head cont = client.head();
            assertThat(cont.status()).isEqualTo(100);
            client.out.write(body);
            client.out.flush();
            End up = fixture.upstream.accept();
            Head req = up.head();
            assertThat(req.header("content-length")).isEqualTo(Integer.toString(body.length));
            assertThat(req.header("expect")).isNull();
            assertThat(up.body(req)).isEqualTo(body);
            up.send("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
            Head res = client.head();
            assertThat(res.status()).isEqualTo(201);
            assertThat(res.header("content-length")).isEqualTo("0");
        }
    }

    @Test
    void a50MegabyteResponseStreamsThroughWhenTheIntegrationStreams() throws Exception {
        start(29_000, "STREAM");
        long size = 50L * 1024 * 1024;
        try (Client client = fixture.client()) {
            client.send(head("GET", "/prod/big"));
            End up = fixture.upstream.accept();
            up.head();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(up.out, size, "Content-Length"));
            Head res = client.head();
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.header("content-length")).isEqualTo(Long.toString(size));
            assertThat(drainCounting(client, size)).isEqualTo(size);
            writer.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBufferedIntegrationRefusesAResponseOver10MegabytesBeforeItStarts() throws Exception {
        start(29_000, null);
        try (Client client = fixture.client()) {
            client.send(head("GET", "/prod/big"));
            End up = fixture.upstream.accept();
            up.head();
            up.send("HTTP/1.1 200 OK\r\nContent-Length: " + (TEN_MB + 1) + "\r\n\r\n");
            Head res = client.head();
            assertThat(res.status()).isEqualTo(504);
            assertThat(res.header("x-amzn-errortype")).isEqualTo("InternalServerErrorException");
            assertThat(text(client.body(res))).isEqualTo("{\"message\":\"Internal server error\"}");
        }
    }

    @Test
    void aBufferedIntegrationRefusesAChunkedResponseThatGrowsPast10Megabytes() throws Exception {
        start(29_000, null);
        try (Client client = fixture.client()) {
            client.send(head("GET", "/prod/big"));
            End up = fixture.upstream.accept();
            up.head();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(up.out, 3L * TEN_MB, "chunked"));
            Head res = client.head();
            assertThat(res.status()).isEqualTo(504);
            assertThat(res.header("x-amzn-errortype")).isEqualTo("InternalServerErrorException");
            assertThat(text(client.body(res))).isEqualTo("{\"message\":\"Internal server error\"}");
            writer.handle((v, f) -> null).get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBufferedIntegrationAnswersWithTheWholeResponseAndItsLength() throws Exception {
        start(29_000, null);
        try (Client client = fixture.client()) {
            client.send(head("GET", "/prod/chunks"));
            End up = fixture.upstream.accept();
            up.head();
            up.send("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nX-Up: 1\r\n\r\n");
            up.sendChunk("one,");
            up.sendChunk("two");
            up.endChunks();
            Head res = client.head();
            assertThat(res.status()).isEqualTo(201);
            assertThat(res.header("content-length")).isEqualTo("7");
            assertThat(res.header("transfer-encoding")).isNull();
            assertThat(res.header("x-up")).isEqualTo("1");
            assertThat(text(client.body(res))).isEqualTo("one,two");
        }
    }

    @Test
    void aBufferedIntegrationAnswers504WhenTheUpstreamGoesAwayMidResponse() throws Exception {
        start(29_000, null);
        try (Client client = fixture.client()) {
            client.send(head("GET", "/prod/half"));
            End up = fixture.upstream.accept();
            up.head();
            up.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
            up.close();
            Head res = client.head();
            assertThat(res.status()).isEqualTo(504);
            assertThat(text(client.body(res))).isEqualTo("{\"message\":\"Internal server error\"}");
        }
    }

    @Test
    void aSlowClientPausesTheUpstreamInsteadOfFillingMemory() throws Exception {
        start(29_000, "STREAM");
        long size = 200L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        try (Client client = fixture.client()) {
            client.socket.setReceiveBufferSize(64 * 1024);
            client.send(head("GET", "/prod/slow-consumer"));
            End up = fixture.upstream.accept();
            up.socket.setSendBufferSize(64 * 1024);
            up.head();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    up.send("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n");
                    byte[] block = new byte[16 * 1024];
                    for (long sent = 0; sent < size; sent += block.length) {
                        up.out.write(block);
                        written.addAndGet(block.length);
                    }
                    up.out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Head res = client.head();
            assertThat(res.status()).isEqualTo(200);
            // the client reads nothing more: the upstream's writes must come to a stop
            assertThat(whenStill(written))
                    .as("bytes the upstream got rid of while the client read nothing")
                    .isLessThan(40L * 1024 * 1024);
            // and resume once the client reads
            assertThat(drainCounting(client, size)).isEqualTo(size);
            writer.get(20, TimeUnit.SECONDS);
            assertThat(written.get()).isEqualTo(size);
        }
    }

    @Test
    void aSlowUpstreamPausesTheClientsUploadInsteadOfFillingMemory() throws Exception {
        start(29_000, null);
        // small chunks: one read from the client holds many, so some arrive after the upstream is paused
        int chunk = 1024;
        long size = DataPlaneServer.MAX_BODY_BYTES;
        byte[] frame = new byte[chunk + 8];
        byte[] prefix = (Integer.toHexString(chunk) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        Arrays.fill(frame, prefix.length, prefix.length + chunk, (byte) 'x');
        frame[prefix.length + chunk] = '\r';
        frame[prefix.length + chunk + 1] = '\n';
        int frameLength = prefix.length + chunk + 2;
        AtomicLong written = new AtomicLong();
        try (Client client = fixture.client()) {
            client.socket.setSendBufferSize(64 * 1024);
            client.send(head("PUT", "/prod/slow-reader", "Transfer-Encoding: chunked"));
            End up = fixture.upstream.accept();
            up.socket.setReceiveBufferSize(64 * 1024);
            assertThat(up.head().header("transfer-encoding")).isEqualTo("chunked");
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (long sent = 0; sent < size; sent += chunk) {
                        client.out.write(frame, 0, frameLength);
                        written.addAndGet(chunk);
                    }
                    client.endChunks();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // the upstream reads nothing more: the client's writes must come to a stop
            // (socket buffers on both sides take a few MB of it)
            assertThat(whenStill(written))
                    .as("bytes the client got rid of while the upstream read nothing")
                    .isLessThan(size);
            // and resume once the upstream reads: every byte arrives, in order
            long got = 0;
            long other = 0;
            byte[] part;
            while ((part = up.chunk()).length > 0) {
                for (byte b : part) {
                    other += b == 'x' ? 0 : 1;
                }
                got += part.length;
            }
            assertThat(got).isEqualTo(size);
            assertThat(other).as("bytes that are not the client's").isZero();
            writer.get(20, TimeUnit.SECONDS);
            up.send("HTTP/1.1 204 No Content\r\n\r\n");
            assertThat(client.head().status()).isEqualTo(204);
        }
    }

    @Test
    void aClientThatGoesAwayMidUploadClosesTheUpstreamConnection() throws Exception {
        start(29_000, null);
        Client client = fixture.client();
        client.send(head("POST", "/prod/upload", "Transfer-Encoding: chunked"));
        client.sendChunk("part");
        End up = fixture.upstream.accept();
        up.head();
        assertThat(text(up.chunk())).isEqualTo("part");
        client.close();
        assertThat(up.closedByPeer()).isTrue();
        // a new request gets a new upstream connection: the aborted one was not pooled
        try (Client next = fixture.client()) {
            next.send(head("GET", "/prod/next"));
            End up2 = fixture.upstream.accept();
            up2.head();
            up2.send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            assertThat(next.head().status()).isEqualTo(200);
        }
        assertThat(fixture.upstream.connections.get()).isEqualTo(2);
    }

    @Test
    void anUpstreamThatGoesAwayMidResponseClosesTheClientConnection() throws Exception {
        start(29_000, "STREAM");
        try (Client client = fixture.client()) {
            client.send(head("GET", "/prod/half"));
            End up = fixture.upstream.accept();
            up.head();
            up.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
            Head res = client.head();
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.header("content-length")).isEqualTo("100");
            byte[] got = client.in.readNBytes(10);
            assertThat(text(got)).isEqualTo("0123456789");
            up.close();
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void anUpstreamThatAnswersBeforeTheBodyEndsGetsItsConnectionClosedAndTheClientsConnectionLives() throws Exception {
        start(29_000, "STREAM");
        try (Client client = fixture.client()) {
            client.send(head("POST", "/prod/upload", "Transfer-Encoding: chunked"));
            client.sendChunk("part");
            End up1 = fixture.upstream.accept();
            up1.head();
            assertThat(text(up1.chunk())).isEqualTo("part");
            up1.send("HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\nno");
            Head res = client.head();
            assertThat(res.status()).isEqualTo(400);
            assertThat(text(client.body(res))).isEqualTo("no");
            // the upstream did not read the whole request: its connection cannot carry another one
            assertThat(up1.closedByPeer()).isTrue();

            // the rest of the body is read and dropped; the client's connection carries the next request
            client.sendChunk("rest");
            client.endChunks();
            client.send(head("GET", "/prod/next"));
            End up2 = fixture.upstream.accept();
            assertThat(up2.head().line()).isEqualTo("GET /next HTTP/1.1");
            up2.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            assertThat(text(client.body(client.head()))).isEqualTo("ok");
        }
    }

    @Test
    void aContentLengthOver10MegabytesGets413WithoutContactingTheUpstream() throws Exception {
        start(29_000, null);
        try (Client client = fixture.client()) {
            client.send(head("POST", "/prod/too-big", "Content-Length: " + (TEN_MB + 1)));
            Head res = client.head();
            assertThat(res.status()).isEqualTo(413);
            assertThat(text(client.body(res))).isEqualTo("HTTP content length exceeded 10485760 bytes.");
        }
        assertThat(fixture.upstream.connections.get()).isZero();
    }

    @Test
    void aChunkedBodyThatGrowsPast10MegabytesGets413AndTheUpstreamConnectionIsClosed() throws Exception {
        start(29_000, null);
        try (Client client = fixture.client()) {
            client.send(head("POST", "/prod/too-big", "Transfer-Encoding: chunked"));
            CompletableFuture<Void> uploader = CompletableFuture.runAsync(() -> {
                byte[] block = new byte[64 * 1024];
                try {
                    for (int sent = 0; sent <= TEN_MB + block.length; sent += block.length) {
                        client.sendChunk(block);
                    }
                    client.endChunks();
                } catch (IOException e) {
                    // the gateway hung up: expected once it answered
                }
            });
            End up = fixture.upstream.accept();
            CompletableFuture<Boolean> upstreamClosed = CompletableFuture.supplyAsync(() -> {
                try {
                    up.head();
                    return up.closedByPeer();
                } catch (IOException e) {
                    return true;
                }
            });
            Head res = client.head();
            assertThat(res.status()).isEqualTo(413);
            assertThat(text(client.body(res))).isEqualTo("HTTP content length exceeded 10485760 bytes.");
            assertThat(upstreamClosed.get(20, TimeUnit.SECONDS)).isTrue();
            uploader.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUpstreamThatDoesNotAnswerInTimeGets504() throws Exception {
        start(300, null);
        try (Client client = fixture.client()) {
            client.send(head("GET", "/prod/never"));
            End up = fixture.upstream.accept();
            up.head();
            Head res = client.head();
            assertThat(res.status()).isEqualTo(504);
            assertThat(res.header("x-amzn-errortype")).isEqualTo("InternalServerErrorException");
            assertThat(text(client.body(res))).isEqualTo("{\"message\":\"Endpoint request timed out\"}");
            assertThat(up.closedByPeer()).isTrue(); // a timed-out exchange's connection is not pooled
        }
    }

    @Test
    void aBufferedIntegrationsTimeoutCoversTheWholeResponse() throws Exception {
        start(300, null);
        try (Client client = fixture.client()) {
            client.send(head("GET", "/prod/stalls"));
            End up = fixture.upstream.accept();
            up.head();
            up.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234"); // and the rest never comes
            Head res = client.head();
            assertThat(res.status()).isEqualTo(504);
            assertThat(text(client.body(res))).isEqualTo("{\"message\":\"Endpoint request timed out\"}");
            assertThat(up.closedByPeer()).isTrue();
        }
    }

    @Test
    void aStreamingIntegrationsTimeoutEndsWithTheResponseHead() throws Exception {
        start(300, "STREAM");
        try (Client client = fixture.client()) {
            client.send(head("GET", "/prod/slow-body"));
            End up = fixture.upstream.accept();
            up.head();
            up.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            up.sendChunk("early,");
            Head res = client.head();
            assertThat(res.status()).isEqualTo(200);
            assertThat(text(client.chunk())).isEqualTo("early,");
            Thread.sleep(600); // twice the timeout, which no longer applies once the head went out
            up.sendChunk("late");
            up.endChunks();
            assertThat(text(client.chunk())).isEqualTo("late");
            assertThat(client.chunk()).isEmpty();
        }
    }

    @Test
    void anUnreachableUpstreamGetsTheIntegrationFailure() throws Exception {
        start(29_000, null);
        fixture.upstream.close(); // nothing listens on the port any more
        try (Client client = fixture.client()) {
            client.send(head("GET", "/prod/nobody"));
            Head res = client.head();
            assertThat(res.status()).isEqualTo(504);
            assertThat(res.header("x-amzn-errortype")).isEqualTo("InternalServerErrorException");
            assertThat(text(client.body(res))).isEqualTo("{\"message\":\"Internal server error\"}");
        }
    }

    @Test
    void pipelinedStreamedRequestsAreAnsweredInOrder() throws Exception {
        start(29_000, null);
        try (Client client = fixture.client()) {
            client.send(head("GET", "/prod/one") + head("GET", "/prod/two"));
            End up = fixture.upstream.accept();
            assertThat(up.head().line()).isEqualTo("GET /one HTTP/1.1");
            up.send("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none");
            assertThat(up.head().line()).isEqualTo("GET /two HTTP/1.1");
            up.send("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo");
            Head first = client.head();
            assertThat(text(client.body(first))).isEqualTo("one");
            Head second = client.head();
            assertThat(text(client.body(second))).isEqualTo("two");
        }
    }

    @Test
    void aGetThatMeetsAStaleConnectionIsSentAgainOnAFreshOne() throws Exception {
        start(29_000, null);
        try (Client client = fixture.client()) {
            client.send(head("GET", "/prod/a"));
            End up1 = fixture.upstream.accept();
            up1.head();
            up1.send("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na");
            assertThat(text(client.body(client.head()))).isEqualTo("a");

            client.send(head("GET", "/prod/b"));
            assertThat(up1.head().line()).isEqualTo("GET /b HTTP/1.1");
            up1.close(); // the upstream had given up on the idle connection
            End up2 = fixture.upstream.accept();
            assertThat(up2.head().line()).isEqualTo("GET /b HTTP/1.1");
            up2.send("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb");
            Head res = client.head();
            assertThat(res.status()).isEqualTo(200);
            assertThat(text(client.body(res))).isEqualTo("b");
        }
        assertThat(fixture.upstream.connections.get()).isEqualTo(2);
    }

    @Test
    void aRequestWhoseBodyHasStartedToFlowIsNotSentAgain() throws Exception {
        start(29_000, null);
        try (Client client = fixture.client()) {
            client.send(head("GET", "/prod/a"));
            End up1 = fixture.upstream.accept();
            up1.head();
            up1.send("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na");
            assertThat(text(client.body(client.head()))).isEqualTo("a");

            // PUT is idempotent, but its body went out and is not kept, so it cannot be sent again
            client.send(head("PUT", "/prod/b", "Transfer-Encoding: chunked"));
            client.sendChunk("part");
            assertThat(up1.head().line()).isEqualTo("PUT /b HTTP/1.1");
            assertThat(text(up1.chunk())).isEqualTo("part");
            up1.close();
            Head res = client.head();
            assertThat(res.status()).isEqualTo(504);
            assertThat(res.header("x-amzn-errortype")).isEqualTo("InternalServerErrorException");
            assertThat(text(client.body(res))).isEqualTo("{\"message\":\"Internal server error\"}");

            // the rest of the body is read and dropped, and the connection serves the next request
            client.sendChunk("rest");
            client.endChunks();
            client.send(head("GET", "/prod/c"));
            End up2 = fixture.upstream.accept();
            assertThat(up2.head().line()).isEqualTo("GET /c HTTP/1.1");
            up2.send("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nc");
            assertThat(text(client.body(client.head()))).isEqualTo("c");
        }
        assertThat(fixture.upstream.connections.get()).isEqualTo(2);
    }

    @Test
    void aMethodThatValidatesItsBodyIsStillServedBuffered() throws Exception {
        fixture = new ProxyFixture(29_000, null, true);
        try (Client client = fixture.client()) {
            client.send(head("POST", "/prod/checked", "Content-Type: application/json", "Content-Length: 3") + "[1]");
            Head res = client.head();
            assertThat(res.status()).isEqualTo(400);
            assertThat(text(client.body(res))).isEqualTo("{\"message\":\"Invalid request body\"}");
        }
        assertThat(fixture.upstream.connections.get()).isZero();
    }

    @Test
    void http2StreamsBothWaysToo() throws Exception {
        start(29_000, "STREAM");
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2)
                .build();
        String base = "http://127.0.0.1:" + fixture.address.getPort() + "/restapis/" + ProxyFixture.API
                + "/prod/_user_request_";
        // the first request upgrades the connection (h2c) and is answered on stream 1
        CompletableFuture<java.net.http.HttpResponse<String>> first = http.sendAsync(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/hello"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        End up = fixture.upstream.accept();
        assertThat(up.head().line()).isEqualTo("GET /hello HTTP/1.1");
        up.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
        java.net.http.HttpResponse<String> r1 = first.get(20, TimeUnit.SECONDS);
        assertThat(r1.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        assertThat(r1.body()).isEqualTo("hi");

        java.io.PipedOutputStream upload = new java.io.PipedOutputStream();
        java.io.PipedInputStream source = new java.io.PipedInputStream(upload, 64 * 1024);
        CompletableFuture<java.net.http.HttpResponse<java.io.InputStream>> second = http.sendAsync(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/echo"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> source))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        upload.write("first,".getBytes(StandardCharsets.UTF_8));
        upload.flush();
        Head req = up.head();
        assertThat(req.line()).isEqualTo("POST /echo HTTP/1.1");
        assertThat(req.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(text(up.chunk())).isEqualTo("first,");

        // (the JDK's client reads no answer before it has sent the whole request)
        upload.write("second".getBytes(StandardCharsets.UTF_8));
        upload.close();
        assertThat(text(up.chunk())).isEqualTo("second");
        assertThat(up.chunk()).isEmpty();
        up.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        up.sendChunk("one,");
        java.net.http.HttpResponse<java.io.InputStream> r2 = second.get(20, TimeUnit.SECONDS);
        assertThat(r2.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        assertThat(r2.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(text(r2.body().readNBytes(4))).isEqualTo("one,");
        up.sendChunk("two");
        up.endChunks();
        assertThat(text(r2.body().readAllBytes())).isEqualTo("two");
        assertThat(fixture.upstream.connections.get()).isEqualTo(1);
    }

    @Test
    void anUpstreamThatGoesAwayMidResponseResetsTheHttp2Stream() throws Exception {
        start(29_000, "STREAM");
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2)
                .build();
        String base = "http://127.0.0.1:" + fixture.address.getPort() + "/restapis/" + ProxyFixture.API
                + "/prod/_user_request_";
        CompletableFuture<java.net.http.HttpResponse<java.io.InputStream>> res = http.sendAsync(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/half"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        End up = fixture.upstream.accept();
        up.head();
        up.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
        java.net.http.HttpResponse<java.io.InputStream> r = res.get(20, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r.body().readNBytes(10))).isEqualTo("0123456789");
        up.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.body().readAllBytes())
                .isInstanceOf(IOException.class);
    }

    @Test
    void anHttp2BodyThatGrowsPast10MegabytesGets413() throws Exception {
        start(29_000, null);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2)
                .build();
        String base = "http://127.0.0.1:" + fixture.address.getPort() + "/restapis/" + ProxyFixture.API
                + "/prod/_user_request_";
        // upgrade first (h2c), so that the upload itself goes on an HTTP/2 stream
        CompletableFuture<java.net.http.HttpResponse<String>> first = http.sendAsync(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/hello"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        End up = fixture.upstream.accept();
        up.head();
        up.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
        assertThat(first.get(20, TimeUnit.SECONDS).version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);

        byte[] big = new byte[TEN_MB + 64 * 1024];
        CompletableFuture<java.net.http.HttpResponse<String>> upload = http.sendAsync(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/upload"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(big))) // no length: sent as it is read
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        CompletableFuture<Boolean> upstreamClosed = CompletableFuture.supplyAsync(() -> {
            try {
                up.head();
                return up.closedByPeer();
            } catch (IOException e) {
                return true;
            }
        });
        java.net.http.HttpResponse<String> r = upload.get(20, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("HTTP content length exceeded 10485760 bytes.");
        assertThat(upstreamClosed.get(20, TimeUnit.SECONDS)).isTrue();
    }

    // ---- helpers ----

    /** Writes a response of {@code size} bytes with the given framing from an upstream thread. */
    private static void write(OutputStream out, long size, String framing) {
        try {
            boolean chunked = framing.equals("chunked");
            out.write(("HTTP/1.1 200 OK\r\n" + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + size)
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] block = new byte[64 * 1024];
            for (int i = 0; i < block.length; i++) {
                block[i] = (byte) i;
            }
            for (long sent = 0; sent < size; sent += block.length) {
                if (chunked) {
                    out.write((Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write(block);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The count once it has stopped growing (unchanged over 300 ms). */
    private static long whenStill(AtomicLong count) throws InterruptedException {
        long before;
        do {
            before = count.get();
            Thread.sleep(300);
        } while (count.get() != before);
        return before;
    }

    private static long drainCounting(End end, long expected) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        while (total < expected) {
            int n = end.in.read(buf, 0, (int) Math.min(buf.length, expected - total));
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
