package io.turnpike.controlplane.restapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.turnpike.controlplane.AdminFixture;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;
import software.amazon.awssdk.services.apigateway.model.ApiKeySourceType;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.CreateRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.EndpointType;
import software.amazon.awssdk.services.apigateway.model.GetRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.GetRestApisResponse;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.apigateway.model.RestApi;

class RestApiOperationsTest {

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

    @Test
    void createsAnApiWithAwsDefaultsRootResourceAndDefaultModels() {
        CreateRestApiResponse created = client.createRestApi(r -> r.name("demo").description("first"));
        assertThat(created.id()).matches("[a-z0-9]{10}");
        assertThat(created.rootResourceId()).matches("[a-z0-9]{10}");
        assertThat(created.name()).isEqualTo("demo");
        assertThat(created.description()).isEqualTo("first");
        assertThat(created.apiKeySource()).isEqualTo(ApiKeySourceType.HEADER);
        assertThat(created.disableExecuteApiEndpoint()).isFalse();
        assertThat(created.endpointConfiguration().types()).containsExactly(EndpointType.EDGE);
        assertThat(created.endpointConfiguration().ipAddressTypeAsString()).isEqualTo("ipv4");
        assertThat(created.createdDate()).isNotNull();
        assertThat(created.hasTags()).isFalse();

        GetRestApiResponse got = client.getRestApi(r -> r.restApiId(created.id()));
        assertThat(got.name()).isEqualTo("demo");
        assertThat(got.tags()).isEmpty();
        assertThat(got.createdDate()).isEqualTo(created.createdDate());

        var resources = client.getResources(r -> r.restApiId(created.id())).items();
        assertThat(resources).hasSize(1);
        assertThat(resources.get(0).id()).isEqualTo(created.rootResourceId());
        assertThat(resources.get(0).path()).isEqualTo("/");
        assertThat(resources.get(0).parentId()).isNull();
        assertThat(resources.get(0).hasResourceMethods()).isFalse();
    }

    @Test
    void cloneFromCopiesTheResourceTreeWithNewIds() {
        var source = client.createRestApi(r -> r.name("original"));
        String apiId = source.id();
        var pets = client.createResource(
                r -> r.restApiId(apiId).parentId(source.rootResourceId()).pathPart("pets"));
        var pet = client.createResource(
                r -> r.restApiId(apiId).parentId(pets.id()).pathPart("{petId}"));
        client.putMethod(r -> r.restApiId(apiId)
                .resourceId(pet.id())
                .httpMethod("GET")
                .authorizationType("NONE")
                .requestParameters(Map.of("method.request.path.petId", true)));
        client.putIntegration(r -> r.restApiId(apiId)
                .resourceId(pet.id())
                .httpMethod("GET")
                .type(IntegrationType.MOCK)
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));

        var clone = client.createRestApi(r -> r.name("copy").cloneFrom(apiId));
        assertThat(clone.rootResourceId()).isNotEqualTo(source.rootResourceId());
        List<Resource> copied =
                client.getResourcesPaginator(r -> r.restApiId(clone.id()).embed("methods")).items().stream()
                        .toList();
        Map<String, Resource> byPath = new HashMap<>();
        copied.forEach(res -> byPath.put(res.path(), res));
        assertThat(byPath).containsOnlyKeys("/", "/pets", "/pets/{petId}");
        assertThat(byPath.get("/").id()).isEqualTo(clone.rootResourceId());
        assertThat(byPath.get("/pets").parentId()).isEqualTo(clone.rootResourceId());
        assertThat(byPath.get("/pets/{petId}").parentId())
                .isEqualTo(byPath.get("/pets").id());
        assertThat(copied).extracting(Resource::id).doesNotContain(pets.id(), pet.id(), source.rootResourceId());
        var method = byPath.get("/pets/{petId}").resourceMethods().get("GET");
        assertThat(method.requestParameters()).containsEntry("method.request.path.petId", true);
        assertThat(method.methodIntegration().type()).isEqualTo(IntegrationType.MOCK);

        // the copy is independent: changing it leaves the original alone
        client.deleteResource(
                r -> r.restApiId(clone.id()).resourceId(byPath.get("/pets").id()));
        assertThat(client.getResources(r -> r.restApiId(apiId)).items()).hasSize(3);
    }

    @Test
    void privateApisDefaultToDualstack() {
        var created = client.createRestApi(r -> r.name("private")
                .endpointConfiguration(e -> e.types(EndpointType.PRIVATE))
                .tags(Map.of("team", "core")));
        assertThat(created.endpointConfiguration().ipAddressTypeAsString()).isEqualTo("dualstack");
        assertThat(created.tags()).containsEntry("team", "core");
    }

    @Test
    void updatesWithPatchOperations() {
        String id = client.createRestApi(r -> r.name("patchme")).id();
        var updated = client.updateRestApi(r -> r.restApiId(id)
                .patchOperations(
                        p -> p.op(Op.REPLACE).path("/name").value("patched"),
                        p -> p.op(Op.REPLACE).path("/minimumCompressionSize").value("1024"),
                        p -> p.op(Op.ADD).path("/binaryMediaTypes/image~1png"),
                        p -> p.op(Op.ADD).path("/binaryMediaTypes/application~1octet-stream"),
                        p -> p.op(Op.REPLACE).path("/apiKeySource").value("AUTHORIZER"),
                        p -> p.op(Op.REPLACE)
                                .path("/endpointConfiguration/types/EDGE")
                                .value("REGIONAL")));
        assertThat(updated.name()).isEqualTo("patched");
        assertThat(updated.minimumCompressionSize()).isEqualTo(1024);
        assertThat(updated.binaryMediaTypes()).containsExactly("image/png", "application/octet-stream");
        assertThat(updated.apiKeySource()).isEqualTo(ApiKeySourceType.AUTHORIZER);
        assertThat(updated.endpointConfiguration().types()).containsExactly(EndpointType.REGIONAL);

        var again = client.updateRestApi(r -> r.restApiId(id)
                .patchOperations(
                        p -> p.op(Op.REMOVE).path("/binaryMediaTypes/image~1png"),
                        p -> p.op(Op.REPLACE).path("/minimumCompressionSize").value("")));
        assertThat(again.binaryMediaTypes()).containsExactly("application/octet-stream");
        assertThat(again.minimumCompressionSize()).isNull();
    }

    @Test
    void rejectedPatchChangesNothing() {
        String id = client.createRestApi(r -> r.name("atomic")).id();
        assertThatThrownBy(() -> client.updateRestApi(r -> r.restApiId(id)
                        .patchOperations(
                                p -> p.op(Op.REPLACE).path("/name").value("changed"),
                                p -> p.op(Op.REPLACE).path("/invalid").value("x"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [");
        assertThat(client.getRestApi(r -> r.restApiId(id)).name()).isEqualTo("atomic");

        assertThatThrownBy(() -> client.updateRestApi(r -> r.restApiId(id)
                        .patchOperations(p ->
                                p.op(Op.REPLACE).path("/minimumCompressionSize").value("10485761"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid minimum compression size, must be between 0 and 10485760");
    }

    @Test
    void unknownApisAreNotFound() {
        assertThatThrownBy(() -> client.getRestApi(r -> r.restApiId("nope123456")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid API identifier specified 123456789012:nope123456")
                .satisfies(
                        e -> assertThat(((ApiGatewayException) e).statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> client.deleteRestApi(r -> r.restApiId("nope123456")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void deletesAnApi() {
        String id = client.createRestApi(r -> r.name("doomed")).id();
        client.deleteRestApi(r -> r.restApiId(id));
        assertThatThrownBy(() -> client.getRestApi(r -> r.restApiId(id))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void listsEveryApiAcrossPages() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            int n = i;
            created.add(client.createRestApi(r -> r.name("paged-" + n)).id());
        }
        Set<String> seen = new HashSet<>();
        String position = null;
        int pages = 0;
        do {
            String pos = position;
            GetRestApisResponse page = client.getRestApis(r -> r.limit(3).position(pos));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            page.items().forEach(a -> seen.add(a.id()));
            position = page.position();
            pages++;
        } while (position != null);
        assertThat(seen).containsAll(created);
        assertThat(pages).isGreaterThanOrEqualTo(3);
        // the paginator the SDK ships walks the same pages
        List<String> all = client.getRestApisPaginator(r -> r.limit(2)).items().stream()
                .map(RestApi::id)
                .toList();
        assertThat(all).containsAll(created).doesNotHaveDuplicates();
    }

    @Test
    void badInputGetsAwsShapedErrors() {
        HttpResponse<String> malformed = admin.signed("POST", "/restapis", "{not json");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("x-amzn-ErrorType")).hasValue("BadRequestException");
        assertThat(malformed.body()).startsWith("{\"message\":\"Could not parse request body into json");

        HttpResponse<String> unknown = admin.signed("POST", "/restapis", "{\"name\":\"x\",\"colour\":\"red\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown member 'colour'");

        HttpResponse<String> wrongType = admin.signed("POST", "/restapis", "{\"name\":42}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(wrongType.body()).contains("'name' must be a string, not the number 42");

        HttpResponse<String> missing = admin.signed("POST", "/restapis", "{\"description\":\"no name\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("x-amzn-ErrorType")).hasValue("ValidationException");
        assertThat(missing.body())
                .contains("1 validation error detected: Value null at 'createRestApiInput.name' failed to satisfy"
                        + " constraint: Member must not be null");

        HttpResponse<String> badEnum =
                admin.signed("POST", "/restapis", "{\"name\":\"x\",\"apiKeySource\":\"COOKIE\"}");
        assertThat(badEnum.statusCode()).isEqualTo(400);
        assertThat(badEnum.headers().firstValue("x-amzn-ErrorType")).hasValue("ValidationException");
        assertThat(badEnum.body())
                .contains("Value 'COOKIE' at 'createRestApiInput.apiKeySource' failed to satisfy constraint:"
                        + " Member must satisfy enum value set: [HEADER, AUTHORIZER]");

        String id = client.createRestApi(r -> r.name("ops")).id();
        HttpResponse<String> badOp = admin.signed(
                "PATCH", "/restapis/" + id, "{\"patchOperations\":[{\"op\":\"frobnicate\",\"path\":\"/name\"}]}");
        assertThat(badOp.statusCode()).isEqualTo(400);
        assertThat(badOp.body())
                .contains("Value 'frobnicate' at 'updateRestApiInput.patchOperations.1.member.op' failed to satisfy"
                        + " constraint: Member must satisfy enum value set: [add, remove, replace, move, copy, test]");

        HttpResponse<String> noRoute = admin.signed("GET", "/nothing/here", null);
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(noRoute.headers().firstValue("x-amzn-RequestId")).isPresent();

        HttpResponse<String> badLimit = admin.signed("GET", "/restapis?limit=abc", null);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.body()).contains("Invalid query parameter 'limit': 'abc' (expected: an integer)");
    }
}
