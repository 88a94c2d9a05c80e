package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ApiStage;
import software.amazon.awssdk.services.apigateway.model.AuthorizerType;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * No event-loop thread of the data plane ever blocks: the real jar runs under Flight Recorder with every
 * kind of wait and blocking I/O recorded without a threshold ({@code blocking.jfc}: parking, contended
 * monitors, {@code wait}, {@code sleep}, file and socket I/O), while clients send concurrent traffic over
 * HTTP/1.1 and HTTP/2 through every kind of method the data plane serves — HTTP_PROXY (with a body),
 * MOCK with templates, a non-proxy HTTP integration with validation, parameter mapping and a VTL
 * template, API key + usage plan + stage throttle, a node TOKEN authorizer cached and uncached (cold
 * start included), a node function behind AWS_PROXY — and the error paths (no route, no key, no token,
 * invalid body, an unreachable backend). Afterwards the recording must hold no such event on a
 * {@code turnpike-data} thread during the traffic. Nor may such a thread start a thread, at any time
 * (warm-up included): starting one is a system call that waits for the kernel, and a pool's worker started
 * from an event loop (a library's default executor, say {@code ForkJoinPool.commonPool()}) means work is
 * being handed off, with a wake-up of that worker, per request. The recording is checked to have seen
 * those threads running, other threads parking and threads being started, so an empty result is not an
 * empty recording.
 */
class EventLoopBlockingIT {

    static final String ACCOUNT = "000000000000";
    static final Set<String> BLOCKING = Set.of(
            "jdk.ThreadPark",
            "jdk.JavaMonitorEnter",
            "jdk.JavaMonitorWait",
            "jdk.ThreadSleep",
            "jdk.FileRead",
            "jdk.FileWrite",
            "jdk.FileForce",
            "jdk.SocketRead",
            "jdk.SocketWrite");

    static final String AUTHORIZER =
            """
            exports.handler = async (event) => {
              const allow = event.authorizationToken === "allow";
              if (!allow) { throw new Error("Unauthorized"); }
              return {principalId: "u", policyDocument: {Version: "2012-10-17", Statement: [
                {Action: "execute-api:Invoke", Effect: "Allow", Resource: event.methodArn}]}};
            };
            """;

    static final String FUNCTION =
            """
            exports.handler = async (event) => ({statusCode: 200, body: JSON.stringify({path: event.path})});
            """;

    @TempDir
    Path dir;

    @Test
    void noDataPlaneEventLoopBlocksUnderTraffic() throws Exception {
        Path recording = dir.resolve("blocking.jfr");
        Path settings =
                Path.of(EventLoopBlockingIT.class.getResource("/blocking.jfc").toURI());
        Instant from;
        Instant to;
        int served;
        try (Upstream upstream = new Upstream();
                TurnpikeProcess turnpike = TurnpikeProcess.startWithJvmArgs(
                        dir.resolve("data"),
                        List.of("-XX:StartFlightRecording=name=blocking,settings=" + settings + ",filename=" + recording
                                + ",dumponexit=true"));
                ApiGatewayClient api = turnpike.client();
                LambdaClient lambda = turnpike.lambdaClient()) {
            String apiId = configure(api, lambda, upstream.base());
            String base = turnpike.dataEndpoint() + "/restapis/" + apiId + "/prod/_user_request_";
            HttpClient h1 =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpClient h2 =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> send(h1, get(base + "/mock")).statusCode() == 200);

            // a first pass loads and initialises every class these paths use (the first use of a class
            // reads the jar and may wait for another thread initialising it): one-time costs, not blocking
            traffic(h1, h2, base, apiId, turnpike.dataEndpoint().toString(), 2);
            from = Instant.now();
            served = traffic(h1, h2, base, apiId, turnpike.dataEndpoint().toString(), 15);
            to = Instant.now();
            turnpike.stop(); // the recording is written as the JVM exits
        }
        assertThat(served).isGreaterThan(1_000);

        List<String> offences = new ArrayList<>();
        int loopSamples = 0;
        int parksElsewhere = 0;
        int threadStarts = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ThreadStart")) {
                threadStarts++;
                String parent = e.getThread("parentThread") == null
                        ? ""
                        : e.getThread("parentThread").getJavaName();
                if (parent != null && parent.startsWith("turnpike-data")) {
                    offences.add("started " + e.getThread("thread").getJavaName() + ": " + describe(e, parent));
                }
                continue;
            }
            if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                continue;
            }
            String thread = e.getThread() == null ? "" : e.getThread().getJavaName();
            boolean loop = thread != null && thread.startsWith("turnpike-data");
            if (type.equals("jdk.ExecutionSample")) {
                String sampled = e.getThread("sampledThread") == null
                        ? ""
                        : e.getThread("sampledThread").getJavaName();
                if (sampled != null && sampled.startsWith("turnpike-data")) {
                    loopSamples++;
                }
            } else if (BLOCKING.contains(type)) {
                if (loop && !classLoading(e)) {
                    offences.add(describe(e, thread));
                } else if (type.equals("jdk.ThreadPark")) {
                    parksElsewhere++;
                }
            }
        }
        assertThat(loopSamples)
                .as("CPU samples of the data plane's event loops")
                .isPositive();
        assertThat(parksElsewhere).as("parking recorded on other threads").isPositive();
        assertThat(threadStarts).as("thread starts recorded").isPositive();
        assertThat(offences).as("blocking on a data-plane event loop").isEmpty();
    }

    /**
     * The first use of a class reads it from the jar (and may wait for a thread loading the same class):
     * once per class and process, which the warm-up pass mostly did already; a class first used later
     * (Netty's leak detector loads its classes when it first samples a buffer, one in 4,096) is not a
     * blocking call of the request path.
     */
    private static boolean classLoading(RecordedEvent e) {
        return e.getStackTrace() != null
                && e.getStackTrace().getFrames().stream()
                        .anyMatch(f -> f.getMethod().getType().getName().equals("java.lang.ClassLoader")
                                && f.getMethod().getName().equals("loadClass"));
    }

    private static String describe(RecordedEvent e, String thread) {
        String stack = e.getStackTrace() == null
                ? "(no stack)"
                : e.getStackTrace().getFrames().stream()
                        .limit(14)
                        .map(EventLoopBlockingIT::frame)
                        .collect(Collectors.joining("\n    "));
        return e.getEventType().getName() + " on " + thread + " for "
                + e.getDuration().toNanos() / 1000 + " µs\n    " + stack;
    }

    private static String frame(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName() + ":" + f.getLineNumber();
    }

    /**
     * Concurrent requests of every kind, in batches of four rounds (52 requests in flight per client, under
     * the HTTP/2 client's limit of 128 streams on its one connection), with checks that each kind was
     * answered as it should be.
     */
    private static int traffic(HttpClient h1, HttpClient h2, String base, String apiId, String data, int batches)
            throws Exception {
        int served = 0;
        for (int batch = 0; batch < batches; batch++) {
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            List<Integer> expected = new ArrayList<>();
            for (int round = batch * 4; round < batch * 4 + 4; round++) {
                for (HttpClient c : List.of(h1, h2)) {
                    add(all, expected, c, get(base + "/proxy/echo/" + round), 200);
                    add(all, expected, c, post(base + "/proxy/raw", "{\"round\":" + round + "}"), 200);
                    add(all, expected, c, get(base + "/mock?x=" + round), 200);
                    add(
                            all,
                            expected,
                            c,
                            item(base + "/items/" + round + "?verbose=1", "{\"name\":\"w\",\"qty\":3}"),
                            200);
                    add(all, expected, c, guarded(base + "/guarded", "allow", true), 200);
                    add(all, expected, c, guarded(base + "/uncached", "allow", true), 200);
                    add(all, expected, c, get(base + "/fn/" + round), 200);
                    // error paths
                    add(all, expected, c, get(base + "/nowhere/" + round), 403);
                    add(all, expected, c, guarded(base + "/guarded", "allow", false), 403);
                    add(all, expected, c, guarded(base + "/guarded", "nobody", true), 401);
                    add(all, expected, c, item(base + "/items/" + round + "?verbose=1", "{\"name\":\"\"}"), 400);
                    add(all, expected, c, get(base + "/down"), 504);
                    add(all, expected, c, get(data + "/restapis/" + apiId + "/nostage/_user_request_/mock"), 403);
                }
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
            for (int i = 0; i < all.size(); i++) {
                HttpResponse<String> r = all.get(i).join();
                assertThat(r.statusCode())
                        .as(r.request().method() + " " + r.request().uri() + ": " + r.body())
                        .isEqualTo(expected.get(i));
            }
            served += all.size();
        }
        return served;
    }

    private static void add(
            List<CompletableFuture<HttpResponse<String>>> all,
            List<Integer> expected,
            HttpClient c,
            HttpRequest r,
            int status) {
        all.add(c.sendAsync(r, HttpResponse.BodyHandlers.ofString()));
        expected.add(status);
    }

    static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .build();
    }

    static HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static HttpRequest item(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("X-Client", "it")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static String key;

    static HttpRequest guarded(String url, String token, boolean withKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", token);
        if (withKey) {
            b.header("x-api-key", key);
        }
        return b.build();
    }

    static HttpResponse<String> send(HttpClient c, HttpRequest r) throws Exception {
        return c.send(r, HttpResponse.BodyHandlers.ofString());
    }

    /** One API with a resource per kind of method; returns its id. */
    static String configure(ApiGatewayClient api, LambdaClient lambda, String upstream) throws Exception {
        for (String[] f : List.of(new String[] {"gate", AUTHORIZER}, new String[] {"fn", FUNCTION})) {
            SdkBytes code = GuardedLambdaIT.zip("index.js", f[1]);
            lambda.createFunction(r -> r.functionName(f[0])
                    .runtime(Runtime.NODEJS20_X)
                    .handler("index.handler")
                    .role("arn:aws:iam::" + ACCOUNT + ":role/lambda")
                    .code(c -> c.zipFile(code)));
        }
        String id = api.createRestApi(r -> r.name("blocking")).id();
        String root = api.getResources(r -> r.restApiId(id)).items().get(0).id();

        // HTTP_PROXY, any method, the path passed on
        String proxy = resource(api, id, root, "proxy");
        String greedy = resource(api, id, proxy, "{proxy+}");
        api.putMethod(r -> r.restApiId(id)
                .resourceId(greedy)
                .httpMethod("ANY")
                .authorizationType("NONE")
                .requestParameters(Map.of("method.request.path.proxy", true)));
        api.putIntegration(r -> r.restApiId(id)
                .resourceId(greedy)
                .httpMethod("ANY")
                .type(IntegrationType.HTTP_PROXY)
                .integrationHttpMethod("ANY")
                .uri(upstream + "/{proxy}")
                .requestParameters(Map.of("integration.request.path.proxy", "method.request.path.proxy")));

        // MOCK with request and response templates
        String mock = resource(api, id, root, "mock");
        api.putMethod(r -> r.restApiId(id).resourceId(mock).httpMethod("GET").authorizationType("NONE"));
        api.putIntegration(r -> r.restApiId(id)
                .resourceId(mock)
                .httpMethod("GET")
                .type(IntegrationType.MOCK)
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        api.putMethodResponse(
                r -> r.restApiId(id).resourceId(mock).httpMethod("GET").statusCode("200"));
        api.putIntegrationResponse(r -> r.restApiId(id)
                .resourceId(mock)
                .httpMethod("GET")
                .statusCode("200")
                .responseTemplates(Map.of(
                        "application/json",
                        "{\"x\":\"$input.params('x')\",\"id\":\"$context.requestId\",\"stage\":\"$context.stage\"}")));

        // HTTP (non-proxy) with validation, parameter mapping and a request template
        api.createModel(r -> r.restApiId(id)
                .name("Item")
                .contentType("application/json")
                .schema("{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"type\":\"object\","
                        + "\"required\":[\"name\",\"qty\"],\"properties\":{\"name\":{\"type\":\"string\",\"minLength\":1},"
                        + "\"qty\":{\"type\":\"integer\",\"minimum\":1}}}"));
        String validator = api.createRequestValidator(r ->
                        r.restApiId(id).name("all").validateRequestBody(true).validateRequestParameters(true))
                .id();
        String items = resource(api, id, root, "items");
        String item = resource(api, id, items, "{id}");
        api.putMethod(r -> r.restApiId(id)
                .resourceId(item)
                .httpMethod("POST")
                .authorizationType("NONE")
                .requestValidatorId(validator)
                .requestModels(Map.of("application/json", "Item"))
                .requestParameters(Map.of(
                        "method.request.path.id", true,
                        "method.request.querystring.verbose", true,
                        "method.request.header.X-Client", true)));
        api.putIntegration(
                r -> r.restApiId(id)
                        .resourceId(item)
                        .httpMethod("POST")
                        .type(IntegrationType.HTTP)
                        .integrationHttpMethod("POST")
                        .uri(upstream + "/echo/{id}")
                        .requestParameters(Map.of(
                                "integration.request.path.id", "method.request.path.id",
                                "integration.request.header.X-Stage", "'prod'"))
                        .requestTemplates(
                                Map.of(
                                        "application/json",
                                        "#set($b = $input.path('$'))"
                                                + "{\"name\":\"$util.escapeJavaScript($b.name)\",\"qty\":$b.qty,\"stage\":\"$context.stage\"}")));
        api.putMethodResponse(
                r -> r.restApiId(id).resourceId(item).httpMethod("POST").statusCode("200"));
        api.putIntegrationResponse(
                r -> r.restApiId(id).resourceId(item).httpMethod("POST").statusCode("200"));

        // the guards: a TOKEN authorizer (cached, and uncached on another method), an API key in a plan
        String cached = authorizer(api, id, "cached", 300);
        String uncached = authorizer(api, id, "uncached", 0);
        for (String[] g : List.of(new String[] {"guarded", cached}, new String[] {"uncached", uncached})) {
            String res = resource(api, id, root, g[0]);
            api.putMethod(r -> r.restApiId(id)
                    .resourceId(res)
                    .httpMethod("GET")
                    .authorizationType("CUSTOM")
                    .authorizerId(g[1])
                    .apiKeyRequired(true));
            api.putIntegration(r -> r.restApiId(id)
                    .resourceId(res)
                    .httpMethod("GET")
                    .type(IntegrationType.HTTP_PROXY)
                    .integrationHttpMethod("GET")
                    .uri(upstream + "/echo/guarded"));
        }

        // a node function behind AWS_PROXY
        String fn = resource(api, id, root, "fn");
        String fnAny = resource(api, id, fn, "{proxy+}");
        api.putMethod(r -> r.restApiId(id).resourceId(fnAny).httpMethod("GET").authorizationType("NONE"));
        api.putIntegration(r -> r.restApiId(id)
                .resourceId(fnAny)
                .httpMethod("GET")
                .type(IntegrationType.AWS_PROXY)
                .integrationHttpMethod("POST")
                .uri(GuardedLambdaIT.invocationUri("fn")));

        // a backend that refuses connections: a port nothing listens on
        int closed = TurnpikeProcess.freePort();
        String down = resource(api, id, root, "down");
        api.putMethod(r -> r.restApiId(id).resourceId(down).httpMethod("GET").authorizationType("NONE"));
        api.putIntegration(r -> r.restApiId(id)
                .resourceId(down)
                .httpMethod("GET")
                .type(IntegrationType.HTTP_PROXY)
                .integrationHttpMethod("GET")
                .uri("http://127.0.0.1:" + closed + "/"));

        api.createDeployment(r -> r.restApiId(id).stageName("prod"));
        var k = api.createApiKey(r -> r.name("it").enabled(true));
        key = k.value();
        String plan = api.createUsagePlan(r -> r.name("plan")
                        .apiStages(ApiStage.builder().apiId(id).stage("prod").build())
                        .throttle(t -> t.rateLimit(100_000.0).burstLimit(100_000))
                        .quota(q -> q.limit(1_000_000).period("DAY")))
                .id();
        api.createUsagePlanKey(r -> r.usagePlanId(plan).keyId(k.id()).keyType("API_KEY"));
        api.updateStage(r -> r.restApiId(id)
                .stageName("prod")
                .patchOperations(
                        p -> p.op(Op.REPLACE).path("/*/*/throttling/rateLimit").value("100000"),
                        p -> p.op(Op.REPLACE).path("/*/*/throttling/burstLimit").value("100000")));
        return id;
    }

    static String resource(ApiGatewayClient api, String id, String parent, String part) {
        return api.createResource(r -> r.restApiId(id).parentId(parent).pathPart(part))
                .id();
    }

    static String authorizer(ApiGatewayClient api, String id, String name, int ttl) {
        return api.createAuthorizer(r -> r.restApiId(id)
                        .name(name)
                        .type(AuthorizerType.TOKEN)
                        .authorizerUri(GuardedLambdaIT.invocationUri("gate"))
                        .identitySource("method.request.header.Authorization")
                        .authorizerResultTtlInSeconds(ttl))
                .id();
    }
}
