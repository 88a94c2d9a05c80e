package io.turnpike.dataplane.authorizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.dataplane.DataPlane;
import io.turnpike.dataplane.snapshot.GatewayConfig;
import io.turnpike.model.rest.Authorizer;
import io.turnpike.model.rest.AuthorizerCacheFlush;
import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.model.rest.Integration;
import io.turnpike.model.rest.IntegrationResponse;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.MethodResponse;
import io.turnpike.model.rest.Resource;
import io.turnpike.model.rest.RestApi;
import io.turnpike.model.rest.Stage;
import io.turnpike.store.Kinds;
import io.turnpike.store.Store;
import io.turnpike.store.sqlite.SqliteStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A real data plane on an ephemeral port (listening on {@code ::}, so both 127.0.0.1 and ::1 reach it)
 * over a real SQLite store, with {@link TestFunctions} as its function host and a ticker the test
 * drives. {@link #deploy} writes an API, its deployment and stage {@code prod} straight into the store,
 * as the control plane would, and waits until the data plane serves it.
 *
 * <p>Every method is a MOCK whose response shows what the authorize phase left in {@code $context}.
 */
final class AuthFixture implements AutoCloseable {

    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";
    static final String API = "authapi001";
    static final String ARN = "arn:aws:execute-api:" + REGION + ":" + ACCOUNT + ":" + API;
    static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:auth";
    static final String URI_OF_FUNCTION =
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + FUNCTION + "/invocations";
    static final ObjectMapper JSON = new ObjectMapper();

    static final String TEMPLATE = "{\"principal\":\"$context.authorizer.principalId\","
            + "\"string\":\"$context.authorizer.stringKey\",\"number\":\"$context.authorizer.numberKey\","
            + "\"boolean\":\"$context.authorizer.booleanKey\",\"email\":\"$context.authorizer.claims.email\","
            + "\"exp\":\"$context.authorizer.claims.exp\"}";

    final AtomicLong nanos = new AtomicLong();
    final TestFunctions functions = new TestFunctions();
    private final Path dir;
    final Store store;
    private final DataPlane dataPlane;
    final int port;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    AuthFixture() throws Exception {
        this(new AuthorizerSettings(null, "x-vpce-id", null, Duration.ofSeconds(2), Duration.ofSeconds(10)));
    }

    AuthFixture(AuthorizerSettings settings) throws Exception {
        dir = Files.createTempDirectory("turnpike-auth-test");
        store = SqliteStore.open(dir, JSON);
        dataPlane = new DataPlane(
                store,
                new GatewayConfig(REGION, ACCOUNT, "localhost"),
                2,
                Clock.systemUTC(),
                nanos::get,
                functions,
                io.turnpike.dataplane.integration.aws.AwsServices.none(),
                settings);
        InetSocketAddress a = dataPlane.start("::", 0);
        port = a.getPort();
    }

    /** A MOCK method whose 200 answer renders {@link #TEMPLATE}. */
    static Method method(String authorizationType, String authorizerId, List<String> scopes) {
        Integration mock = new Integration(
                "MOCK",
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of("application/json", "{\"statusCode\": 200}"),
                "WHEN_NO_MATCH",
                null,
                null,
                null,
                null,
                Map.of("200", new IntegrationResponse("200", null, null, Map.of("application/json", TEMPLATE), null)),
                null,
                null,
                null);
        return new Method(
                "GET",
                authorizationType,
                authorizerId,
                false,
                null,
                null,
                null,
                null,
                Map.of("200", new MethodResponse("200", null, null)),
                mock,
                scopes);
    }

    static Authorizer token(String id, Integer ttl, String validation) {
        return new Authorizer(
                id,
                "tok",
                "TOKEN",
                null,
                null,
                URI_OF_FUNCTION,
                null,
                "method.request.header.Authorization",
                validation,
                ttl);
    }

    static Authorizer request(String id, Integer ttl, String sources) {
        return new Authorizer(id, "req", "REQUEST", null, null, URI_OF_FUNCTION, null, sources, null, ttl);
    }

    /**
     * Deploys {@code /} and {@code /pets/{id}}, each with GET as {@code method} (or NONE when null), with
     * the resource policy and the authorizers given, to stage {@code prod} (stage variable {@code sv=1}).
     */
    void deploy(String policy, List<Authorizer> authorizers, Method root, Method pet) throws Exception {
        Method none = method("NONE", null, null);
        List<Resource> resources = new ArrayList<>();
        resources.add(new Resource("r0", null, null, "/", Map.of("GET", root == null ? none : root)));
        resources.add(new Resource("r1", "r0", "pets", "/pets", null));
        resources.add(new Resource("r2", "r1", "{id}", "/pets/{id}", Map.of("GET", pet == null ? none : pet)));
        RestApi api = new RestApi(API, "auth", null, 0L, null, null, null, null, null, null, policy, null, false, "r0");
        String deployment = "d" + System.nanoTime();
        store.write(tx -> {
            tx.put(Kinds.REST_API, Store.GLOBAL, API, api);
            tx.put(
                    Kinds.DEPLOYMENT_CONTENT,
                    API,
                    deployment,
                    new DeploymentContent(api, resources, List.of(), List.of(), List.of(), authorizers));
            tx.put(
                    Kinds.STAGE,
                    API,
                    "prod",
                    new Stage(
                            deployment,
                            null,
                            "prod",
                            null,
                            false,
                            null,
                            null,
                            null,
                            Map.of("sv", "1"),
                            null,
                            null,
                            null,
                            false,
                            null,
                            null,
                            0L,
                            0L));
            return null;
        });
        awaitRevision(store.revision());
    }

    /** What FlushStageAuthorizersCache writes. */
    void flushAuthorizerCache() throws Exception {
        store.write(tx -> {
            long g = tx.get(Kinds.AUTHORIZER_CACHE_FLUSH, API, "prod")
                    .map(AuthorizerCacheFlush::generation)
                    .orElse(0L);
            tx.put(Kinds.AUTHORIZER_CACHE_FLUSH, API, "prod", new AuthorizerCacheFlush(g + 1));
            return null;
        });
        awaitRevision(store.revision());
    }

    private void awaitRevision(long revision) throws Exception {
        dataPlane.registry().awaitRevision(revision).get(10, TimeUnit.SECONDS);
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return getFrom("127.0.0.1", path, headers);
    }

    /** GET {@code /prod{path}} (path style) from {@code host} (127.0.0.1 or [::1]). */
    HttpResponse<String> getFrom(String host, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://" + host + ":" + port + "/restapis/" + API + "/prod/_user_request_" + path))
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Override
    public void close() {
        dataPlane.close();
        functions.close();
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
