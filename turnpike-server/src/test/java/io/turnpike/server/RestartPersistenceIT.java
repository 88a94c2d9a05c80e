package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.GatewayResponseType;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.Op;

/**
 * Configuration survives a restart: build an API using every family, stop the process with SIGTERM,
 * start a new one on the same data directory, and read everything back unchanged.
 */
class RestartPersistenceIT {

    @TempDir
    Path dataDir;

    /**
     * SQLite's native library is copied into the data directory by the first start and loaded from there
     * by the next (the driver would otherwise extract it into the temporary directory on every start).
     */
    @Test
    void sqliteNativeLibraryIsKeptInTheDataDirectory() throws Exception {
        Path library;
        try (TurnpikeProcess turnpike = TurnpikeProcess.start(dataDir);
                ApiGatewayClient c = turnpike.client()) {
            c.createRestApi(r -> r.name("first"));
            List<Path> kept;
            try (Stream<Path> files = Files.find(dataDir.resolve("native"), 2, (p, a) -> p.getFileName()
                    .toString()
                    .startsWith("libsqlitejdbc"))) {
                kept = files.toList();
            }
            assertThat(kept).hasSize(1);
            library = kept.get(0);
            assertThat(library.getParent().getFileName().toString()).startsWith("sqlite-");
        }
        FileTime marked = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(library, marked);
        try (TurnpikeProcess turnpike = TurnpikeProcess.start(dataDir);
                ApiGatewayClient c = turnpike.client()) {
            assertThat(c.getRestApis(r -> {}).items()).extracting(a -> a.name()).containsExactly("first");
        }
        assertThat(Files.getLastModifiedTime(library)).as("not copied again").isEqualTo(marked);
    }

    @Test
    void everythingIsReadBackAfterARestart() throws Exception {
        String apiId;
        Map<String, Object> before;
        try (TurnpikeProcess turnpike = TurnpikeProcess.start(dataDir);
                ApiGatewayClient c = turnpike.client()) {
            apiId = c.createRestApi(r -> r.name("persisted").description("kept").tags(Map.of("team", "edge")))
                    .id();
            String id = apiId;
            String root = c.getResources(r -> r.restApiId(id)).items().get(0).id();
            String pets = c.createResource(r -> r.restApiId(id).parentId(root).pathPart("pets"))
                    .id();
            String pet = c.createResource(r -> r.restApiId(id).parentId(pets).pathPart("{petId}"))
                    .id();
            c.createModel(r -> r.restApiId(id)
                    .name("Pet")
                    .contentType("application/json")
                    .schema("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}"));
            String validator = c.createRequestValidator(
                            r -> r.restApiId(id).name("body").validateRequestBody(true))
                    .id();
            c.putMethod(r -> r.restApiId(id)
                    .resourceId(pet)
                    .httpMethod("GET")
                    .authorizationType("NONE")
                    .requestValidatorId(validator)
                    .requestParameters(Map.of("method.request.path.petId", true)));
            c.putIntegration(r -> r.restApiId(id)
                    .resourceId(pet)
                    .httpMethod("GET")
                    .type(IntegrationType.HTTP_PROXY)
                    .integrationHttpMethod("GET")
                    .uri("http://backend.example.com/pets/{petId}")
                    .requestParameters(Map.of("integration.request.path.petId", "method.request.path.petId")));
            c.putMethodResponse(
                    r -> r.restApiId(id).resourceId(pet).httpMethod("GET").statusCode("200"));
            c.putIntegrationResponse(r -> r.restApiId(id)
                    .resourceId(pet)
                    .httpMethod("GET")
                    .statusCode("200")
                    .selectionPattern("2\\d{2}"));
            c.putGatewayResponse(r -> r.restApiId(id)
                    .responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN)
                    .statusCode("404")
                    .responseTemplates(Map.of("application/json", "{\"message\":\"no such route\"}")));
            String deployment = c.createDeployment(
                            r -> r.restApiId(id).stageName("prod").description("v1"))
                    .id();
            c.updateStage(r -> r.restApiId(id)
                    .stageName("prod")
                    .patchOperations(
                            p -> p.op(Op.REPLACE).path("/variables/backend").value("b.example.com"),
                            p -> p.op(Op.REPLACE)
                                    .path("/~1pets~1{petId}/GET/throttling/burstLimit")
                                    .value("7")));
            c.updateAccount(r -> r.patchOperations(
                    p -> p.op(Op.REPLACE).path("/cloudwatchRoleArn").value("arn:aws:iam::123456789012:role/logs")));
            before = snapshot(c, id);
            assertThat(before.get("deployment")).isNotNull();
            assertThat(deployment).isNotBlank();
        }

        try (TurnpikeProcess turnpike = TurnpikeProcess.start(dataDir);
                ApiGatewayClient c = turnpike.client()) {
            assertThat(snapshot(c, apiId)).isEqualTo(before);
        }
    }

    /**
     * Everything a user could read back about the API, as the SDK renders each value (responses carry
     * per-request metadata, so they are compared by their fields' rendering, not by equals).
     */
    private static Map<String, Object> snapshot(ApiGatewayClient c, String id) {
        Map<String, Object> s = new java.util.TreeMap<>();
        s.put("api", c.getRestApi(r -> r.restApiId(id)));
        s.put("resources", c.getResources(r -> r.restApiId(id).embed("methods")).items());
        s.put("models", c.getModels(r -> r.restApiId(id)).items());
        s.put("validators", c.getRequestValidators(r -> r.restApiId(id)).items());
        s.put(
                "gatewayResponses",
                c.getGatewayResponses(r -> r.restApiId(id).limit(500)).items());
        s.put("deployment", c.getDeployments(r -> r.restApiId(id)).items());
        s.put("stages", c.getStages(r -> r.restApiId(id)).item());
        s.put(
                "tags",
                c.getTags(r -> r.resourceArn("arn:aws:apigateway:us-east-1::/restapis/" + id))
                        .tags());
        s.put("account", c.getAccount(r -> {}));
        s.replaceAll((k, v) -> v.toString());
        return s;
    }
}
