package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.QuotaPeriodType;

/**
 * Quota counters survive the process: a clean stop flushes them, and a crash (SIGKILL) loses only what
 * the last background flush had not written — here nothing, since the test waits until GetUsage shows
 * the counts before killing.
 */
class QuotaRestartIT {

    @TempDir
    Path dataDir;

    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Setup(String api, String keyId, String keyValue, String planId) {}

    static Setup configure(ApiGatewayClient c) {
        String api = c.createRestApi(r -> r.name("quota")).id();
        String root = c.getResources(r -> r.restApiId(api)).items().get(0).id();
        c.putMethod(r -> r.restApiId(api)
                .resourceId(root)
                .httpMethod("GET")
                .authorizationType("NONE")
                .apiKeyRequired(true));
        c.putIntegration(r -> r.restApiId(api)
                .resourceId(root)
                .httpMethod("GET")
                .type(IntegrationType.MOCK)
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        c.putMethodResponse(
                r -> r.restApiId(api).resourceId(root).httpMethod("GET").statusCode("200"));
        c.putIntegrationResponse(
                r -> r.restApiId(api).resourceId(root).httpMethod("GET").statusCode("200"));
        c.createDeployment(r -> r.restApiId(api).stageName("prod"));
        var key = c.createApiKey(r -> r.name("k").enabled(true));
        String plan = c.createUsagePlan(r -> r.name("daily")
                        .apiStages(s -> s.apiId(api).stage("prod"))
                        .quota(q -> q.limit(5).period(QuotaPeriodType.DAY)))
                .id();
        c.createUsagePlanKey(r -> r.usagePlanId(plan).keyId(key.id()).keyType("API_KEY"));
        return new Setup(api, key.id(), key.value(), plan);
    }

    static HttpResponse<String> invoke(TurnpikeProcess t, Setup s) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + t.port + "/restapis/" + s.api() + "/prod/_user_request_/"))
                        .header("x-api-key", s.keyValue())
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<Long> usageToday(ApiGatewayClient c, Setup s) {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        var values = c.getUsage(r -> r.usagePlanId(s.planId()).startDate(today).endDate(today))
                .items()
                .get(s.keyId());
        return values == null ? List.of() : values.get(0);
    }

    @Test
    void quotaCountsSurviveACleanStopAndACrash() throws Exception {
        Setup s;
        try (TurnpikeProcess t = TurnpikeProcess.start(dataDir);
                ApiGatewayClient c = t.client()) {
            s = configure(c);
            // the first request that passes proves the data plane has the key; each one counts
            await().atMost(Duration.ofSeconds(10)).until(() -> invoke(t, s).statusCode() == 200);
            assertThat(invoke(t, s).statusCode()).isEqualTo(200);
            t.stop(); // SIGTERM: the counters are flushed before the store closes
        }
        try (TurnpikeProcess t = TurnpikeProcess.start(dataDir);
                ApiGatewayClient c = t.client()) {
            assertThat(usageToday(c, s)).containsExactly(2L, 3L);
            assertThat(invoke(t, s).statusCode()).isEqualTo(200);
            assertThat(invoke(t, s).statusCode()).isEqualTo(200);
            // the background flush writes them within a second; then a crash loses nothing
            await().atMost(Duration.ofSeconds(10)).until(() -> usageToday(c, s).equals(List.of(4L, 1L)));
            t.kill();
        }
        try (TurnpikeProcess t = TurnpikeProcess.start(dataDir);
                ApiGatewayClient c = t.client()) {
            assertThat(invoke(t, s).statusCode()).isEqualTo(200);
            HttpResponse<String> over = invoke(t, s);
            assertThat(over.statusCode()).isEqualTo(429);
            assertThat(over.body()).isEqualTo("{\"message\":\"Limit Exceeded\"}");
            assertThat(over.headers().firstValue("x-amzn-ErrorType")).hasValue("LimitExceededException");
        }
    }
}
