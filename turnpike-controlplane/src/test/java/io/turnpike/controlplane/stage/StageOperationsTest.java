package io.turnpike.controlplane.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.turnpike.controlplane.AdminFixture;
import io.turnpike.controlplane.TestMethods;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.CacheClusterStatus;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateStageResponse;
import software.amazon.awssdk.services.apigateway.model.GetStageResponse;
import software.amazon.awssdk.services.apigateway.model.MethodSetting;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;
import software.amazon.awssdk.services.apigateway.model.UnauthorizedCacheControlHeaderStrategy;
import software.amazon.awssdk.services.apigateway.model.UpdateStageResponse;

class StageOperationsTest {

    static AdminFixture admin;
    static ApiGatewayClient client;

    /** AWS's full list, as the error for an unknown stage patch path quotes it. */
    static final String VALID_PATHS = "Must be one of: [/deploymentId, /description, /cacheClusterEnabled,"
            + " /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn,"
            + " /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled,"
            + " /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel,"
            + " /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit"
            + "/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled,"
            + " /{resourcePath}/{httpMethod}/caching/dataEncrypted,"
            + " /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl,"
            + " /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled,"
            + " /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit"
            + " /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted,"
            + " /*/*/caching/requireAuthorizationForCacheControl,"
            + " /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]";

    @BeforeAll
    static void start() {
        admin = new AdminFixture();
        client = admin.client();
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    /** An API with one deployment; returns {api id, deployment id}. */
    private static String[] deployed(String name) {
        String api = TestMethods.deployableApi(admin, name);
        String deployment = client.createDeployment(r -> r.restApiId(api)).id();
        return new String[] {api, deployment};
    }

    private static UpdateStageResponse patch(String api, String stage, Consumer<PatchOperation.Builder>... ops) {
        return client.updateStage(r -> r.restApiId(api).stageName(stage).patchOperations(ops));
    }

    private static JsonNode rawStage(String api, String stage) {
        HttpResponse<String> raw = admin.signed("GET", "/restapis/" + api + "/stages/" + stage, null);
        assertThat(raw.statusCode()).isEqualTo(200);
        try {
            return admin.json.readTree(raw.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void createsAStageWithAwsDefaults() {
        String[] d = deployed("defaults");
        CreateStageResponse created = client.createStage(r -> r.restApiId(d[0])
                .stageName("dev")
                .deploymentId(d[1])
                .description("dev stage")
                .variables(Map.of("testVar", "default"))
                .tags(Map.of("team", "core")));
        assertThat(created.stageName()).isEqualTo("dev");
        assertThat(created.deploymentId()).isEqualTo(d[1]);
        assertThat(created.description()).isEqualTo("dev stage");
        assertThat(created.cacheClusterEnabled()).isFalse();
        assertThat(created.cacheClusterStatus()).isEqualTo(CacheClusterStatus.NOT_AVAILABLE);
        assertThat(created.cacheClusterSize()).isNull();
        assertThat(created.methodSettings()).isEmpty();
        assertThat(created.tracingEnabled()).isFalse();
        assertThat(created.variables()).containsExactly(Map.entry("testVar", "default"));
        assertThat(created.tags()).containsExactly(Map.entry("team", "core"));
        assertThat(created.canarySettings()).isNull();
        assertThat(created.createdDate()).isEqualTo(created.lastUpdatedDate());

        JsonNode wire = rawStage(d[0], "dev");
        assertThat(wire.get("methodSettings").isObject()).isTrue();
        assertThat(wire.get("methodSettings").isEmpty()).isTrue();
        assertThat(wire.get("createdDate").isIntegralNumber()).isTrue();
        assertThat(wire.get("lastUpdatedDate").isIntegralNumber()).isTrue();
        assertThat(wire.has("canarySettings")).isFalse();
        assertThat(wire.has("accessLogSettings")).isFalse();

        CreateStageResponse cached = client.createStage(
                r -> r.restApiId(d[0]).stageName("cached").deploymentId(d[1]).cacheClusterEnabled(true));
        assertThat(cached.cacheClusterStatus()).isEqualTo(CacheClusterStatus.AVAILABLE);
        assertThat(cached.cacheClusterSize()).isEqualTo("0.5");
    }

    @Test
    void createRejectsWhatAwsRejects() {
        String[] d = deployed("create-errors");
        client.createStage(r -> r.restApiId(d[0]).stageName("dev").deploymentId(d[1]));

        assertThatThrownBy(() -> client.createStage(
                        r -> r.restApiId(d[0]).stageName("dev").deploymentId(d[1])))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("Stage already exists");
        assertThatThrownBy(() -> client.createStage(
                        r -> r.restApiId(d[0]).stageName("qa").deploymentId("nope00")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Deployment id does not exist");
        assertThatThrownBy(() -> client.createStage(
                        r -> r.restApiId(d[0]).stageName("q.a").deploymentId(d[1])))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Stage name only allows a-zA-Z0-9_-");
        assertThatThrownBy(() -> client.createStage(
                        r -> r.restApiId(d[0]).stageName("x".repeat(129)).deploymentId(d[1])))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Stage name is too long: 129 characters (expected: at most 128)");
        assertThatThrownBy(() -> client.createStage(r -> r.restApiId(d[0])
                        .stageName("qa")
                        .deploymentId(d[1])
                        .variables(Map.of("url", "http://x/$LATEST"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid stage variable value: http://x/$LATEST.  Please use values with"
                        + " alphanumeric characters");
        assertThatThrownBy(() -> client.createStage(r -> r.restApiId(d[0])
                        .stageName("qa")
                        .deploymentId(d[1])
                        .canarySettings(c -> c.deploymentId("nope00"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Deployment id does not exist");
        assertThatThrownBy(() -> client.createStage(r ->
                        r.restApiId(d[0]).stageName("qa").deploymentId(d[1]).tags(Map.of("aws:owner", "me"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)");
        assertThatThrownBy(() -> client.createStage(
                        r -> r.restApiId("nope123456").stageName("qa").deploymentId("x")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid API identifier specified 123456789012:nope123456");
        assertThat(client.getStages(r -> r.restApiId(d[0])).item())
                .extracting(s -> s.stageName())
                .containsExactly("dev");
    }

    @Test
    void aCanaryGivenAtCreationGetsItsDefaults() {
        String[] d = deployed("canary-create");
        String second = client.createDeployment(r -> r.restApiId(d[0])).id();
        CreateStageResponse created = client.createStage(
                r -> r.restApiId(d[0]).stageName("dev").deploymentId(d[1]).canarySettings(c -> c.deploymentId(second)
                        .percentTraffic(50.0)));
        assertThat(created.canarySettings().deploymentId()).isEqualTo(second);
        assertThat(created.canarySettings().percentTraffic()).isEqualTo(50.0);
        assertThat(created.canarySettings().useStageCache()).isFalse();

        CreateStageResponse defaulted = client.createStage(r -> r.restApiId(d[0])
                .stageName("dev2")
                .deploymentId(d[1])
                .canarySettings(c -> c.stageVariableOverrides(Map.of("v", "canary"))));
        assertThat(defaulted.canarySettings().deploymentId()).isEqualTo(d[1]);
        assertThat(defaulted.canarySettings().percentTraffic()).isEqualTo(0.0);
        assertThat(defaulted.canarySettings().stageVariableOverrides()).containsExactly(Map.entry("v", "canary"));
    }

    @Test
    void getsAndListsStages() {
        String[] d = deployed("listing");
        String other = client.createDeployment(r -> r.restApiId(d[0])).id();
        client.createStage(r -> r.restApiId(d[0]).stageName("a").deploymentId(d[1]));
        client.createStage(r -> r.restApiId(d[0]).stageName("b").deploymentId(other));
        client.createStage(r -> r.restApiId(d[0]).stageName("c").deploymentId(d[1]));

        GetStageResponse got = client.getStage(r -> r.restApiId(d[0]).stageName("b"));
        assertThat(got.deploymentId()).isEqualTo(other);

        assertThat(client.getStages(r -> r.restApiId(d[0])).item())
                .extracting(s -> s.stageName())
                .containsExactly("a", "b", "c");
        assertThat(client.getStages(r -> r.restApiId(d[0]).deploymentId(d[1])).item())
                .extracting(s -> s.stageName())
                .containsExactly("a", "c");

        HttpResponse<String> raw = admin.signed("GET", "/restapis/" + d[0] + "/stages", null);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).startsWith("{\"item\":[").doesNotContain("position");

        assertThatThrownBy(() -> client.getStage(r -> r.restApiId(d[0]).stageName("zzz")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid Stage identifier specified");
        assertThatThrownBy(() -> client.getStages(r -> r.restApiId("nope123456")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void updatesStageMembersVariablesAndAccessLogs() {
        String[] d = deployed("members");
        String second = client.createDeployment(r -> r.restApiId(d[0])).id();
        CreateStageResponse created =
                client.createStage(r -> r.restApiId(d[0]).stageName("dev").deploymentId(d[1]));

        UpdateStageResponse updated = patch(
                d[0],
                "dev",
                p -> p.op(Op.REPLACE).path("/deploymentId").value(second),
                p -> p.op(Op.REPLACE).path("/description").value("described"),
                p -> p.op(Op.REPLACE).path("/cacheClusterEnabled").value("true"),
                p -> p.op(Op.REPLACE).path("/cacheClusterSize").value("6.1"),
                p -> p.op(Op.REPLACE).path("/tracingEnabled").value("true"),
                p -> p.op(Op.REPLACE).path("/clientCertificateId").value("abc123"),
                p -> p.op(Op.REPLACE)
                        .path("/webAclArn")
                        .value("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/x"),
                p -> p.op(Op.REPLACE)
                        .path("/accessLogSettings/destinationArn")
                        .value("arn:aws:logs:us-east-1:123456789012:log-group:access"),
                p -> p.op(Op.REPLACE).path("/accessLogSettings/format").value("$context.requestId"),
                p -> p.op(Op.ADD).path("/variables/one").value("1"),
                p -> p.op(Op.REPLACE).path("/variables/two").value("a/b?c=d"));
        assertThat(updated.deploymentId()).isEqualTo(second);
        assertThat(updated.description()).isEqualTo("described");
        assertThat(updated.cacheClusterEnabled()).isTrue();
        assertThat(updated.cacheClusterStatus()).isEqualTo(CacheClusterStatus.AVAILABLE);
        assertThat(updated.cacheClusterSize()).isEqualTo("6.1");
        assertThat(updated.tracingEnabled()).isTrue();
        assertThat(updated.clientCertificateId()).isEqualTo("abc123");
        assertThat(updated.webAclArn()).isEqualTo("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/x");
        assertThat(updated.accessLogSettings().destinationArn())
                .isEqualTo("arn:aws:logs:us-east-1:123456789012:log-group:access");
        assertThat(updated.accessLogSettings().format()).isEqualTo("$context.requestId");
        assertThat(updated.variables()).containsOnly(Map.entry("one", "1"), Map.entry("two", "a/b?c=d"));
        assertThat(updated.createdDate()).isEqualTo(created.createdDate());
        assertThat(updated.lastUpdatedDate()).isAfterOrEqualTo(created.lastUpdatedDate());

        UpdateStageResponse removed = patch(
                d[0],
                "dev",
                p -> p.op(Op.REMOVE).path("/accessLogSettings"),
                p -> p.op(Op.REMOVE).path("/variables/one"),
                p -> p.op(Op.REMOVE).path("/description"),
                p -> p.op(Op.REPLACE).path("/cacheClusterEnabled").value("false"));
        assertThat(removed.accessLogSettings()).isNull();
        assertThat(removed.variables()).containsOnly(Map.entry("two", "a/b?c=d"));
        assertThat(removed.description()).isNull();
        assertThat(removed.cacheClusterStatus()).isEqualTo(CacheClusterStatus.NOT_AVAILABLE);

        assertThatThrownBy(() -> patch(
                        d[0], "dev", p -> p.op(Op.REPLACE).path("/deploymentId").value("nope00")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Deployment id does not exist");
        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.REPLACE)
                        .path("/cacheClusterSize")
                        .value("2")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid cache cluster size: 2 (expected: one of [0.5, 1.6, 6.1, 13.5, 28.4,"
                        + " 58.2, 118, 237])");
        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.REPLACE)
                        .path("/tracingEnabled")
                        .value("yes")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid value 'yes' for /tracingEnabled (expected: true or false)");
        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.ADD)
                        .path("/variables/bad-name")
                        .value("x")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid stage variable name: bad-name.");
        assertThatThrownBy(() ->
                        patch(d[0], "dev", p -> p.op(Op.REPLACE).path("/name").value("x")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid method setting path: /name. " + VALID_PATHS);
        assertThatThrownBy(() -> patch(
                        d[0], "dev", p -> p.op(Op.MOVE).path("/description").from("/x")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid move operation with path: /description");

        GetStageResponse unchanged = client.getStage(r -> r.restApiId(d[0]).stageName("dev"));
        assertThat(unchanged.deploymentId()).isEqualTo(second);
        assertThat(unchanged.cacheClusterSize()).isEqualTo("6.1");
        assertThat(unchanged.tracingEnabled()).isTrue();
    }

    @Test
    void methodSettingsAreKeyedByTheEscapedPathAndStartFromDefaults() {
        String[] d = deployed("settings");
        client.createStage(r -> r.restApiId(d[0]).stageName("dev").deploymentId(d[1]));

        UpdateStageResponse updated = patch(
                d[0],
                "dev",
                p -> p.op(Op.REPLACE).path("/*/*/metrics/enabled").value("true"),
                p -> p.op(Op.REPLACE).path("/~1pets/GET/throttling/burstLimit").value("100"),
                p -> p.op(Op.REPLACE).path("/~1pets/GET/throttling/rateLimit").value("50.5"),
                p -> p.op(Op.REPLACE).path("/~1pets/GET/caching/ttlInSeconds").value("3600"),
                p -> p.op(Op.REPLACE)
                        .path("/~1pets/GET/caching/unauthorizedCacheControlHeaderStrategy")
                        .value("FAIL_WITH_403"),
                p -> p.op(Op.REPLACE).path("/pets/items/POST/caching/enabled").value("true"));
        assertThat(updated.methodSettings()).containsOnlyKeys("*/*", "~1pets/GET", "pets/items/POST");

        MethodSetting all = updated.methodSettings().get("*/*");
        assertThat(all.metricsEnabled()).isTrue();
        assertThat(all.dataTraceEnabled()).isFalse();
        assertThat(all.throttlingBurstLimit()).isEqualTo(5000);
        assertThat(all.throttlingRateLimit()).isEqualTo(10000.0);
        assertThat(all.cachingEnabled()).isFalse();
        assertThat(all.cacheTtlInSeconds()).isEqualTo(300);
        assertThat(all.cacheDataEncrypted()).isFalse();
        assertThat(all.requireAuthorizationForCacheControl()).isTrue();
        assertThat(all.unauthorizedCacheControlHeaderStrategy())
                .isEqualTo(UnauthorizedCacheControlHeaderStrategy.SUCCEED_WITH_RESPONSE_HEADER);
        assertThat(all.loggingLevel()).isNull();

        MethodSetting pets = updated.methodSettings().get("~1pets/GET");
        assertThat(pets.throttlingBurstLimit()).isEqualTo(100);
        assertThat(pets.throttlingRateLimit()).isEqualTo(50.5);
        assertThat(pets.cacheTtlInSeconds()).isEqualTo(3600);
        assertThat(pets.unauthorizedCacheControlHeaderStrategy())
                .isEqualTo(UnauthorizedCacheControlHeaderStrategy.FAIL_WITH_403);
        assertThat(pets.metricsEnabled()).isFalse();
        assertThat(updated.methodSettings().get("pets/items/POST").cachingEnabled())
                .isTrue();

        assertThatThrownBy(() -> patch(
                        d[0],
                        "dev",
                        p -> p.op(Op.REPLACE).path("/*/*/metrics/enabled").value("false"),
                        p -> p.op(Op.REPLACE).path("/*/*/caching/ttlInSeconds").value("3601")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid time-to-live setting, must be an integer no greater than 3600");
        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.REPLACE)
                        .path("/*/*/throttling/burstLimit")
                        .value("-1")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid throttling burst limit: -1 (expected: an integer >= 0)");
        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.REPLACE)
                        .path("/*/*/throttling/rateLimit")
                        .value("-0.5")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid throttling rate limit: -0.5 (expected: a number >= 0)");
        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.REPLACE)
                        .path("/*/*/logging/loglevel")
                        .value("DEBUG")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid logging level: DEBUG (expected: one of [OFF, ERROR, INFO])");
        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.REPLACE)
                        .path("/*/*/accessLogSettings/format")
                        .value("x")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining(
                        "Invalid method setting path: accessLogSettings/format. Must be one of:"
                                + " [.../metrics/enabled, .../logging/dataTrace, .../logging/loglevel,.../throttling/burstLimit,");
        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.REPLACE)
                        .path("/~1pets/FETCH/metrics/enabled")
                        .value("true")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid method setting path: /~1pets/FETCH/metrics/enabled. " + VALID_PATHS);
        // a rejected update leaves every setting as it was
        assertThat(client.getStage(r -> r.restApiId(d[0]).stageName("dev"))
                        .methodSettings()
                        .get("*/*")
                        .metricsEnabled())
                .isTrue();

        UpdateStageResponse reset = patch(d[0], "dev", p -> p.op(Op.REMOVE).path("/~1pets/GET/throttling/burstLimit"));
        assertThat(reset.methodSettings().get("~1pets/GET").throttlingBurstLimit())
                .isEqualTo(5000);
        assertThat(reset.methodSettings().get("~1pets/GET").cacheTtlInSeconds()).isEqualTo(3600);

        UpdateStageResponse removed = patch(d[0], "dev", p -> p.op(Op.REMOVE).path("/*/*"));
        assertThat(removed.methodSettings()).containsOnlyKeys("~1pets/GET", "pets/items/POST");
        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.REMOVE).path("/*/*")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining(
                        "Cannot remove method setting */* because there is no method setting for this method ");
    }

    @Test
    void loggingNeedsTheAccountsCloudWatchRole() {
        String[] d = deployed("logging");
        client.createStage(r -> r.restApiId(d[0]).stageName("dev").deploymentId(d[1]));
        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.REPLACE)
                        .path("/*/*/logging/loglevel")
                        .value("INFO")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("CloudWatch Logs role ARN must be set in account settings to enable logging");
        assertThat(patch(d[0], "dev", p -> p.op(Op.REPLACE)
                                .path("/*/*/logging/loglevel")
                                .value("OFF"))
                        .methodSettings()
                        .get("*/*")
                        .loggingLevel())
                .isEqualTo("OFF");

        client.updateAccount(r -> r.patchOperations(
                p -> p.op(Op.REPLACE).path("/cloudwatchRoleArn").value("arn:aws:iam::123456789012:role/apigw-logs")));
        UpdateStageResponse logging = patch(
                d[0], "dev", p -> p.op(Op.REPLACE).path("/*/*/logging/loglevel").value("ERROR"));
        assertThat(logging.methodSettings().get("*/*").loggingLevel()).isEqualTo("ERROR");
    }

    @Test
    void canarySettingsArePatchedAndPromoted() {
        String[] d = deployed("canary-patch");
        String second = client.createDeployment(r -> r.restApiId(d[0])).id();
        client.createStage(r -> r.restApiId(d[0])
                .stageName("dev")
                .deploymentId(d[1])
                .variables(Map.of("testVar", "default", "keep", "me")));

        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.COPY)
                        .from("/canarySettings/deploymentId")
                        .path("/deploymentId")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Promotion not available. Canary does not exist.");

        // the first canary setting creates the canary with AWS's defaults
        UpdateStageResponse started = patch(d[0], "dev", p -> p.op(Op.REPLACE)
                .path("/canarySettings/percentTraffic")
                .value("25"));
        assertThat(started.canarySettings().deploymentId()).isEqualTo(d[1]);
        assertThat(started.canarySettings().percentTraffic()).isEqualTo(25.0);
        assertThat(started.canarySettings().useStageCache()).isFalse();

        UpdateStageResponse canary = patch(
                d[0],
                "dev",
                p -> p.op(Op.REPLACE).path("/canarySettings/deploymentId").value(second),
                p -> p.op(Op.REPLACE).path("/canarySettings/useStageCache").value("true"),
                p -> p.op(Op.REPLACE)
                        .path("/canarySettings/stageVariableOverrides/testVar")
                        .value("canary"));
        assertThat(canary.deploymentId()).isEqualTo(d[1]);
        assertThat(canary.canarySettings().deploymentId()).isEqualTo(second);
        assertThat(canary.canarySettings().useStageCache()).isTrue();
        assertThat(canary.canarySettings().stageVariableOverrides()).containsExactly(Map.entry("testVar", "canary"));

        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.ADD)
                        .path("/canarySettings/deploymentId")
                        .value(second)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid add operation with path: /canarySettings/deploymentId");
        assertThatThrownBy(
                        () -> patch(d[0], "dev", p -> p.op(Op.REMOVE).path("/canarySettings/stageVariableOverrides")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Cannot remove method setting canarySettings/stageVariableOverrides because there"
                        + " is no method setting for this method ");
        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.REPLACE)
                        .path("/canarySettings")
                        .value("test")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid method setting path: /canarySettings. " + VALID_PATHS);
        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.REPLACE)
                        .path("/canarySettings/badPath")
                        .value("x")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid method setting path: /canarySettings/badPath. " + VALID_PATHS);
        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.REPLACE)
                        .path("/canarySettings/deploymentId")
                        .value("deploy")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Deployment id does not exist");
        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.REPLACE)
                        .path("/canarySettings/percentTraffic")
                        .value("150")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid canary percentTraffic: 150.0 (expected: between 0.0 and 100.0)");
        assertThatThrownBy(() -> patch(d[0], "dev", p -> p.op(Op.COPY)
                        .path("/canarySettings/stageVariableOverrides")
                        .from("/variables")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid copy operation with path: /canarySettings/stageVariableOverrides and"
                        + " from /variables. Valid copy:path are [/deploymentId, /variables] and valid copy:from are"
                        + " [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]");

        // promotion, as the AWS docs describe it
        UpdateStageResponse promoted = patch(
                d[0],
                "dev",
                p -> p.op(Op.REPLACE).path("/canarySettings/percentTraffic").value("0.0"),
                p -> p.op(Op.COPY).from("/canarySettings/deploymentId").path("/deploymentId"),
                p -> p.op(Op.COPY)
                        .from("/canarySettings/stageVariableOverrides")
                        .path("/variables"));
        assertThat(promoted.deploymentId()).isEqualTo(second);
        assertThat(promoted.variables()).containsOnly(Map.entry("testVar", "canary"), Map.entry("keep", "me"));
        assertThat(promoted.canarySettings().percentTraffic()).isEqualTo(0.0);
        assertThat(promoted.canarySettings().deploymentId()).isEqualTo(second);

        UpdateStageResponse dropped = patch(d[0], "dev", p -> p.op(Op.REMOVE).path("/canarySettings"));
        assertThat(dropped.canarySettings()).isNull();
        assertThat(rawStage(d[0], "dev").has("canarySettings")).isFalse();
    }

    @Test
    void deletesAndFlushesStages() {
        String[] d = deployed("deletes");
        client.createStage(r -> r.restApiId(d[0]).stageName("dev").deploymentId(d[1]));

        HttpResponse<String> flushData = admin.signed("DELETE", "/restapis/" + d[0] + "/stages/dev/cache/data", null);
        assertThat(flushData.statusCode()).isEqualTo(202);
        HttpResponse<String> flushAuth =
                admin.signed("DELETE", "/restapis/" + d[0] + "/stages/dev/cache/authorizers", null);
        assertThat(flushAuth.statusCode()).isEqualTo(202);
        client.flushStageCache(r -> r.restApiId(d[0]).stageName("dev"));
        client.flushStageAuthorizersCache(r -> r.restApiId(d[0]).stageName("dev"));
        assertThatThrownBy(() -> client.flushStageCache(r -> r.restApiId(d[0]).stageName("zzz")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid Stage identifier specified");
        assertThatThrownBy(() ->
                        client.flushStageAuthorizersCache(r -> r.restApiId(d[0]).stageName("zzz")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid Stage identifier specified");

        HttpResponse<String> deleted = admin.signed("DELETE", "/restapis/" + d[0] + "/stages/dev", null);
        assertThat(deleted.statusCode()).isEqualTo(202);
        assertThat(deleted.body()).isEmpty();
        assertThatThrownBy(() -> client.getStage(r -> r.restApiId(d[0]).stageName("dev")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.deleteStage(r -> r.restApiId(d[0]).stageName("dev")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid Stage identifier specified");
        assertThatThrownBy(() -> patch(
                        d[0], "dev", p -> p.op(Op.REPLACE).path("/description").value("x")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid Stage identifier specified");
        // with the stage gone its deployment can go too
        client.deleteDeployment(r -> r.restApiId(d[0]).deploymentId(d[1]));
    }
}
