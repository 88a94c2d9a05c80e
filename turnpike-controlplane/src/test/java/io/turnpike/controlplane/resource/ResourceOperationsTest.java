package io.turnpike.controlplane.resource;

import static io.turnpike.controlplane.resource.AwsErrors.badRequest;
import static io.turnpike.controlplane.resource.AwsErrors.conflict;
import static io.turnpike.controlplane.resource.AwsErrors.notFound;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.turnpike.controlplane.AdminFixture;
import io.turnpike.model.rest.Resource;
import io.turnpike.store.Kinds;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.CreateResourceResponse;
import software.amazon.awssdk.services.apigateway.model.CreateRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.GetResourcesResponse;
import software.amazon.awssdk.services.apigateway.model.Op;

class ResourceOperationsTest {

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

    private static CreateRestApiResponse api() {
        return client.createRestApi(r -> r.name("tree"));
    }

    private static CreateResourceResponse child(String apiId, String parentId, String pathPart) {
        return client.createResource(r -> r.restApiId(apiId).parentId(parentId).pathPart(pathPart));
    }

    private static Map<String, String> pathsById(String apiId) {
        return client.getResourcesPaginator(r -> r.restApiId(apiId)).items().stream()
                .collect(Collectors.toMap(
                        software.amazon.awssdk.services.apigateway.model.Resource::id,
                        software.amazon.awssdk.services.apigateway.model.Resource::path));
    }

    @Test
    void createsResourcesWithAwsIdsAndFullPaths() {
        var api = api();
        var pets = child(api.id(), api.rootResourceId(), "pets");
        assertThat(pets.id()).matches("[a-z0-9]{6}");
        assertThat(pets.parentId()).isEqualTo(api.rootResourceId());
        assertThat(pets.pathPart()).isEqualTo("pets");
        assertThat(pets.path()).isEqualTo("/pets");
        assertThat(pets.hasResourceMethods()).isFalse();

        var pet = child(api.id(), pets.id(), "{petId}");
        assertThat(pet.path()).isEqualTo("/pets/{petId}");
        assertThat(pet.parentId()).isEqualTo(pets.id());

        var got = client.getResource(r -> r.restApiId(api.id()).resourceId(pet.id()));
        assertThat(got.path()).isEqualTo("/pets/{petId}");
        assertThat(got.pathPart()).isEqualTo("{petId}");

        var root = client.getResource(r -> r.restApiId(api.id()).resourceId(api.rootResourceId()));
        assertThat(root.path()).isEqualTo("/");
        assertThat(root.parentId()).isNull();
        assertThat(root.pathPart()).isNull();

        assertThat(pathsById(api.id()))
                .containsOnly(
                        Map.entry(api.rootResourceId(), "/"),
                        Map.entry(pets.id(), "/pets"),
                        Map.entry(pet.id(), "/pets/{petId}"));
    }

    @Test
    void rootJsonHasOnlyIdAndPath() {
        var api = api();
        HttpResponse<String> raw = admin.signed("GET", "/restapis/" + api.id() + "/resources", null);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).isEqualTo("{\"item\":[{\"id\":\"" + api.rootResourceId() + "\",\"path\":\"/\"}]}");
    }

    @Test
    void listsResourcesAcrossPages() {
        var api = api();
        Set<String> created = new HashSet<>();
        created.add(api.rootResourceId());
        for (int i = 0; i < 6; i++) {
            created.add(child(api.id(), api.rootResourceId(), "r" + i).id());
        }
        Set<String> seen = new HashSet<>();
        String position = null;
        int pages = 0;
        do {
            String pos = position;
            GetResourcesResponse page =
                    client.getResources(r -> r.restApiId(api.id()).limit(3).position(pos));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            page.items().forEach(i -> assertThat(seen.add(i.id())).isTrue());
            position = page.position();
            pages++;
        } while (position != null);
        assertThat(seen).isEqualTo(created);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void getResourcesNamesMethodsUnlessAskedToEmbedThem() throws Exception {
        var api = api();
        var pets = child(api.id(), api.rootResourceId(), "pets");
        for (String verb : List.of("GET", "POST")) {
            client.putMethod(r ->
                    r.restApiId(api.id()).resourceId(pets.id()).httpMethod(verb).authorizationType("NONE"));
        }

        HttpResponse<String> summary = admin.signed("GET", "/restapis/" + api.id() + "/resources", null);
        JsonNode petsItem = find(admin.json.readTree(summary.body()).get("item"), pets.id());
        assertThat(petsItem.get("resourceMethods").toString()).isEqualTo("{\"GET\":{},\"POST\":{}}");

        HttpResponse<String> embedded = admin.signed("GET", "/restapis/" + api.id() + "/resources?embed=methods", null);
        JsonNode full = find(admin.json.readTree(embedded.body()).get("item"), pets.id());
        assertThat(full.at("/resourceMethods/GET").toString())
                .isEqualTo("{\"httpMethod\":\"GET\",\"authorizationType\":\"NONE\",\"apiKeyRequired\":false}");

        var viaSdk = client.getResources(r -> r.restApiId(api.id()).embed("methods")).items().stream()
                .filter(i -> i.id().equals(pets.id()))
                .findFirst()
                .orElseThrow();
        assertThat(viaSdk.resourceMethods().get("POST").authorizationType()).isEqualTo("NONE");

        var single = client.getResource(r -> r.restApiId(api.id()).resourceId(pets.id()));
        assertThat(single.resourceMethods()).containsOnlyKeys("GET", "POST");
        assertThat(single.resourceMethods().get("GET").httpMethod()).isEqualTo("GET");
        assertThat(single.resourceMethods().get("GET").apiKeyRequired()).isFalse();
    }

    @Test
    void acceptsAwsPathPartsAndRejectsOthersWithAwsMessage() {
        var api = api();
        for (String valid : List.of("users", "{user_id}", "v1.2", "us:er_0-9", "a~b", "files@2x")) {
            var parent = child(api.id(), api.rootResourceId(), "p" + Math.abs(valid.hashCode()));
            assertThat(child(api.id(), parent.id(), valid).pathPart()).isEqualTo(valid);
        }
        var greedyParent = child(api.id(), api.rootResourceId(), "greedy");
        assertThat(child(api.id(), greedyParent.id(), "{proxy+}").path()).isEqualTo("/greedy/{proxy+}");

        for (String invalid : List.of("/users", "users/", "users/{user_id}", "us{er", "us+er", "{a}b", "{}", "a b")) {
            badRequest(
                    () -> child(api.id(), api.rootResourceId(), invalid),
                    "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and"
                            + " an optional plus sign before the closing brace.");
        }
    }

    @Test
    void greedyVariablesEndAPathAndVariablesHaveNoVariableSiblings() {
        var api = api();
        String root = api.rootResourceId();
        var proxy = child(api.id(), root, "{proxy+}");
        badRequest(
                () -> child(api.id(), root, "{dynamic}"),
                "A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed");
        badRequest(
                () -> child(api.id(), proxy.id(), "child"),
                "Cannot create a child of a resource with a greedy path variable: {proxy+}");
        badRequest(
                () -> child(api.id(), proxy.id(), "{child}"),
                "Cannot create a child of a resource with a greedy path variable: {proxy+}");

        var parent = child(api.id(), root, "parent");
        var id = child(api.id(), parent.id(), "{id}");
        badRequest(
                () -> child(api.id(), parent.id(), "{name}"),
                "A sibling ({id}) of this resource already has a variable path part -- only one is allowed");
        conflict(
                () -> child(api.id(), parent.id(), "{id}"),
                "Another resource with the same parent already has this name: {id}");
        // a literal sibling beside a variable is fine
        assertThat(child(api.id(), parent.id(), "static").path()).isEqualTo("/parent/static");
        assertThat(child(api.id(), id.id(), "{rest+}").path()).isEqualTo("/parent/{id}/{rest+}");
    }

    @Test
    void siblingsMustHaveDistinctNames() {
        var api = api();
        child(api.id(), api.rootResourceId(), "pets");
        conflict(
                () -> child(api.id(), api.rootResourceId(), "pets"),
                "Another resource with the same parent already has this name: pets");
        // the same name under another parent is a different path
        var v1 = child(api.id(), api.rootResourceId(), "v1");
        assertThat(child(api.id(), v1.id(), "pets").path()).isEqualTo("/v1/pets");
    }

    @Test
    void unknownParentsResourcesAndApisAreNotFound() {
        var api = api();
        notFound(() -> child(api.id(), "nope00", "pets"), "Invalid Resource identifier specified");
        notFound(() -> child("nosuchapi0", api.rootResourceId(), "pets"), "Invalid Resource identifier specified");
        notFound(
                () -> client.getResource(r -> r.restApiId(api.id()).resourceId("nope00")),
                "Invalid Resource identifier specified");
        notFound(
                () -> client.deleteResource(r -> r.restApiId(api.id()).resourceId("nope00")),
                "Invalid Resource identifier specified");
        notFound(
                () -> client.getResources(r -> r.restApiId("nosuchapi0")),
                "Invalid API identifier specified 123456789012:nosuchapi0");
    }

    @Test
    void renamingRewritesThePathOfTheWholeSubtree() {
        var api = api();
        var a = child(api.id(), api.rootResourceId(), "a");
        var b = child(api.id(), a.id(), "b");
        var c = child(api.id(), b.id(), "{c}");
        client.putMethod(
                r -> r.restApiId(api.id()).resourceId(c.id()).httpMethod("GET").authorizationType("NONE"));

        var renamed = client.updateResource(r -> r.restApiId(api.id())
                .resourceId(a.id())
                .patchOperations(p -> p.op(Op.REPLACE).path("/pathPart").value("z")));
        assertThat(renamed.path()).isEqualTo("/z");
        assertThat(renamed.pathPart()).isEqualTo("z");
        assertThat(renamed.parentId()).isEqualTo(api.rootResourceId());

        assertThat(pathsById(api.id()))
                .containsEntry(a.id(), "/z")
                .containsEntry(b.id(), "/z/b")
                .containsEntry(c.id(), "/z/b/{c}");
        // methods travel with their resource
        assertThat(client.getMethod(
                                r -> r.restApiId(api.id()).resourceId(c.id()).httpMethod("GET"))
                        .authorizationType())
                .isEqualTo("NONE");
    }

    @Test
    void reparentingMovesTheSubtree() {
        var api = api();
        var a = child(api.id(), api.rootResourceId(), "a");
        var b = child(api.id(), a.id(), "b");
        var c = child(api.id(), b.id(), "c");
        var d = child(api.id(), api.rootResourceId(), "d");

        var moved = client.updateResource(r -> r.restApiId(api.id())
                .resourceId(b.id())
                .patchOperations(
                        p -> p.op(Op.REPLACE).path("/parentId").value(d.id()),
                        p -> p.op(Op.REPLACE).path("/pathPart").value("bee")));
        assertThat(moved.parentId()).isEqualTo(d.id());
        assertThat(moved.path()).isEqualTo("/d/bee");
        assertThat(pathsById(api.id()))
                .containsEntry(a.id(), "/a")
                .containsEntry(b.id(), "/d/bee")
                .containsEntry(c.id(), "/d/bee/c");

        // deleting the old parent leaves the moved resource alone
        client.deleteResource(r -> r.restApiId(api.id()).resourceId(a.id()));
        assertThat(pathsById(api.id())).containsOnlyKeys(api.rootResourceId(), d.id(), b.id(), c.id());
    }

    @Test
    void rejectedUpdatesAnswerAwsMessagesAndChangeNothing() {
        var api = api();
        String root = api.rootResourceId();
        var pets = child(api.id(), root, "pets");
        var sub = child(api.id(), pets.id(), "subpets");
        var dogs = child(api.id(), root, "dogs");

        badRequest(
                () -> client.updateResource(r -> r.restApiId(api.id())
                        .resourceId(pets.id())
                        .patchOperations(
                                p -> p.op(Op.REPLACE).path("/pathPart").value("cats"),
                                p -> p.op(Op.REPLACE).path("/invalid").value("x"))),
                "Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]");
        badRequest(
                () -> client.updateResource(
                        r -> r.restApiId(api.id()).resourceId(pets.id()).patchOperations(p -> p.op(Op.REMOVE)
                                .path("/pathPart"))),
                "Invalid patch path  '/pathPart' specified for op 'remove'. Please choose supported operations");
        badRequest(
                () -> client.updateResource(r -> r.restApiId(api.id())
                        .resourceId(pets.id())
                        .patchOperations(p -> p.op(Op.ADD).path("/pathPart").value("added"))),
                "Invalid patch path  '/pathPart' specified for op 'add'. Please choose supported operations");
        notFound(
                () -> client.updateResource(r -> r.restApiId(api.id())
                        .resourceId(pets.id())
                        .patchOperations(p -> p.op(Op.REPLACE).path("/parentId").value("fake00"))),
                "Invalid Resource identifier specified");
        notFound(
                () -> client.updateResource(r -> r.restApiId(api.id())
                        .resourceId("fake00")
                        .patchOperations(p -> p.op(Op.REPLACE).path("/pathPart").value("x"))),
                "Invalid Resource identifier specified");
        badRequest(
                () -> client.updateResource(r -> r.restApiId(api.id())
                        .resourceId(pets.id())
                        .patchOperations(p -> p.op(Op.REPLACE).path("/parentId").value(sub.id()))),
                "Resources cannot be cyclical.");
        badRequest(
                () -> client.updateResource(r -> r.restApiId(api.id())
                        .resourceId(pets.id())
                        .patchOperations(p -> p.op(Op.REPLACE).path("/parentId").value(pets.id()))),
                "Resources cannot be cyclical.");
        conflict(
                () -> client.updateResource(r -> r.restApiId(api.id())
                        .resourceId(dogs.id())
                        .patchOperations(p -> p.op(Op.REPLACE).path("/pathPart").value("pets"))),
                "Another resource with the same parent already has this name: pets");
        badRequest(
                () -> client.updateResource(r -> r.restApiId(api.id())
                        .resourceId(dogs.id())
                        .patchOperations(p -> p.op(Op.REPLACE).path("/pathPart").value("do gs"))),
                "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an"
                        + " optional plus sign before the closing brace.");
        badRequest(
                () -> client.updateResource(r -> r.restApiId(api.id())
                        .resourceId(pets.id())
                        .patchOperations(p -> p.op(Op.REPLACE).path("/pathPart").value("{all+}"))),
                "Cannot create a child of a resource with a greedy path variable: {all+}");
        badRequest(
                () -> client.updateResource(r -> r.restApiId(api.id())
                        .resourceId(root)
                        .patchOperations(p -> p.op(Op.REPLACE).path("/pathPart").value("x"))),
                ResourceOperations.ROOT_IMMUTABLE);

        assertThat(pathsById(api.id()))
                .containsOnly(
                        Map.entry(root, "/"),
                        Map.entry(pets.id(), "/pets"),
                        Map.entry(sub.id(), "/pets/subpets"),
                        Map.entry(dogs.id(), "/dogs"));
    }

    @Test
    void deletingAResourceDeletesItsSubtreeAndLeavesNoOrphans() {
        var api = api();
        var pets = child(api.id(), api.rootResourceId(), "pets");
        var pet = child(api.id(), pets.id(), "{id}");
        var toys = child(api.id(), pet.id(), "toys");
        client.putMethod(r ->
                r.restApiId(api.id()).resourceId(toys.id()).httpMethod("GET").authorizationType("NONE"));
        var other = child(api.id(), api.rootResourceId(), "other");

        var deleted = client.deleteResource(r -> r.restApiId(api.id()).resourceId(pets.id()));
        assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(202);

        assertThat(pathsById(api.id())).containsOnlyKeys(api.rootResourceId(), other.id());
        notFound(
                () -> client.getResource(r -> r.restApiId(api.id()).resourceId(toys.id())),
                "Invalid Resource identifier specified");
        notFound(
                () -> client.deleteResource(r -> r.restApiId(api.id()).resourceId(pet.id())),
                "Invalid Resource identifier specified");
        List<Resource> stored = admin.store.read(tx -> tx.list(Kinds.RESOURCE, api.id()));
        Set<String> ids = stored.stream().map(Resource::id).collect(Collectors.toSet());
        assertThat(ids).containsExactlyInAnyOrder(api.rootResourceId(), other.id());
        for (Resource r : stored) {
            assertThat(r.parentId() == null || ids.contains(r.parentId())).isTrue();
        }
    }

    @Test
    void theRootResourceCannotBeDeleted() {
        var api = api();
        badRequest(
                () -> client.deleteResource(r -> r.restApiId(api.id()).resourceId(api.rootResourceId())),
                ResourceOperations.ROOT_IMMUTABLE);
        assertThat(client.getResource(r -> r.restApiId(api.id()).resourceId(api.rootResourceId()))
                        .path())
                .isEqualTo("/");
    }

    private static JsonNode find(JsonNode items, String id) {
        for (JsonNode i : items) {
            if (i.get("id").asText().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no item " + id + " in " + items);
    }
}
