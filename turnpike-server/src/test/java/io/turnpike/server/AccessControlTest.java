package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.ControlPlane;
import io.turnpike.controlplane.http.SigV4Authenticator;
import io.turnpike.dataplane.DataPlane;
import io.turnpike.dataplane.snapshot.GatewayConfig;
import io.turnpike.store.Kinds;
import io.turnpike.store.Store;
import io.turnpike.store.sqlite.SqliteStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.QuotaPeriodType;
import software.amazon.awssdk.services.apigateway.model.ThrottleSettings.Builder;

/**
 * API keys, usage plans, throttles and quotas end to end: both planes in this JVM over one SQLite store,
 * configured with the AWS SDK, invoked over real sockets, with the data plane's clock (quota days) and
 * ticker (token buckets) driven by the test, so nothing depends on how fast the machine is.
 */
class AccessControlTest {

    static final String ACCOUNT = "123456789012";
    static final String AK = "AKIDACCESSCONTROL001";
    static final String SK = "access-control-test-secret-000000000000";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    static Store store;
    static DataPlane dataPlane;
    static ControlPlane controlPlane;
    static ApiGatewayClient admin;
    static int port;
    static final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    static final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
    static final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    static String api;
    static String root;
    static String petsId;

    /** A clock the test moves; the admin API's signatures are checked against the real clock. */
    static final class MutableClock extends Clock {
        final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        store = SqliteStore.open(dataDir, JSON);
        dataPlane = new DataPlane(store, new GatewayConfig("us-east-1", ACCOUNT, "localhost"), 2, clock, nanos::get);
        port = dataPlane.start("127.0.0.1", 0).getPort();
        controlPlane = new ControlPlane(
                new AdminContext(store, JSON, clock, "us-east-1", ACCOUNT),
                SigV4Authenticator.of(Map.of(AK, SK), Clock.systemUTC(), "us-east-1"),
                test -> {
                    throw new IllegalStateException("not used");
                },
                test -> {
                    throw new IllegalStateException("not used");
                },
                io.turnpike.store.CodeStore.open(dataDir.resolve("code")),
                io.turnpike.aws.lambda.FunctionInvoker.none("us-east-1", ACCOUNT));
        InetSocketAddress a = controlPlane.start("127.0.0.1", 0);
        admin = ApiGatewayClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + a.getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(AK, SK)))
                .httpClient(ApacheHttpClient.create())
                .build();

        api = admin.createRestApi(r -> r.name("access")).id();
        root = admin.getResources(r -> r.restApiId(api)).items().get(0).id();
        petsId = mockMethod("pets", true);
        mockMethod("open", false);
        for (String p : List.of("throttled", "quota", "quotagrant", "burst", "methods", "disabled", "stagelimit")) {
            mockMethod(p, true);
        }
        admin.createDeployment(r -> r.restApiId(api).stageName("prod"));
        admin.createDeployment(r -> r.restApiId(api).stageName("other"));
        sync();
    }

    @AfterAll
    static void stop() {
        admin.close();
        controlPlane.close();
        dataPlane.close();
        store.close();
    }

    /** A resource with GET → MOCK 200 whose body names the API key the request used. */
    static String mockMethod(String part, boolean keyRequired) {
        String id = admin.createResource(r -> r.restApiId(api).parentId(root).pathPart(part))
                .id();
        admin.putMethod(r -> r.restApiId(api)
                .resourceId(id)
                .httpMethod("GET")
                .authorizationType("NONE")
                .apiKeyRequired(keyRequired));
        admin.putIntegration(r -> r.restApiId(api)
                .resourceId(id)
                .httpMethod("GET")
                .type(IntegrationType.MOCK)
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        admin.putMethodResponse(
                r -> r.restApiId(api).resourceId(id).httpMethod("GET").statusCode("200"));
        admin.putIntegrationResponse(r -> r.restApiId(api)
                .resourceId(id)
                .httpMethod("GET")
                .statusCode("200")
                .responseTemplates(Map.of(
                        "application/json", "{\"keyId\":\"$context.identity.apiKeyId\",\"path\":\"" + part + "\"}")));
        return id;
    }

    /** Waits until the data plane has compiled everything committed so far. */
    static void sync() throws Exception {
        dataPlane.registry().awaitRevision(store.revision()).get();
        dataPlane.usagePlans().refresh();
    }

    static HttpResponse<String> get(String path, String key) throws Exception {
        return http.send(request(path, key), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest request(String path, String key) {
        int slash = path.indexOf('/');
        String stage = path.substring(0, slash);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/restapis/" + api + "/"
                        + stage + "/_user_request_" + path.substring(slash)))
                .timeout(Duration.ofSeconds(10));
        if (key != null) {
            b.header("x-api-key", key);
        }
        return b.build();
    }

    static void assertForbidden(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("ForbiddenException");
    }

    static void assertThrottled(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("TooManyRequestsException");
    }

    static void assertQuotaExceeded(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).isEqualTo("{\"message\":\"Limit Exceeded\"}");
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("LimitExceededException");
    }

    /** A new enabled key in a new plan for prod, configured by {@code plan}. */
    static String[] keyInPlan(
            java.util.function.Consumer<software.amazon.awssdk.services.apigateway.model.CreateUsagePlanRequest.Builder>
                    plan)
            throws Exception {
        var key = admin.createApiKey(r -> r.name("k").enabled(true));
        String planId = admin.createUsagePlan(r -> {
                    r.name("plan").apiStages(s -> s.apiId(api).stage("prod"));
                    plan.accept(r);
                })
                .id();
        admin.createUsagePlanKey(r -> r.usagePlanId(planId).keyId(key.id()).keyType("API_KEY"));
        sync();
        return new String[] {key.id(), key.value(), planId};
    }

    @Test
    void aValidKeyInAPlanPassesAndIsInContext() throws Exception {
        String[] k = keyInPlan(p -> {});
        HttpResponse<String> r = get("prod/pets", k[1]);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("keyId").asText()).isEqualTo(k[0]);
        // a method without apiKeyRequired needs no key
        assertThat(get("prod/open", null).statusCode()).isEqualTo(200);
    }

    @Test
    void missingUnknownDisabledAndPlanlessKeysAreForbidden() throws Exception {
        String[] k = keyInPlan(p -> {});
        assertForbidden(get("prod/pets", null));
        assertForbidden(get("prod/pets", ""));
        assertForbidden(get("prod/pets", "x".repeat(40)));
        // a valid key, but its plan does not cover this stage
        assertForbidden(get("other/pets", k[1]));
        // a key in no plan at all
        var loose = admin.createApiKey(r -> r.name("loose").enabled(true));
        sync();
        assertForbidden(get("prod/pets", loose.value()));
        // disabled
        var disabled = admin.createApiKey(r -> r.name("off").enabled(false));
        admin.createUsagePlanKey(r -> r.usagePlanId(k[2]).keyId(disabled.id()).keyType("API_KEY"));
        sync();
        assertForbidden(get("prod/disabled", disabled.value()));
        admin.updateApiKey(r -> r.apiKey(disabled.id())
                .patchOperations(p -> p.op(Op.REPLACE).path("/enabled").value("true")));
        sync();
        assertThat(get("prod/disabled", disabled.value()).statusCode()).isEqualTo(200);
    }

    @Test
    void planThrottleAdmitsTheBurstThenRefillsWithTime() throws Exception {
        String[] k = keyInPlan(p -> p.throttle(t -> t.burstLimit(3).rateLimit(1.0)));
        for (int i = 0; i < 3; i++) {
            assertThat(get("prod/throttled", k[1]).statusCode()).isEqualTo(200);
        }
        assertThrottled(get("prod/throttled", k[1]));
        nanos.addAndGet(1_000_000_000L);
        assertThat(get("prod/throttled", k[1]).statusCode()).isEqualTo(200);
        assertThrottled(get("prod/throttled", k[1]));
    }

    @Test
    void aPlanThrottleIsSharedByAllTheStagesOfThePlan() throws Exception {
        String[] k = keyInPlan(p -> p.apiStages(
                        s -> s.apiId(api).stage("prod"), s -> s.apiId(api).stage("other"))
                .throttle(t -> t.burstLimit(2).rateLimit(0.001)));
        assertThat(get("prod/throttled", k[1]).statusCode()).isEqualTo(200);
        assertThat(get("other/throttled", k[1]).statusCode()).isEqualTo(200);
        assertThrottled(get("prod/throttled", k[1]));
        assertThrottled(get("other/throttled", k[1]));
    }

    @Test
    void aConcurrentBurstAdmitsExactlyTheBurstSize() throws Exception {
        String[] k = keyInPlan(p -> p.throttle(t -> t.burstLimit(7).rateLimit(0.001)));
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(http.sendAsync(request("prod/burst", k[1]), HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        int throttled = 0;
        for (var f : all) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertThrottled(r);
                throttled++;
            }
        }
        assertThat(ok).isEqualTo(7);
        assertThat(throttled).isEqualTo(33);
    }

    @Test
    void perMethodPlanThrottleAppliesToItsMethodOnly() throws Exception {
        Builder t = software.amazon.awssdk.services.apigateway.model.ThrottleSettings.builder()
                .burstLimit(2)
                .rateLimit(0.5);
        String[] k = keyInPlan(
                p -> p.apiStages(s -> s.apiId(api).stage("prod").throttle(Map.of("/methods/GET", t.build()))));
        assertThat(get("prod/methods", k[1]).statusCode()).isEqualTo(200);
        assertThat(get("prod/methods", k[1]).statusCode()).isEqualTo(200);
        assertThrottled(get("prod/methods", k[1]));
        assertThat(get("prod/pets", k[1]).statusCode()).isEqualTo(200);
    }

    @Test
    void stageMethodSettingsThrottleEachMethod() throws Exception {
        String[] k = keyInPlan(p -> {});
        admin.updateStage(r -> r.restApiId(api)
                .stageName("prod")
                .patchOperations(
                        p -> p.op(Op.REPLACE)
                                .path("/~1stagelimit/GET/throttling/burstLimit")
                                .value("2"),
                        p -> p.op(Op.REPLACE)
                                .path("/~1stagelimit/GET/throttling/rateLimit")
                                .value("1")));
        sync();
        try {
            assertThat(get("prod/stagelimit", k[1]).statusCode()).isEqualTo(200);
            assertThat(get("prod/stagelimit", k[1]).statusCode()).isEqualTo(200);
            assertThrottled(get("prod/stagelimit", k[1]));
            assertThat(get("prod/pets", k[1]).statusCode()).isEqualTo(200);
        } finally {
            admin.updateStage(r -> r.restApiId(api).stageName("prod").patchOperations(p -> p.op(Op.REMOVE)
                    .path("/~1stagelimit/GET")));
            sync();
        }
    }

    @Test
    void theAccountThrottleAppliesToEveryMethod() throws Exception {
        // AWS sets this service quota through Service Quotas; Turnpike through UpdateAccount (its extension)
        var account = admin.updateAccount(r -> r.patchOperations(
                p -> p.op(Op.REPLACE).path("/throttle/burstLimit").value("2"),
                p -> p.op(Op.REPLACE).path("/throttle/rateLimit").value("1")));
        assertThat(account.throttleSettings().burstLimit()).isEqualTo(2);
        assertThat(account.throttleSettings().rateLimit()).isEqualTo(1.0);
        sync();
        try {
            nanos.addAndGet(10_000_000_000L); // a full bucket
            assertThat(get("prod/open", null).statusCode()).isEqualTo(200);
            assertThat(get("prod/open", null).statusCode()).isEqualTo(200);
            assertThrottled(get("prod/open", null));
        } finally {
            store.write(tx -> tx.delete(Kinds.ACCOUNT, Store.GLOBAL, "account"));
            sync();
            nanos.addAndGet(10_000_000_000L);
        }
    }

    @Test
    void quotaIsLimitExceededUntilTheNextDayAndUpdateUsageGrantsMore() throws Exception {
        String[] k = keyInPlan(p -> p.quota(q -> q.limit(3).period(QuotaPeriodType.DAY)));
        for (int i = 0; i < 3; i++) {
            assertThat(get("prod/quota", k[1]).statusCode()).isEqualTo(200);
        }
        assertQuotaExceeded(get("prod/quota", k[1]));

        dataPlane.usagePlans().flush();
        String today =
                java.time.LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
        var usage = admin.getUsage(r -> r.usagePlanId(k[2]).startDate(today).endDate(today));
        assertThat(usage.items().get(k[0])).containsExactly(List.of(3L, 0L));

        admin.updateUsage(r -> r.usagePlanId(k[2])
                .keyId(k[0])
                .patchOperations(p -> p.op(Op.REPLACE).path("/remaining").value("2")));
        sync();
        assertThat(get("prod/quota", k[1]).statusCode()).isEqualTo(200);
        assertThat(get("prod/quota", k[1]).statusCode()).isEqualTo(200);
        assertQuotaExceeded(get("prod/quota", k[1]));
    }

    @Test
    void quotaRollsOverAtMidnightUtc() throws Exception {
        String[] k = keyInPlan(p -> p.quota(q -> q.limit(1).period(QuotaPeriodType.DAY)));
        assertThat(get("prod/quotagrant", k[1]).statusCode()).isEqualTo(200);
        assertQuotaExceeded(get("prod/quotagrant", k[1]));
        clock.advance(Duration.ofDays(1));
        assertThat(get("prod/quotagrant", k[1]).statusCode()).isEqualTo(200);
        assertQuotaExceeded(get("prod/quotagrant", k[1]));
    }

    @Test
    void aBruteForceOfWrongKeysKeepsNoStateAndAnswersTheSame() throws Exception {
        keyInPlan(p -> p.throttle(t -> t.burstLimit(100).rateLimit(100.0)));
        int buckets = dataPlane.usagePlans().bucketCount();
        int counters = dataPlane.usagePlans().counterCount();
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 20; round++) {
            List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                StringBuilder key = new StringBuilder();
                for (int c = 0; c < 40; c++) {
                    key.append((char) ('a' + random.nextInt(26)));
                }
                batch.add(http.sendAsync(request("prod/pets", key.toString()), HttpResponse.BodyHandlers.ofString()));
            }
            for (var f : batch) {
                assertForbidden(f.get());
            }
        }
        assertThat(dataPlane.usagePlans().bucketCount()).isEqualTo(buckets);
        assertThat(dataPlane.usagePlans().counterCount()).isEqualTo(counters);
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        // 5,000 wrong keys leave nothing behind: what is still reachable after a GC stays within noise
        assertThat(after - before).isLessThan(32L * 1024 * 1024);
    }
}
