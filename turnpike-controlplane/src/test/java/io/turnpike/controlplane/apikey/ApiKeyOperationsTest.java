package io.turnpike.controlplane.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.turnpike.controlplane.AdminFixture;
import io.turnpike.controlplane.TestMethods;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;
import software.amazon.awssdk.services.apigateway.model.ApiKey;
import software.amazon.awssdk.services.apigateway.model.ApiKeysFormat;
import software.amazon.awssdk.services.apigateway.model.CreateApiKeyResponse;
import software.amazon.awssdk.services.apigateway.model.GetApiKeysResponse;
import software.amazon.awssdk.services.apigateway.model.ImportApiKeysResponse;
import software.amazon.awssdk.services.apigateway.model.Op;

class ApiKeyOperationsTest {

    static AdminFixture admin;
    static ApiGatewayClient client;

    @BeforeAll
    static void start() {
        admin = new AdminFixture();
        client = admin.client();
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

    static String value(String prefix) {
        return (prefix + "0123456789abcdefghijklmnopqrstuvwxyz").substring(0, 40);
    }

    @Test
    void createGeneratesA40CharacterValueAndIsDisabledByDefault() {
        CreateApiKeyResponse k = client.createApiKey(
                r -> r.name("gen").customerId("cust-1").description("d").tags(Map.of("team", "a")));
        assertThat(k.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(k.id()).matches("[a-z0-9]{10}");
        assertThat(k.value()).matches("[A-Za-z0-9]{40}");
        assertThat(k.enabled()).isFalse();
        assertThat(k.customerId()).isEqualTo("cust-1");
        assertThat(k.tags()).containsEntry("team", "a");
        assertThat(k.createdDate()).isNotNull();

        var plain = client.getApiKey(r -> r.apiKey(k.id()));
        assertThat(plain.value()).isNull();
        assertThat(plain.name()).isEqualTo("gen");
        var withValue = client.getApiKey(r -> r.apiKey(k.id()).includeValue(true));
        assertThat(withValue.value()).isEqualTo(k.value());
    }

    @Test
    void createWithAGivenValueAndStageKeys() {
        String api = TestMethods.deployableApi(admin, "keys-stage");
        client.createDeployment(r -> r.restApiId(api).stageName("prod"));
        String v = value("given");
        var k = client.createApiKey(r -> r.name("given").value(v).enabled(true).stageKeys(s -> s.restApiId(api)
                .stageName("prod")));
        assertThat(k.value()).isEqualTo(v);
        assertThat(k.enabled()).isTrue();
        assertThat(k.stageKeys()).containsExactly(api + "/prod");

        fails(
                () -> client.createApiKey(r -> r.name("dup").value(v)),
                409,
                "ConflictException",
                "API Key already exists");
        fails(
                () -> client.createApiKey(r -> r.name("short").value("tooShort123")),
                400,
                "BadRequestException",
                "Invalid API Key value: expected 20 to 128 letters and digits, got 11 characters");
        fails(
                () -> client.createApiKey(
                        r -> r.name("nostage").stageKeys(s -> s.restApiId(api).stageName("nope"))),
                400,
                "BadRequestException",
                "Invalid stage identifier specified");
    }

    @Test
    void unknownKeyIsAwsNotFoundOnEveryCall() {
        String msg = "Invalid API Key identifier specified";
        fails(() -> client.getApiKey(r -> r.apiKey("nosuchkey1")), 404, "NotFoundException", msg);
        fails(() -> client.deleteApiKey(r -> r.apiKey("nosuchkey1")), 404, "NotFoundException", msg);
        fails(
                () -> client.updateApiKey(r -> r.apiKey("nosuchkey1")
                        .patchOperations(p -> p.op(Op.REPLACE).path("/name").value("x"))),
                404,
                "NotFoundException",
                msg);
    }

    @Test
    void listsFiltersAndPages() {
        String c = "list-" + System.nanoTime();
        String a = client.createApiKey(r -> r.name(c + "-a").customerId(c)).id();
        String b = client.createApiKey(r -> r.name(c + "-b").customerId(c)).id();
        client.createApiKey(r -> r.name("other-" + c));

        GetApiKeysResponse byName = client.getApiKeys(r -> r.nameQuery(c));
        assertThat(byName.items()).extracting(ApiKey::id).containsExactly(a, b);
        assertThat(byName.items()).allSatisfy(k -> assertThat(k.value()).isNull());
        assertThat(client.getApiKeys(r -> r.customerId(c).includeValues(true)).items())
                .allSatisfy(k -> assertThat(k.value()).hasSize(40));

        GetApiKeysResponse first = client.getApiKeys(r -> r.nameQuery(c).limit(1));
        assertThat(first.items()).extracting(ApiKey::id).containsExactly(a);
        assertThat(first.position()).isNotNull();
        GetApiKeysResponse second =
                client.getApiKeys(r -> r.nameQuery(c).limit(1).position(first.position()));
        assertThat(second.items()).extracting(ApiKey::id).containsExactly(b);
        assertThat(second.position()).isNull();
    }

    @Test
    void updatesTheFourFieldsAndRejectsOtherPaths() {
        String id = client.createApiKey(r -> r.name("upd")).id();
        var updated = client.updateApiKey(r -> r.apiKey(id)
                .patchOperations(
                        p -> p.op(Op.REPLACE).path("/name").value("renamed"),
                        p -> p.op(Op.REPLACE).path("/description").value("desc"),
                        p -> p.op(Op.REPLACE).path("/enabled").value("true"),
                        p -> p.op(Op.REPLACE).path("/customerId").value("c9")));
        assertThat(updated.name()).isEqualTo("renamed");
        assertThat(updated.description()).isEqualTo("desc");
        assertThat(updated.enabled()).isTrue();
        assertThat(updated.customerId()).isEqualTo("c9");
        assertThat(updated.value()).isNull();

        fails(
                () -> client.updateApiKey(r -> r.apiKey(id)
                        .patchOperations(p -> p.op(Op.REPLACE).path("/value").value("x"))),
                400,
                "BadRequestException",
                "Invalid patch path  '/value' specified for op 'replace'. Must be one of: [/name, /description, /enabled, /customerId]");
    }

    @Test
    void deleteRemovesTheKeyAndItsPlanMemberships() {
        String id = client.createApiKey(r -> r.name("del")).id();
        String plan = client.createUsagePlan(r -> r.name("del-plan")).id();
        client.createUsagePlanKey(r -> r.usagePlanId(plan).keyId(id).keyType("API_KEY"));
        var deleted = client.deleteApiKey(r -> r.apiKey(id));
        assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(202);
        fails(
                () -> client.getApiKey(r -> r.apiKey(id)),
                404,
                "NotFoundException",
                "Invalid API Key identifier specified");
        assertThat(client.getUsagePlanKeys(r -> r.usagePlanId(plan)).items()).isEmpty();
    }

    @Test
    void importsCsvWithAnyColumnOrderQuotesAndPlans() {
        String plan = client.createUsagePlan(r -> r.name("import-plan")).id();
        String v1 = value("imp1x");
        String v2 = value("imp2x");
        String csv = "Name,key,description,Enabled,usageplanIds,Ignored\n"
                + "first," + v1 + ",An imported key,TRUE," + plan + ",x\n"
                + "second," + v2 + ",,false,\"" + plan + "\",y\n";
        ImportApiKeysResponse r = client.importApiKeys(
                i -> i.format(ApiKeysFormat.CSV).body(SdkBytes.fromString(csv, StandardCharsets.UTF_8)));
        assertThat(r.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(r.ids()).hasSize(2);
        assertThat(r.warnings()).isEmpty();
        var first = client.getApiKey(g -> g.apiKey(r.ids().get(0)).includeValue(true));
        assertThat(first.name()).isEqualTo("first");
        assertThat(first.value()).isEqualTo(v1);
        assertThat(first.enabled()).isTrue();
        assertThat(first.description()).isEqualTo("An imported key");
        assertThat(client.getApiKey(g -> g.apiKey(r.ids().get(1))).enabled()).isFalse();
        assertThat(client.getUsagePlanKeys(g -> g.usagePlanId(plan)).items()).hasSize(2);

        // the same value again overwrites the key, keeping its id
        ImportApiKeysResponse again = client.importApiKeys(i -> i.format(ApiKeysFormat.CSV)
                .body(SdkBytes.fromString("key,name\n" + v1 + ",renamed\n", StandardCharsets.UTF_8)));
        assertThat(again.ids()).containsExactly(r.ids().get(0));
        assertThat(client.getApiKey(g -> g.apiKey(r.ids().get(0))).name()).isEqualTo("renamed");
    }

    @Test
    void importWarnsAboutBadRowsAndFailOnWarningsRollsBack() {
        String good = value("goodrow");
        String csv = "key,name\n" + good + ",ok\nshort,bad\n";
        ImportApiKeysResponse r = client.importApiKeys(
                i -> i.format(ApiKeysFormat.CSV).body(SdkBytes.fromString(csv, StandardCharsets.UTF_8)));
        assertThat(r.ids()).hasSize(1);
        assertThat(r.warnings())
                .containsExactly("Invalid API key at line 3: Key value must be between 20 and 128 characters");

        String other = value("rolledback");
        fails(
                () -> client.importApiKeys(i -> i.format(ApiKeysFormat.CSV)
                        .failOnWarnings(true)
                        .body(SdkBytes.fromString("key,name\n" + other + ",ok\nshort,bad\n", StandardCharsets.UTF_8))),
                400,
                "BadRequestException",
                "Invalid API key at line 3: Key value must be between 20 and 128 characters");
        assertThat(client.getApiKeys(g -> g.includeValues(true).limit(500)).items())
                .noneMatch(k -> other.equals(k.value()));

        fails(
                () -> client.importApiKeys(i -> i.format(ApiKeysFormat.CSV)
                        .body(SdkBytes.fromString("name,description\nx,y\n", StandardCharsets.UTF_8))),
                400,
                "BadRequestException",
                "Invalid API key file: the header must name the Key and Name columns");
    }
}
