package io.turnpike.controlplane;

import io.turnpike.aws.Ids;
import io.turnpike.model.rest.Integration;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.Resource;
import io.turnpike.model.rest.RestApi;
import io.turnpike.store.Kinds;
import io.turnpike.store.Store;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts methods and resources straight into the store, as the method and resource operations would: for
 * tests of the families that need a deployable API without depending on those operations.
 */
public final class TestMethods {

    private TestMethods() {}

    /** A new API whose root resource has {@code GET} with a MOCK integration; returns the API id. */
    public static String deployableApi(AdminFixture admin, String name) {
        String id = admin.client().createRestApi(r -> r.name(name)).id();
        put(admin, id, rootId(admin, id), "GET", "NONE", false, "http://example.com/v1");
        return id;
    }

    public static String rootId(AdminFixture admin, String restApiId) {
        return admin.store
                .read(tx -> tx.get(Kinds.REST_API, Store.GLOBAL, restApiId))
                .map(RestApi::rootResourceId)
                .orElseThrow();
    }

    /** Puts (or replaces) a method with a MOCK integration whose uri is {@code uri}. */
    public static void put(
            AdminFixture admin,
            String restApiId,
            String resourceId,
            String verb,
            String authorizationType,
            boolean apiKeyRequired,
            String uri) {
        Integration integration = new Integration(
                "MOCK",
                null,
                uri,
                null,
                null,
                null,
                null,
                Map.of("application/json", "{\"statusCode\": 200}"),
                "WHEN_NO_MATCH",
                null,
                29000,
                resourceId,
                null,
                null,
                null,
                null,
                null);
        putMethod(admin, restApiId, resourceId, method(verb, authorizationType, apiKeyRequired, integration));
    }

    /** Puts a method that has no integration yet. */
    public static void putWithoutIntegration(AdminFixture admin, String restApiId, String resourceId, String verb) {
        putMethod(admin, restApiId, resourceId, method(verb, "NONE", false, null));
    }

    /** Adds a child resource; returns its id. */
    public static String addResource(AdminFixture admin, String restApiId, String parentId, String pathPart) {
        String id = Ids.short6();
        admin.store.write(tx -> {
            Resource parent = tx.get(Kinds.RESOURCE, restApiId, parentId).orElseThrow();
            String path = (parent.path().equals("/") ? "" : parent.path()) + "/" + pathPart;
            tx.put(Kinds.RESOURCE, restApiId, id, new Resource(id, parentId, pathPart, path, null));
            return null;
        });
        return id;
    }

    private static Method method(String verb, String authorizationType, boolean apiKeyRequired, Integration i) {
        return new Method(verb, authorizationType, null, apiKeyRequired, null, null, null, null, null, i, null);
    }

    private static void putMethod(AdminFixture admin, String restApiId, String resourceId, Method method) {
        admin.store.write(tx -> {
            Resource r = tx.get(Kinds.RESOURCE, restApiId, resourceId).orElseThrow();
            Map<String, Method> methods =
                    r.resourceMethods() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(r.resourceMethods());
            methods.put(method.httpMethod(), method);
            tx.put(
                    Kinds.RESOURCE,
                    restApiId,
                    resourceId,
                    new Resource(r.id(), r.parentId(), r.pathPart(), r.path(), methods));
            return null;
        });
    }
}
