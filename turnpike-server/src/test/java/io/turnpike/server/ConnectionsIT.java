package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;

/**
 * The data-plane port as clients meet it, against the real jar: HTTP/2 by {@code Upgrade: h2c} (the
 * JDK's HTTP client) and by prior knowledge (a Netty client), streams served side by side, HTTP/1.1
 * pipelining in order, AWS's limits on both protocols, and connections that are closed when idle or
 * when a client stops half way through a request.
 *
 * <p>The timeout checks need the real timeouts (75 s idle, 30 s to send a request), so their
 * connections are opened first and examined by the last test, while the others run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionsIT {

    private static final int STREAMS = 8;

    @TempDir
    static Path dataDir;

    static TurnpikeProcess turnpike;
    static ApiGatewayClient api;
    static Upstream upstream;
    static Barrier barrier;
    static EventLoopGroup nettyGroup;
    static ExecutorService watchers;
    static String apiId;
    static String host;

    static CompletableFuture<Long> idleHttp1Closed;
    static CompletableFuture<TimedAnswer> halfSentAnswered;
    static CompletableFuture<Long> idleHttp2Closed;
    static H2 idleHttp2;

    record Answer(int status, Map<String, String> headers, String body) {}

    record TimedAnswer(String raw, long afterMillis) {}

    @BeforeAll
    static void start() throws Exception {
        turnpike = TurnpikeProcess.start(dataDir);
        api = turnpike.client();
        upstream = new Upstream();
        barrier = new Barrier(STREAMS);
        nettyGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        watchers = Executors.newCachedThreadPool();

        apiId = api.createRestApi(r -> r.name("connections")).id();
        host = apiId + ".execute-api.localhost:" + turnpike.port;
        String root = api.getResources(r -> r.restApiId(apiId)).items().get(0).id();
        mock(resource(root, "fast"), "{\"fast\": true}");
        proxy(resource(root, "slow"), upstream.base() + "/slow/400");
        proxy(resource(root, "barrier"), barrier.base() + "/");
        String echo = resource(root, "echo");
        proxy(resource(echo, "{proxy+}"), upstream.base() + "/echo/{proxy}");
        api.createDeployment(r -> r.restApiId(apiId).stageName("prod"));
        for (int i = 0; i < 200 && http1("GET", "/prod/fast", null).statusCode() != 200; i++) {
            Thread.sleep(25);
        }

        // the timeout checks run in the background from here; see idleAndHalfSentConnectionsAreClosed
        idleHttp1Closed = watchIdleHttp1();
        halfSentAnswered = watchHalfSentRequest();
        idleHttp2 = H2.connect(nettyGroup, turnpike.port);
        assertThat(idleHttp2.send(get("/prod/fast")).get(10, TimeUnit.SECONDS).status())
                .isEqualTo(200);
        long answered = System.nanoTime();
        idleHttp2Closed = new CompletableFuture<>();
        idleHttp2.channel.closeFuture().addListener(f -> idleHttp2Closed.complete(millisSince(answered)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (idleHttp2 != null) {
            idleHttp2.channel.close();
        }
        if (nettyGroup != null) {
            nettyGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (watchers != null) {
            watchers.shutdownNow();
        }
        if (api != null) {
            api.close();
        }
        if (turnpike != null) {
            turnpike.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (barrier != null) {
            barrier.close();
        }
    }

    // ---- HTTP/2 ----

    @Test
    @Order(1)
    void theJdkClientUpgradesToH2cAndStaysOnHttp2() throws Exception {
        HttpClient h2c =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        // the first request carries "Upgrade: h2c" and a body; it is answered on stream 1
        HttpResponse<String> first = h2c.send(
                HttpRequest.newBuilder(pathStyle("/echo/first"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"path\":\"/echo/first\"").contains("\"body\":\"{\\\"n\\\":1}\"");
        assertThat(first.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(first.headers().firstValue("connection")).isEmpty();

        List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            more.add(h2c.sendAsync(
                    HttpRequest.newBuilder(pathStyle("/fast")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : more) {
            HttpResponse<String> r = f.get(20, TimeUnit.SECONDS);
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(r.body()).isEqualTo("{\"fast\": true}");
        }

        // a Host override travels beside :authority on HTTP/2; host-style addressing still works
        HttpResponse<String> hostStyle = h2c.send(
                HttpRequest.newBuilder(URI.create(turnpike.dataEndpoint() + "/prod/fast"))
                        .header("Host", host)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(hostStyle.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(hostStyle.statusCode()).isEqualTo(200);
        assertThat(hostStyle.body()).isEqualTo("{\"fast\": true}");
    }

    @Test
    @Order(2)
    void aNettyClientSpeaksHttp2ByPriorKnowledge() throws Exception {
        try (H2 h2 = H2.connect(nettyGroup, turnpike.port)) {
            Answer fast = h2.send(get("/prod/fast")).get(10, TimeUnit.SECONDS);
            assertThat(fast.status()).isEqualTo(200);
            assertThat(fast.body()).isEqualTo("{\"fast\": true}");
            assertThat(fast.headers()).containsKey("x-amzn-requestid").containsKey("x-amz-apigw-id");
            assertThat(fast.headers()).doesNotContainKey("connection");

            FullHttpRequest post = new DefaultFullHttpRequest(
                    HttpVersion.HTTP_1_1,
                    HttpMethod.POST,
                    "/prod/echo/pets?x=1",
                    Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8));
            post.headers().set("Host", host).set("X-Client", "netty");
            Answer echo = h2.send(post).get(10, TimeUnit.SECONDS);
            assertThat(echo.status()).isEqualTo(200);
            assertThat(echo.body())
                    .contains("\"path\":\"/echo/pets\"")
                    .contains("\"body\":\"hello\"")
                    .contains("\"x-client\":[\"netty\"]")
                    .doesNotContain("x-http2");
        }
    }

    @Test
    @Order(3)
    void streamsOnOneConnectionAreServedConcurrently() throws Exception {
        // the backend answers none of them until all have arrived: serialized streams would never finish
        try (H2 h2 = H2.connect(nettyGroup, turnpike.port)) {
            List<CompletableFuture<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                answers.add(h2.send(get("/prod/barrier")));
            }
            for (CompletableFuture<Answer> a : answers) {
                Answer r = a.get(30, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("{\"together\":true}");
            }
        }
    }

    @Test
    @Order(4)
    void limitsHoldOnHttp2() throws Exception {
        try (H2 h2 = H2.connect(nettyGroup, turnpike.port)) {
            FullHttpRequest bigHeaders = get("/prod/fast");
            bigHeaders.headers().set("X-Big", "v".repeat(11_000));
            Answer headers = h2.send(bigHeaders).get(10, TimeUnit.SECONDS);
            assertThat(headers.status()).isEqualTo(431);
            assertThat(headers.body()).isEqualTo("{\"message\":\"Request Header Fields Too Large\"}");

            Answer url = h2.send(get("/prod/fast?q=" + "u".repeat(11_000))).get(10, TimeUnit.SECONDS);
            assertThat(url.status()).isEqualTo(414);
            assertThat(url.body()).isEqualTo("{\"message\":\"Request URI too long\"}");

            DefaultHttpRequest upload = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/prod/echo/up");
            upload.headers().set("Host", host).set("Content-Length", 10 * 1024 * 1024 + 1);
            Answer tooLarge = h2.send(upload).get(10, TimeUnit.SECONDS);
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.body()).isEqualTo("HTTP content length exceeded 10485760 bytes.");

            // the connection outlives all three refusals
            assertThat(h2.send(get("/prod/fast")).get(10, TimeUnit.SECONDS).status())
                    .isEqualTo(200);
        }
    }

    // ---- HTTP/1.1 ----

    @Test
    @Order(5)
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        // the first request waits on a slow backend, the second is a MOCK that answers at once
        try (Socket s = new Socket("127.0.0.1", turnpike.port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream()
                    .write(("GET /prod/slow HTTP/1.1\r\nHost: " + host + "\r\n\r\n"
                                    + "GET /prod/fast HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            List<Answer> answers = readResponses(s.getInputStream(), 2);
            assertThat(answers).extracting(Answer::body).containsExactly("{\"slow\":true}", "{\"fast\": true}");
            assertThat(answers).extracting(a -> a.headers().get("connection")).containsOnly("keep-alive");
        }
    }

    @Test
    @Order(6)
    void limitsHoldOnHttp11() throws Exception {
        HttpResponse<String> headers = http1("GET", "/prod/fast", null, "X-Big", "v".repeat(11_000));
        assertThat(headers.statusCode()).isEqualTo(431);
        assertThat(headers.body()).isEqualTo("{\"message\":\"Request Header Fields Too Large\"}");
        assertThat(headers.headers().firstValue("x-amzn-RequestId")).isPresent();

        HttpResponse<String> url = http1("GET", "/prod/fast?q=" + "u".repeat(11_000), null);
        assertThat(url.statusCode()).isEqualTo(414);
        assertThat(url.body()).isEqualTo("{\"message\":\"Request URI too long\"}");

        HttpResponse<String> tooLarge = http1("POST", "/prod/echo/big", "x".repeat(10 * 1024 * 1024 + 1));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).isEqualTo("HTTP content length exceeded 10485760 bytes.");
    }

    @Test
    @Order(7)
    void headsTooLargeToBufferAndMalformedRequestsAreAnsweredNeverLeftHanging() throws Exception {
        String huge = "GET /prod/fast HTTP/1.1\r\nHost: " + host + "\r\nX-Huge: " + "h".repeat(70_000) + "\r\n";
        assertThat(rawOnce(huge)).startsWith("HTTP/1.1 431 ").contains("connection: close");

        String line = "GET /prod/" + "u".repeat(20_000) + " HTTP/1.1\r\n";
        assertThat(rawOnce(line)).startsWith("HTTP/1.1 414 ");

        String badLength = "POST /prod/fast HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: abc\r\n\r\n";
        assertThat(rawOnce(badLength)).startsWith("HTTP/1.1 400 ").endsWith("{\"message\":\"Bad Request\"}");

        String noHost = "GET /prod/fast HTTP/1.1\r\n\r\n";
        assertThat(rawOnce(noHost + "GET /prod/fast HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ")
                .contains("HTTP/1.1 200 "); // a missing Host is answered and the connection goes on
    }

    // ---- connection hygiene (started in @BeforeAll) ----

    @Test
    @Order(100)
    void idleAndHalfSentConnectionsAreClosed() throws Exception {
        TimedAnswer timedOut = halfSentAnswered.get(90, TimeUnit.SECONDS);
        assertThat(timedOut.raw()).startsWith("HTTP/1.1 408 ").endsWith("{\"message\":\"Request Timeout\"}");
        assertThat(timedOut.afterMillis()).isBetween(29_000L, 50_000L);

        long http1 = idleHttp1Closed.get(120, TimeUnit.SECONDS);
        assertThat(http1).as("HTTP/1.1 idle close, ms after the last answer").isBetween(74_000L, 100_000L);

        long http2 = idleHttp2Closed.get(120, TimeUnit.SECONDS);
        assertThat(http2).as("HTTP/2 idle close, ms after the last stream").isBetween(74_000L, 100_000L);
        assertThat(idleHttp2.goAwayError.getNow(-1L)).isEqualTo(0L); // GOAWAY(NO_ERROR) before the close
    }

    /** A keep-alive connection that got one answer and then sends nothing; completes when it is closed. */
    private static CompletableFuture<Long> watchIdleHttp1() throws IOException {
        Socket s = new Socket("127.0.0.1", turnpike.port);
        s.setSoTimeout(150_000);
        s.getOutputStream()
                .write(("GET /prod/fast HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        List<Answer> first = readResponses(s.getInputStream(), 1);
        assertThat(first.get(0).status()).isEqualTo(200);
        long answered = System.nanoTime();
        return CompletableFuture.supplyAsync(
                () -> {
                    try (s) {
                        int b = s.getInputStream().read();
                        if (b != -1) {
                            throw new IllegalStateException("unexpected byte on an idle connection: " + b);
                        }
                        return millisSince(answered);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                },
                watchers);
    }

    /** A request that stops before its blank line; completes with what the server says, and when. */
    private static CompletableFuture<TimedAnswer> watchHalfSentRequest() throws IOException {
        Socket s = new Socket("127.0.0.1", turnpike.port);
        s.setSoTimeout(150_000);
        s.getOutputStream()
                .write(("GET /prod/fast HTTP/1.1\r\nHost: " + host + "\r\n").getBytes(StandardCharsets.US_ASCII));
        long sent = System.nanoTime();
        return CompletableFuture.supplyAsync(
                () -> {
                    try (s) {
                        String raw = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                        return new TimedAnswer(raw, millisSince(sent));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                },
                watchers);
    }

    // ---- helpers ----

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static URI pathStyle(String resourcePath) {
        return URI.create(turnpike.dataEndpoint() + "/restapis/" + apiId + "/prod/_user_request_" + resourcePath);
    }

    private static FullHttpRequest get(String uri) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        r.headers().set("Host", host);
        return r;
    }

    private static final HttpClient HTTP1 = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static HttpResponse<String> http1(String method, String stagePath, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(turnpike.dataEndpoint() + stagePath))
                .header("Host", host)
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP1.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Writes raw bytes on a new connection and reads until the server closes it (bounded by 10 s). */
    private static String rawOnce(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", turnpike.port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Reads {@code n} responses framed by Content-Length. */
    private static List<Answer> readResponses(InputStream in, int n) throws IOException {
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed after " + out.size() + " responses");
                }
                head.write(b);
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, String> headers = new TreeMap<>();
            for (int l = 1; l < lines.length; l++) {
                int colon = lines[l].indexOf(':');
                headers.put(
                        lines[l].substring(0, colon).toLowerCase(Locale.ROOT),
                        lines[l].substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            out.add(new Answer(
                    Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static String resource(String parent, String part) {
        return api.createResource(r -> r.restApiId(apiId).parentId(parent).pathPart(part))
                .id();
    }

    private static void mock(String resourceId, String body) {
        api.putMethod(
                r -> r.restApiId(apiId).resourceId(resourceId).httpMethod("GET").authorizationType("NONE"));
        api.putIntegration(r -> r.restApiId(apiId)
                .resourceId(resourceId)
                .httpMethod("GET")
                .type(IntegrationType.MOCK)
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        api.putMethodResponse(
                r -> r.restApiId(apiId).resourceId(resourceId).httpMethod("GET").statusCode("200"));
        api.putIntegrationResponse(r -> r.restApiId(apiId)
                .resourceId(resourceId)
                .httpMethod("GET")
                .statusCode("200")
                .responseTemplates(Map.of("application/json", body)));
    }

    private static void proxy(String resourceId, String uri) {
        boolean greedy = uri.contains("{proxy}");
        api.putMethod(r -> r.restApiId(apiId)
                .resourceId(resourceId)
                .httpMethod("ANY")
                .authorizationType("NONE")
                .requestParameters(greedy ? Map.of("method.request.path.proxy", true) : Map.of()));
        api.putIntegration(r -> r.restApiId(apiId)
                .resourceId(resourceId)
                .httpMethod("ANY")
                .type(IntegrationType.HTTP_PROXY)
                .integrationHttpMethod("ANY")
                .uri(uri)
                .requestParameters(
                        greedy ? Map.of("integration.request.path.proxy", "method.request.path.proxy") : Map.of()));
    }

    /** A backend that answers nobody until {@code parties} requests are waiting at once. */
    static final class Barrier implements AutoCloseable {
        private final HttpServer server;
        private final CountDownLatch arrived;

        Barrier(int parties) throws IOException {
            arrived = new CountDownLatch(parties);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setExecutor(Executors.newFixedThreadPool(parties * 2));
            server.createContext("/", ex -> {
                ex.getRequestBody().readAllBytes();
                arrived.countDown();
                boolean together;
                try {
                    together = arrived.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    together = false;
                }
                byte[] out = ("{\"together\":" + together + "}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(together ? 200 : 503, out.length);
                ex.getResponseBody().write(out);
                ex.close();
            });
            server.start();
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A Netty HTTP/2 client by prior knowledge: one connection, a stream per request. */
    static final class H2 implements AutoCloseable {
        final Channel channel;
        final CompletableFuture<Long> goAwayError = new CompletableFuture<>();

        private H2(Channel channel) {
            this.channel = channel;
        }

        static H2 connect(EventLoopGroup group, int port) throws InterruptedException {
            CompletableFuture<Long> goAway = new CompletableFuture<>();
            Channel ch = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel c) {
                            c.pipeline()
                                    .addLast(Http2FrameCodecBuilder.forClient().build())
                                    .addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()))
                                    .addLast(new ChannelInboundHandlerAdapter() {
                                        @Override
                                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                            if (msg instanceof Http2GoAwayFrame g) {
                                                goAway.complete(g.errorCode());
                                            }
                                            ReferenceCountUtil.release(msg);
                                        }
                                    });
                        }
                    })
                    .connect("127.0.0.1", port)
                    .sync()
                    .channel();
            H2 h2 = new H2(ch);
            goAway.whenComplete((code, e) -> h2.goAwayError.complete(code));
            return h2;
        }

        /** Sends a request ({@link FullHttpRequest}, or a head alone) on a new stream. */
        CompletableFuture<Answer> send(HttpObject request) {
            CompletableFuture<Answer> done = new CompletableFuture<>();
            new Http2StreamChannelBootstrap(channel)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel stream) {
                            stream.pipeline()
                                    .addLast(new Http2StreamFrameToHttpObjectCodec(false))
                                    .addLast(new HttpObjectAggregator(1 << 24))
                                    .addLast(new SimpleChannelInboundHandler<FullHttpResponse>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                                            Map<String, String> h = new TreeMap<>();
                                            r.headers()
                                                    .forEach(e ->
                                                            h.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
                                            done.complete(new Answer(
                                                    r.status().code(),
                                                    h,
                                                    r.content().toString(StandardCharsets.UTF_8)));
                                        }

                                        @Override
                                        public void channelInactive(ChannelHandlerContext ctx) {
                                            done.completeExceptionally(
                                                    new IOException("stream ended without an answer"));
                                        }
                                    });
                        }
                    })
                    .open()
                    .addListener(f -> {
                        if (f.isSuccess()) {
                            ((Http2StreamChannel) f.getNow()).writeAndFlush(request);
                        } else {
                            ReferenceCountUtil.release(request);
                            done.completeExceptionally(f.cause());
                        }
                    });
            return done;
        }

        @Override
        public void close() {
            channel.close().awaitUninterruptibly();
        }
    }
}
