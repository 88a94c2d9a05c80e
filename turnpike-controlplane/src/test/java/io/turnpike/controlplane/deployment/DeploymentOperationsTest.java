package io.turnpike.controlplane.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.turnpike.controlplane.AdminFixture;
import io.turnpike.controlplane.TestMethods;
import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.model.rest.Resource;
import io.turnpike.store.Kinds;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.CacheClusterStatus;
import software.amazon.awssdk.services.apigateway.model.CreateDeploymentResponse;
import software.amazon.awssdk.services.apigateway.model.Deployment;
import software.amazon.awssdk.services.apigateway.model.GetDeploymentResponse;
import software.amazon.awssdk.services.apigateway.model.GetDeploymentsResponse;
import software.amazon.awssdk.services.apigateway.model.GetStageResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;

class DeploymentOperationsTest {

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

    private static DeploymentContent content(String restApiId, String deploymentId) {
        return admin.store
                .read(tx -> tx.get(Kinds.DEPLOYMENT_CONTENT, restApiId, deploymentId))
                .orElseThrow();
    }

    @Test
    void createsADeploymentWithItsSummaryOnlyWhenEmbedded() {
        String api = TestMethods.deployableApi(admin, "summary");
        String root = TestMethods.rootId(admin, api);
        String pets = TestMethods.addResource(admin, api, root, "pets");
        TestMethods.put(admin, api, pets, "POST", "AWS_IAM", true, "http://example.com/pets");

        CreateDeploymentResponse created =
                client.createDeployment(r -> r.restApiId(api).description("first"));
        assertThat(created.id()).matches("[a-z0-9]{6}");
        assertThat(created.description()).isEqualTo("first");
        assertThat(created.createdDate()).isNotNull();
        assertThat(created.hasApiSummary()).isFalse();

        GetDeploymentResponse plain = client.getDeployment(r -> r.restApiId(api).deploymentId(created.id()));
        assertThat(plain.hasApiSummary()).isFalse();
        assertThat(plain.createdDate()).isEqualTo(created.createdDate());

        GetDeploymentResponse embedded = client.getDeployment(
                r -> r.restApiId(api).deploymentId(created.id()).embed("apisummary"));
        assertThat(embedded.apiSummary()).containsOnlyKeys("/", "/pets");
        assertThat(embedded.apiSummary().get("/").get("GET").authorizationType())
                .isEqualTo("NONE");
        assertThat(embedded.apiSummary().get("/").get("GET").apiKeyRequired()).isFalse();
        assertThat(embedded.apiSummary().get("/pets").get("POST").authorizationType())
                .isEqualTo("AWS_IAM");
        assertThat(embedded.apiSummary().get("/pets").get("POST").apiKeyRequired())
                .isTrue();

        // the wire timestamp is epoch seconds
        HttpResponse<String> raw = admin.signed("GET", "/restapis/" + api + "/deployments/" + created.id(), null);
        assertThat(raw.statusCode()).isEqualTo(200);
        JsonNode body = readTree(raw.body());
        assertThat(body.get("createdDate").isIntegralNumber()).isTrue();
        assertThat(body.has("apiSummary")).isFalse();
    }

    @Test
    void freezesTheWholeApiAndLaterChangesDoNotReachIt() {
        String api = TestMethods.deployableApi(admin, "frozen");
        String root = TestMethods.rootId(admin, api);
        String first = client.createDeployment(r -> r.restApiId(api)).id();

        DeploymentContent before = content(api, first);
        assertThat(before.restApi().id()).isEqualTo(api);
        assertThat(before.restApi().name()).isEqualTo("frozen");
        assertThat(before.models()).extracting(m -> m.name()).containsExactlyInAnyOrder("Empty", "Error");
        Resource frozenRoot = before.resources().get(0);
        assertThat(frozenRoot.resourceMethods()).containsOnlyKeys("GET");
        assertThat(frozenRoot.resourceMethods().get("GET").methodIntegration().type())
                .isEqualTo("MOCK");
        assertThat(frozenRoot.resourceMethods().get("GET").methodIntegration().uri())
                .isEqualTo("http://example.com/v1");

        // the API moves on: a new method, a changed integration, a new name
        TestMethods.put(admin, api, root, "GET", "NONE", false, "http://example.com/v2");
        TestMethods.put(admin, api, root, "DELETE", "NONE", false, "http://example.com/v2");
        client.updateRestApi(r -> r.restApiId(api)
                .patchOperations(p -> p.op(Op.REPLACE).path("/name").value("renamed")));

        DeploymentContent after = content(api, first);
        assertThat(after).isEqualTo(before);
        assertThat(after.restApi().name()).isEqualTo("frozen");

        String second = client.createDeployment(r -> r.restApiId(api)).id();
        DeploymentContent next = content(api, second);
        assertThat(next.restApi().name()).isEqualTo("renamed");
        assertThat(next.resources().get(0).resourceMethods()).containsOnlyKeys("GET", "DELETE");
        assertThat(next.resources()
                        .get(0)
                        .resourceMethods()
                        .get("GET")
                        .methodIntegration()
                        .uri())
                .isEqualTo("http://example.com/v2");
    }

    @Test
    void refusesAnApiWithoutMethodsOrWithoutIntegrations() {
        String empty = client.createRestApi(r -> r.name("empty")).id();
        assertThatThrownBy(() -> client.createDeployment(r -> r.restApiId(empty).stageName("dev")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("The REST API doesn't contain any methods");
        assertThat(client.getDeployments(r -> r.restApiId(empty)).items()).isEmpty();
        assertThat(client.getStages(r -> r.restApiId(empty)).item()).isEmpty();

        TestMethods.putWithoutIntegration(admin, empty, TestMethods.rootId(admin, empty), "GET");
        assertThatThrownBy(() -> client.createDeployment(r -> r.restApiId(empty)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("No integration defined for method");
        assertThat(client.getDeployments(r -> r.restApiId(empty)).items()).isEmpty();
    }

    @Test
    void deployingToAStageNameCreatesThenRepointsTheStage() {
        String api = TestMethods.deployableApi(admin, "staged");
        String first = client.createDeployment(r -> r.restApiId(api)
                        .stageName("prod")
                        .stageDescription("production")
                        .variables(Map.of("backend", "v1.example.com"))
                        .tracingEnabled(true))
                .id();
        GetStageResponse created = client.getStage(r -> r.restApiId(api).stageName("prod"));
        assertThat(created.deploymentId()).isEqualTo(first);
        assertThat(created.description()).isEqualTo("production");
        assertThat(created.variables()).containsExactly(Map.entry("backend", "v1.example.com"));
        assertThat(created.tracingEnabled()).isTrue();
        assertThat(created.cacheClusterEnabled()).isFalse();
        assertThat(created.cacheClusterStatus()).isEqualTo(CacheClusterStatus.NOT_AVAILABLE);
        assertThat(created.methodSettings()).isEmpty();

        String second = client.createDeployment(r -> r.restApiId(api)
                        .stageName("prod")
                        .cacheClusterEnabled(true)
                        .variables(Map.of("backend", "v2.example.com")))
                .id();
        GetStageResponse moved = client.getStage(r -> r.restApiId(api).stageName("prod"));
        assertThat(moved.deploymentId()).isEqualTo(second);
        assertThat(moved.description()).isEqualTo("production");
        assertThat(moved.variables()).containsExactly(Map.entry("backend", "v2.example.com"));
        assertThat(moved.cacheClusterStatus()).isEqualTo(CacheClusterStatus.AVAILABLE);
        assertThat(moved.cacheClusterSize()).isEqualTo("0.5");
        assertThat(moved.createdDate()).isEqualTo(created.createdDate());

        assertThatThrownBy(() -> client.createDeployment(r -> r.restApiId(api).stageName("bad name")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Stage name only allows a-zA-Z0-9_-");
        assertThatThrownBy(() -> client.createDeployment(
                        r -> r.restApiId(api).stageName("prod").variables(Map.of("bad-name", "x"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining(
                        "Invalid stage variable name: bad-name.  Please use names with only word" + " characters.");
        assertThat(client.getStage(r -> r.restApiId(api).stageName("prod")).deploymentId())
                .isEqualTo(second);
        assertThat(client.getDeployments(r -> r.restApiId(api)).items()).hasSize(2);
    }

    @Test
    void aCanaryDeploymentBecomesTheStagesCanary() {
        String api = TestMethods.deployableApi(admin, "canary");
        String base =
                client.createDeployment(r -> r.restApiId(api).stageName("dev")).id();

        assertThatThrownBy(() ->
                        client.createDeployment(r -> r.restApiId(api).canarySettings(c -> c.percentTraffic(50.0))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid deployment content specified.Non null and non empty stageName must be"
                        + " provided for canary deployment. Provided value is null");
        assertThatThrownBy(() -> client.createDeployment(
                        r -> r.restApiId(api).stageName("").canarySettings(c -> c.percentTraffic(50.0))))
                .isInstanceOf(BadRequestException.class)
                // the empty name is quoted as is, so the message ends right after "is "
                .hasMessageContaining("Provided value is  (Service");
        assertThatThrownBy(() -> client.createDeployment(
                        r -> r.restApiId(api).stageName("non-existing").canarySettings(c -> c.percentTraffic(50.0))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid deployment content specified.Stage non-existing must already be created"
                        + " before making a canary release deployment");
        assertThat(client.getDeployments(r -> r.restApiId(api)).items()).hasSize(1);

        String canary = client.createDeployment(
                        r -> r.restApiId(api).stageName("dev").canarySettings(c -> c.percentTraffic(50.0)
                                .stageVariableOverrides(Map.of("testVar", "canary"))))
                .id();
        GetStageResponse stage = client.getStage(r -> r.restApiId(api).stageName("dev"));
        assertThat(stage.deploymentId()).isEqualTo(base);
        assertThat(stage.canarySettings().deploymentId()).isEqualTo(canary);
        assertThat(stage.canarySettings().percentTraffic()).isEqualTo(50.0);
        assertThat(stage.canarySettings().useStageCache()).isFalse();
        assertThat(stage.canarySettings().stageVariableOverrides()).containsExactly(Map.entry("testVar", "canary"));

        // a second canary deployment replaces the whole canary
        String canary2 = client.createDeployment(
                        r -> r.restApiId(api).stageName("dev").canarySettings(c -> c.percentTraffic(10.0)))
                .id();
        GetStageResponse again = client.getStage(r -> r.restApiId(api).stageName("dev"));
        assertThat(again.deploymentId()).isEqualTo(base);
        assertThat(again.canarySettings().deploymentId()).isEqualTo(canary2);
        assertThat(again.canarySettings().percentTraffic()).isEqualTo(10.0);
        assertThat(again.canarySettings().hasStageVariableOverrides()).isFalse();
    }

    @Test
    void listsDeploymentsAcrossPages() {
        String api = TestMethods.deployableApi(admin, "paged");
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(client.createDeployment(r -> r.restApiId(api)).id());
        }
        GetDeploymentsResponse first =
                client.getDeployments(r -> r.restApiId(api).limit(2));
        assertThat(first.items()).hasSize(2);
        assertThat(first.position()).isNotNull();
        assertThat(first.items()).allSatisfy(d -> assertThat(d.hasApiSummary()).isFalse());
        List<String> all = client.getDeploymentsPaginator(r -> r.restApiId(api).limit(2)).items().stream()
                .map(Deployment::id)
                .toList();
        assertThat(all).containsExactlyInAnyOrderElementsOf(created);
        GetDeploymentsResponse last =
                client.getDeployments(r -> r.restApiId(api).limit(5));
        assertThat(last.items()).hasSize(5);
        assertThat(last.position()).isNull();
    }

    @Test
    void updatesTheDescriptionOnly() {
        String api = TestMethods.deployableApi(admin, "described");
        String id = client.createDeployment(r -> r.restApiId(api).description("old"))
                .id();
        var updated = client.updateDeployment(r -> r.restApiId(api)
                .deploymentId(id)
                .patchOperations(p -> p.op(Op.REPLACE).path("/description").value("new")));
        assertThat(updated.description()).isEqualTo("new");
        assertThat(updated.hasApiSummary()).isFalse();

        assertThatThrownBy(() -> client.updateDeployment(r -> r.restApiId(api)
                        .deploymentId(id)
                        .patchOperations(
                                p -> p.op(Op.REPLACE).path("/description").value("newer"),
                                p -> p.op(Op.REPLACE).path("/createdDate").value("0"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid patch path  '/createdDate' specified for op 'replace'. Must be one of:"
                        + " [/description]");
        assertThat(client.getDeployment(r -> r.restApiId(api).deploymentId(id)).description())
                .isEqualTo("new");
    }

    @Test
    void aDeploymentInUseCannotBeDeleted() {
        String api = TestMethods.deployableApi(admin, "in-use");
        String live =
                client.createDeployment(r -> r.restApiId(api).stageName("prod")).id();
        String canary = client.createDeployment(
                        r -> r.restApiId(api).stageName("prod").canarySettings(c -> c.percentTraffic(5.0)))
                .id();

        assertThatThrownBy(() -> client.deleteDeployment(r -> r.restApiId(api).deploymentId(live)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Active stages pointing to this deployment must be moved or deleted");
        assertThatThrownBy(() -> client.deleteDeployment(r -> r.restApiId(api).deploymentId(canary)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining(
                        "Active stages with canary settings pointing to this deployment must be moved or deleted");
        assertThat(client.getDeployments(r -> r.restApiId(api)).items()).hasSize(2);

        client.deleteStage(r -> r.restApiId(api).stageName("prod"));
        HttpResponse<String> deleted = admin.signed("DELETE", "/restapis/" + api + "/deployments/" + live, null);
        assertThat(deleted.statusCode()).isEqualTo(202);
        assertThat(deleted.body()).isEmpty();
        assertThat(admin.store
                        .read(tx -> tx.get(Kinds.DEPLOYMENT_CONTENT, api, live))
                        .isPresent())
                .isFalse();
        assertThatThrownBy(() -> client.getDeployment(r -> r.restApiId(api).deploymentId(live)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid Deployment identifier specified");
        client.deleteDeployment(r -> r.restApiId(api).deploymentId(canary));
        assertThat(client.getDeployments(r -> r.restApiId(api)).items()).isEmpty();
    }

    @Test
    void unknownDeploymentsAndApisAreNotFound() {
        String api = TestMethods.deployableApi(admin, "unknowns");
        assertThatThrownBy(() -> client.getDeployment(r -> r.restApiId(api).deploymentId("nope00")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid Deployment identifier specified");
        assertThatThrownBy(() -> client.deleteDeployment(r -> r.restApiId(api).deploymentId("nope00")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid Deployment identifier specified");
        assertThatThrownBy(() -> client.updateDeployment(
                        r -> r.restApiId(api).deploymentId("nope00").patchOperations(p -> p.op(Op.REPLACE)
                                .path("/description")
                                .value("x"))))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid Deployment identifier specified");
        assertThatThrownBy(() -> client.createDeployment(r -> r.restApiId("nope123456")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid API identifier specified 123456789012:nope123456");
        assertThatThrownBy(() -> client.getDeployments(r -> r.restApiId("nope123456")))
                .isInstanceOf(NotFoundException.class);
    }

    private static JsonNode readTree(String body) {
        try {
            return admin.json.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
