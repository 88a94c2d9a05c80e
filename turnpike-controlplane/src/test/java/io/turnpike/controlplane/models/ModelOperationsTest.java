package io.turnpike.controlplane.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.turnpike.controlplane.AdminFixture;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.MethodResponse;
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
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateModelResponse;
import software.amazon.awssdk.services.apigateway.model.CreateRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.GetModelsResponse;
import software.amazon.awssdk.services.apigateway.model.Model;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;

class ModelOperationsTest {

    static final String PET_SCHEMA = "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"Pet\","
            + "\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"}},"
            + "\"required\":[\"name\"]}";

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

    static CreateRestApiResponse newApi() {
        return client.createRestApi(r -> r.name("models"));
    }

    static String modelUrl(String apiId, String name) {
        return "https://apigateway.amazonaws.com/restapis/" + apiId + "/models/" + name;
    }

    @Test
    void createsGetsAndListsModelsBesideTheTwoDefaults() {
        String api = newApi().id();
        CreateModelResponse created = client.createModel(r -> r.restApiId(api)
                .name("Pet")
                .description("a pet")
                .contentType("application/json")
                .schema(PET_SCHEMA));
        assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(created.id()).matches("[a-z0-9]{6}");
        assertThat(created.name()).isEqualTo("Pet");
        assertThat(created.description()).isEqualTo("a pet");
        assertThat(created.contentType()).isEqualTo("application/json");
        assertThat(created.schema()).isEqualTo(PET_SCHEMA);

        var got = client.getModel(r -> r.restApiId(api).modelName("Pet"));
        assertThat(got.id()).isEqualTo(created.id());
        assertThat(got.schema()).isEqualTo(PET_SCHEMA);

        // an empty description is not kept
        var plain = client.createModel(r -> r.restApiId(api)
                .name("Plain")
                .description("")
                .contentType("application/json")
                .schema("{\"type\":\"object\"}"));
        assertThat(plain.description()).isNull();

        List<String> names = client.getModels(r -> r.restApiId(api)).items().stream()
                .map(Model::name)
                .toList();
        assertThat(names).containsExactly("Empty", "Error", "Pet", "Plain");
        var empty = client.getModel(r -> r.restApiId(api).modelName("Empty"));
        assertThat(empty.description()).isEqualTo("This is a default empty schema model");
        assertThat(empty.schema()).contains("\"title\" : \"Empty Schema\"");
    }

    @Test
    void rejectsBadModelsWithAwsMessagesAndStoresNothing() {
        String api = newApi().id();
        assertThatThrownBy(() -> client.createModel(r -> r.restApiId("nosuchapi1")
                        .name("Pet")
                        .contentType("application/json")
                        .schema(PET_SCHEMA)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid API identifier specified 123456789012:nosuchapi1");
        assertBadCreate(api, "", PET_SCHEMA, "Model name must be non-empty");
        assertBadCreate(api, "my-pet", PET_SCHEMA, "Model name must be alphanumeric: my-pet");
        assertBadCreate(api, "Pet", null, "Model schema must have at least 1 property or array items defined");
        assertBadCreate(api, "Pet", "", "Model schema must have at least 1 property or array items defined");
        String invalid =
                "Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]";
        assertBadCreate(api, "Pet", "{not json", invalid);
        assertBadCreate(api, "Pet", "{\"type\":\"object\",\"required\":[]}", invalid);
        assertBadCreate(api, "Pet", "{\"type\":\"animal\"}", invalid);
        assertBadCreate(
                api,
                "Pet",
                "{\"type\":\"object\",\"properties\":{\"owner\":{\"$ref\":\"" + modelUrl(api, "Owner")
                        + "\"},\"vet\":{\"$ref\":\"" + modelUrl(api, "Vet") + "\"}}}",
                "Invalid model specified: Validation Result: warnings : [], errors : [Invalid model specified: Owner,"
                        + " Invalid model specified: Vet]");
        assertThat(client.getModels(r -> r.restApiId(api)).items())
                .extracting(Model::name)
                .containsExactly("Empty", "Error");

        assertThatThrownBy(() -> client.createModel(r -> r.restApiId(api)
                        .name("Empty")
                        .contentType("application/json")
                        .schema(PET_SCHEMA)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("Model name already exists for this REST API")
                .satisfies(e -> assertThat(((ConflictException) e).statusCode()).isEqualTo(409));
    }

    private static void assertBadCreate(String api, String name, String schema, String message) {
        assertThatThrownBy(() -> client.createModel(r -> r.restApiId(api)
                        .name(name)
                        .contentType("application/json")
                        .schema(schema)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith(message + " (Service: ApiGateway, Status Code: 400");
    }

    @Test
    void unknownModelsAreNotFoundByName() {
        String api = newApi().id();
        for (String apiId : List.of(api, "nosuchapi1")) {
            assertThatThrownBy(() -> client.getModel(r -> r.restApiId(apiId).modelName("Ghost")))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Invalid model name specified: Ghost");
            assertThatThrownBy(() -> client.deleteModel(r -> r.restApiId(apiId).modelName("Ghost")))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Invalid model name specified: Ghost");
            assertThatThrownBy(() -> client.updateModel(
                            r -> r.restApiId(apiId).modelName("Ghost").patchOperations(p -> p.op(Op.REPLACE)
                                    .path("/description")
                                    .value("x"))))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Invalid model name specified: Ghost");
            assertThatThrownBy(() ->
                            client.getModelTemplate(r -> r.restApiId(apiId).modelName("Ghost")))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Invalid model name specified: Ghost");
        }
        assertThatThrownBy(() -> client.getModels(r -> r.restApiId("nosuchapi1")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid API identifier specified 123456789012:nosuchapi1");
    }

    @Test
    void modelsReferToOtherModelsAndFlattenOnRequest() {
        String api = newApi().id();
        String address = "{\"type\":\"object\",\"properties\":{\"street\":{\"type\":\"string\"}}}";
        client.createModel(r ->
                r.restApiId(api).name("Address").contentType("application/json").schema(address));
        String person =
                "{\"type\":\"object\",\"properties\":{\"home\":{\"$ref\":\"" + modelUrl(api, "Address") + "\"}}}";
        client.createModel(r ->
                r.restApiId(api).name("Person").contentType("application/json").schema(person));

        assertThat(client.getModel(r -> r.restApiId(api).modelName("Person")).schema())
                .isEqualTo(person);
        assertThat(client.getModel(r -> r.restApiId(api).modelName("Person").flatten(true))
                        .schema())
                .isEqualTo("{\"type\":\"object\",\"properties\":{\"home\":{\"type\":\"object\",\"properties\":"
                        + "{\"street\":{\"type\":\"string\"}}}}}");
        assertThat(client.getModelTemplate(r -> r.restApiId(api).modelName("Person"))
                        .value())
                .isEqualTo("#set($inputRoot = $input.path('$'))\n{\n  \"home\" : {\n"
                        + "    \"street\" : \"$inputRoot.home.street\"\n  }\n}");
    }

    @Test
    void listsModelsAcrossPages() {
        String api = newApi().id();
        Set<String> created = new HashSet<>(List.of("Empty", "Error"));
        for (int i = 0; i < 5; i++) {
            String name = "M" + i;
            created.add(name);
            client.createModel(r ->
                    r.restApiId(api).name(name).contentType("application/json").schema("{\"type\":\"object\"}"));
        }
        Set<String> seen = new HashSet<>();
        String position = null;
        int pages = 0;
        do {
            String pos = position;
            GetModelsResponse page =
                    client.getModels(r -> r.restApiId(api).limit(3).position(pos));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            page.items().forEach(m -> assertThat(seen.add(m.name())).isTrue());
            position = page.position();
            pages++;
        } while (position != null);
        assertThat(seen).isEqualTo(created);
        assertThat(pages).isEqualTo(3);
        assertThat(client.getModelsPaginator(r -> r.restApiId(api).limit(2)).items().stream()
                        .map(Model::name))
                .containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void updatesDescriptionAndSchemaAndRevalidates() {
        String api = newApi().id();
        client.createModel(r -> r.restApiId(api)
                .name("Pet")
                .description("old")
                .contentType("application/json")
                .schema(PET_SCHEMA));
        String newSchema = "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}";
        var updated = client.updateModel(r -> r.restApiId(api)
                .modelName("Pet")
                .patchOperations(
                        p -> p.op(Op.REPLACE).path("/description").value("new"),
                        p -> p.op(Op.REPLACE).path("/schema").value(newSchema)));
        assertThat(updated.description()).isEqualTo("new");
        assertThat(updated.schema()).isEqualTo(newSchema);
        assertThat(updated.contentType()).isEqualTo("application/json");

        var cleared = client.updateModel(r -> r.restApiId(api)
                .modelName("Pet")
                .patchOperations(p -> p.op(Op.REPLACE).path("/description").value("")));
        assertThat(cleared.description()).isNull();

        assertBadUpdate(
                api,
                Op.REPLACE,
                "/name",
                "x",
                "Invalid patch path  '/name' specified for op 'replace'. Must be one of: [/description, /schema]");
        assertBadUpdate(
                api,
                Op.ADD,
                "/description",
                "x",
                "Invalid patch path  '/description' specified for op 'add'. Please choose supported operations");
        assertBadUpdate(
                api, Op.REPLACE, "/schema", "", "Model schema must have at least 1 property or array items defined");
        assertBadUpdate(
                api,
                Op.REPLACE,
                "/schema",
                "{\"type\":1}",
                "Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]");
        assertBadUpdate(
                api,
                Op.REPLACE,
                "/schema",
                "{\"$ref\":\"" + modelUrl(api, "Nope") + "\"}",
                "Invalid model specified: Validation Result: warnings : [], errors : [Invalid model specified: Nope]");

        // a rejected update changes nothing, not even the operations before the bad one
        assertThatThrownBy(() -> client.updateModel(r -> r.restApiId(api)
                        .modelName("Pet")
                        .patchOperations(
                                p -> p.op(Op.REPLACE).path("/description").value("changed"),
                                p -> p.op(Op.REPLACE).path("/schema").value("nope"))))
                .isInstanceOf(BadRequestException.class);
        var after = client.getModel(r -> r.restApiId(api).modelName("Pet"));
        assertThat(after.description()).isNull();
        assertThat(after.schema()).isEqualTo(newSchema);
    }

    private static void assertBadUpdate(String api, Op op, String path, String value, String message) {
        assertThatThrownBy(() -> client.updateModel(r -> r.restApiId(api)
                        .modelName("Pet")
                        .patchOperations(p -> p.op(op).path(path).value(value))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith(message + " (Service");
    }

    @Test
    void deletesModelsThatNoMethodUses() {
        CreateRestApiResponse created = newApi();
        String api = created.id();
        String root = created.rootResourceId();
        client.createModel(r ->
                r.restApiId(api).name("Pet").contentType("application/json").schema(PET_SCHEMA));

        // the methods family is written elsewhere; its documents are put here as it stores them
        putResources(
                api,
                new Resource(
                        root, null, null, "/", Map.of("POST", method("POST", Map.of("application/json", "Pet"), null))),
                new Resource(
                        "pets01",
                        root,
                        "pets",
                        "/pets",
                        Map.of(
                                "GET",
                                method(
                                        "GET",
                                        null,
                                        Map.of(
                                                "200",
                                                new MethodResponse("200", null, Map.of("application/json", "Pet")))))));
        assertThatThrownBy(() -> client.deleteModel(r -> r.restApiId(api).modelName("Pet")))
                .isInstanceOf(ConflictException.class)
                .hasMessageStartingWith("Cannot delete model 'Pet', is referenced in method request: //POST (Service");

        putResources(api, new Resource(root, null, null, "/", Map.of("POST", method("POST", null, null))));
        assertThatThrownBy(() -> client.deleteModel(r -> r.restApiId(api).modelName("Pet")))
                .isInstanceOf(ConflictException.class)
                .hasMessageStartingWith(
                        "Cannot delete model 'Pet', is referenced in method response: /pets/GET (Service");
        assertThat(client.getModel(r -> r.restApiId(api).modelName("Pet")).name())
                .isEqualTo("Pet");

        putResources(api, new Resource("pets01", root, "pets", "/pets", Map.of("GET", method("GET", null, null))));
        var deleted = client.deleteModel(r -> r.restApiId(api).modelName("Pet"));
        assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(202);
        assertThatThrownBy(() -> client.getModel(r -> r.restApiId(api).modelName("Pet")))
                .isInstanceOf(NotFoundException.class);
        // the name is free again
        client.createModel(r ->
                r.restApiId(api).name("Pet").contentType("application/json").schema(PET_SCHEMA));
    }

    static Method method(String verb, Map<String, String> requestModels, Map<String, MethodResponse> responses) {
        return new Method(verb, "NONE", null, false, null, null, null, requestModels, responses, null, null);
    }

    static void putResources(String api, Resource... resources) {
        admin.store.write(tx -> {
            for (Resource r : resources) {
                tx.put(Kinds.RESOURCE, api, r.id(), r);
            }
            return null;
        });
    }

    @Test
    void generatesTheSampleMappingTemplateOfAModel() {
        String api = newApi().id();
        client.createModel(r ->
                r.restApiId(api).name("Pet").contentType("application/json").schema(PET_SCHEMA));
        var template = client.getModelTemplate(r -> r.restApiId(api).modelName("Pet"));
        assertThat(template.value())
                .isEqualTo("#set($inputRoot = $input.path('$'))\n{\n  \"name\" : \"$inputRoot.name\",\n"
                        + "  \"age\" : $inputRoot.age\n}");
        assertThat(client.getModelTemplate(r -> r.restApiId(api).modelName("Empty"))
                        .value())
                .isEqualTo("#set($inputRoot = $input.path('$'))\n{ }");

        HttpResponse<String> raw = admin.signed("GET", "/restapis/" + api + "/models/Error/default_template", null);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body())
                .isEqualTo("{\"value\":\"#set($inputRoot = $input.path('$'))\\n{\\n"
                        + "  \\\"message\\\" : \\\"$inputRoot.message\\\"\\n}\"}");
    }
}
