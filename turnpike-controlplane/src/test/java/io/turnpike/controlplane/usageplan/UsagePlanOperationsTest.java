package io.turnpike.controlplane.usageplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.turnpike.controlplane.AdminFixture;
import io.turnpike.controlplane.TestMethods;
import io.turnpike.model.usage.UsageDay;
import io.turnpike.store.Kinds;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;
import software.amazon.awssdk.services.apigateway.model.ApiStage;
import software.amazon.awssdk.services.apigateway.model.GetUsageResponse;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.QuotaPeriodType;
import software.amazon.awssdk.services.apigateway.model.ThrottleSettings;
import software.amazon.awssdk.services.apigateway.model.UpdateUsagePlanResponse;
import software.amazon.awssdk.services.apigateway.model.UsagePlan;

class UsagePlanOperationsTest {

    static AdminFixture admin;
    static ApiGatewayClient client;
    static String api;

    @BeforeAll
    static void start() {
        admin = new AdminFixture();
        client = admin.client();
        api = TestMethods.deployableApi(admin, "plans");
        client.createDeployment(r -> r.restApiId(api).stageName("prod"));
        client.createStage(r -> r.restApiId(api)
                .stageName("beta")
                .deploymentId(client.getDeployments(d -> d.restApiId(api))
                        .items()
                        .get(0)
                        .id()));
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    static void fails(ThrowingCallable call, int status, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiGatewayException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    @Test
    void createsReadsListsAndDeletes() {
        var created = client.createUsagePlan(r -> r.name("gold")
                .description("d")
                .apiStages(ApiStage.builder()
                        .apiId(api)
                        .stage("prod")
                        .throttle(Map.of(
                                "/GET",
                                ThrottleSettings.builder()
                                        .rateLimit(5.0)
                                        .burstLimit(10)
                                        .build()))
                        .build())
                .throttle(t -> t.rateLimit(100.0).burstLimit(200))
                .quota(q -> q.limit(5000).offset(0).period(QuotaPeriodType.MONTH))
                .tags(Map.of("tier", "gold")));
        assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(created.id()).matches("[a-z0-9]{6}");
        assertThat(created.apiStages().get(0).throttle().get("/GET").burstLimit())
                .isEqualTo(10);
        assertThat(created.throttle().rateLimit()).isEqualTo(100.0);
        assertThat(created.quota().period()).isEqualTo(QuotaPeriodType.MONTH);

        var got = client.getUsagePlan(r -> r.usagePlanId(created.id()));
        assertThat(got.name()).isEqualTo("gold");
        assertThat(got.tags()).containsEntry("tier", "gold");
        assertThat(client.getUsagePlans(r -> r.limit(500)).items())
                .extracting(UsagePlan::id)
                .contains(created.id());

        assertThat(client.deleteUsagePlan(r -> r.usagePlanId(created.id()))
                        .sdkHttpResponse()
                        .statusCode())
                .isEqualTo(202);
        fails(
                () -> client.getUsagePlan(r -> r.usagePlanId(created.id())),
                404,
                "NotFoundException",
                "Invalid Usage Plan ID specified");
    }

    @Test
    void unknownStageIsAwsNotFound() {
        assertThatThrownBy(() -> client.createUsagePlan(
                        r -> r.name("x").apiStages(s -> s.apiId(api).stage("nope"))))
                .isInstanceOfSatisfying(ApiGatewayException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .matches("Invalid API Stage \\{api: " + api
                                    + ", stage: nope\\} specified for usageplan [a-z0-9]{6}");
                });
        String id = client.createUsagePlan(r -> r.name("y")).id();
        fails(
                () -> client.updateUsagePlan(r -> r.usagePlanId(id)
                        .patchOperations(p -> p.op(Op.ADD).path("/apiStages").value(api + ":nope"))),
                404,
                "NotFoundException",
                "Invalid API Stage {api: " + api + ", stage: nope} specified for usageplan " + id);
    }

    @Test
    void updatesEveryPath() {
        String id = client.createUsagePlan(r -> r.name("u")).id();
        UpdateUsagePlanResponse u = client.updateUsagePlan(r -> r.usagePlanId(id)
                .patchOperations(
                        p -> p.op(Op.REPLACE).path("/name").value("renamed"),
                        p -> p.op(Op.REPLACE).path("/description").value("desc"),
                        p -> p.op(Op.REPLACE).path("/throttle/rateLimit").value("7.5"),
                        p -> p.op(Op.REPLACE).path("/throttle/burstLimit").value("15"),
                        p -> p.op(Op.REPLACE).path("/quota/limit").value("100"),
                        p -> p.op(Op.REPLACE).path("/quota/period").value("WEEK"),
                        p -> p.op(Op.REPLACE).path("/quota/offset").value("5"),
                        p -> p.op(Op.ADD).path("/apiStages").value(api + ":prod"),
                        p -> p.op(Op.REPLACE)
                                .path("/apiStages/" + api + ":prod/throttle/~1pets/GET/rateLimit")
                                .value("2"),
                        p -> p.op(Op.REPLACE)
                                .path("/apiStages/" + api + ":prod/throttle/~1pets/GET/burstLimit")
                                .value("3")));
        assertThat(u.name()).isEqualTo("renamed");
        assertThat(u.description()).isEqualTo("desc");
        assertThat(u.throttle().rateLimit()).isEqualTo(7.5);
        assertThat(u.throttle().burstLimit()).isEqualTo(15);
        assertThat(u.quota().limit()).isEqualTo(100);
        assertThat(u.quota().offset()).isEqualTo(5);
        assertThat(u.quota().period()).isEqualTo(QuotaPeriodType.WEEK);
        assertThat(u.apiStages()).hasSize(1);
        ThrottleSettings pets = u.apiStages().get(0).throttle().get("/pets/GET");
        assertThat(pets.rateLimit()).isEqualTo(2.0);
        assertThat(pets.burstLimit()).isEqualTo(3);

        var removed = client.updateUsagePlan(r -> r.usagePlanId(id)
                .patchOperations(
                        p -> p.op(Op.REMOVE).path("/apiStages/" + api + ":prod/throttle/~1pets/GET"),
                        p -> p.op(Op.REMOVE).path("/apiStages").value(api + ":prod")));
        assertThat(removed.apiStages()).isEmpty();

        fails(
                () -> client.updateUsagePlan(r -> r.usagePlanId(id)
                        .patchOperations(
                                p -> p.op(Op.REPLACE).path("/quota/period").value("YEAR"))),
                400,
                "BadRequestException",
                "Invalid quota period: YEAR (expected: DAY, WEEK or MONTH)");
        assertThatThrownBy(() -> client.updateUsagePlan(r -> r.usagePlanId(id)
                        .patchOperations(p -> p.op(Op.REPLACE).path("/bogus").value("1"))))
                .isInstanceOfSatisfying(ApiGatewayException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .startsWith(
                                    "Invalid patch path  '/bogus' specified for op 'replace'. Must be one of: [/name");
                });
    }

    @Test
    void planKeysAndTheOnePlanPerStageRule() {
        String key = client.createApiKey(r -> r.name("member").enabled(true)).id();
        String p1 = client.createUsagePlan(
                        r -> r.name("p1").apiStages(s -> s.apiId(api).stage("beta")))
                .id();
        String p2 = client.createUsagePlan(
                        r -> r.name("p2").apiStages(s -> s.apiId(api).stage("beta")))
                .id();
        var pk = client.createUsagePlanKey(r -> r.usagePlanId(p1).keyId(key).keyType("API_KEY"));
        assertThat(pk.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(pk.id()).isEqualTo(key);
        assertThat(pk.type()).isEqualTo("API_KEY");
        assertThat(pk.name()).isEqualTo("member");
        assertThat(pk.value()).hasSize(40);

        fails(
                () -> client.createUsagePlanKey(
                        r -> r.usagePlanId(p2).keyId(key).keyType("API_KEY")),
                409,
                "ConflictException",
                "Usage Plan " + p2 + " cannot be added because API Key " + key
                        + " cannot reference multiple Usage Plans with the same API Stage: " + api + ":beta");
        assertThat(client.getUsagePlanKey(r -> r.usagePlanId(p1).keyId(key)).name())
                .isEqualTo("member");
        assertThat(client.getUsagePlanKeys(r -> r.usagePlanId(p1)).items()).hasSize(1);
        assertThat(client.getUsagePlans(r -> r.keyId(key)).items())
                .extracting(UsagePlan::id)
                .containsExactly(p1);

        fails(
                () -> client.createUsagePlanKey(
                        r -> r.usagePlanId(p1).keyId("nosuchkey1").keyType("API_KEY")),
                404,
                "NotFoundException",
                "Invalid API Key identifier specified");
        fails(
                () -> client.createUsagePlanKey(
                        r -> r.usagePlanId("nosuch").keyId(key).keyType("API_KEY")),
                404,
                "NotFoundException",
                "Invalid Usage Plan ID specified");

        assertThat(client.deleteUsagePlanKey(r -> r.usagePlanId(p1).keyId(key))
                        .sdkHttpResponse()
                        .statusCode())
                .isEqualTo(202);
        fails(
                () -> client.getUsagePlanKey(r -> r.usagePlanId(p1).keyId(key)),
                404,
                "NotFoundException",
                "Invalid Usage Plan Key identifier specified");
        // now free to join the other plan of the same stage
        client.createUsagePlanKey(r -> r.usagePlanId(p2).keyId(key).keyType("API_KEY"));
    }

    @Test
    void getUsageReadsStoredCountersAndUpdateUsageAdjustsRemaining() {
        String key = client.createApiKey(r -> r.name("usage").enabled(true)).id();
        String plan = client.createUsagePlan(
                        r -> r.name("metered").quota(q -> q.limit(100).period(QuotaPeriodType.DAY)))
                .id();
        client.createUsagePlanKey(r -> r.usagePlanId(plan).keyId(key).keyType("API_KEY"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate yesterday = today.minusDays(1);
        // what the data plane's flush writes
        admin.store.write(tx -> {
            tx.put(Kinds.USAGE_DAY, plan, key + "/" + yesterday, new UsageDay(key, yesterday.toString(), 7, 0));
            tx.put(Kinds.USAGE_DAY, plan, key + "/" + today, new UsageDay(key, today.toString(), 30, 0));
            return null;
        });
        GetUsageResponse usage = client.getUsage(
                r -> r.usagePlanId(plan).startDate(yesterday.toString()).endDate(today.toString()));
        assertThat(usage.usagePlanId()).isEqualTo(plan);
        assertThat(usage.startDate()).isEqualTo(yesterday.toString());
        assertThat(usage.items()).containsOnlyKeys(key);
        assertThat(usage.items().get(key)).containsExactly(List.of(7L, 93L), List.of(30L, 70L));

        var updated = client.updateUsage(r -> r.usagePlanId(plan)
                .keyId(key)
                .patchOperations(p -> p.op(Op.REPLACE).path("/remaining").value("90")));
        assertThat(updated.items().get(key)).containsExactly(List.of(30L, 90L));
        assertThat(client.getUsage(r -> r.usagePlanId(plan)
                                .keyId(key)
                                .startDate(today.toString())
                                .endDate(today.toString()))
                        .items()
                        .get(key))
                .containsExactly(List.of(30L, 90L));

        fails(
                () -> client.getUsage(
                        r -> r.usagePlanId(plan).startDate(today.toString()).endDate(yesterday.toString())),
                400,
                "BadRequestException",
                "The usage data retrieval start date must be before the end date");
        fails(
                () -> client.updateUsage(r -> r.usagePlanId(plan)
                        .keyId(key)
                        .patchOperations(p -> p.op(Op.REPLACE).path("/used").value("1"))),
                400,
                "BadRequestException",
                "Invalid patch path  '/used' specified for op 'replace'. Must be one of: [/remaining]");
        fails(
                () -> client.getUsage(
                        r -> r.usagePlanId("nosuch").startDate(today.toString()).endDate(today.toString())),
                404,
                "NotFoundException",
                "Invalid Usage Plan ID specified");
    }
}
