package io.turnpike.controlplane.resource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.Call;
import io.turnpike.controlplane.Operations;
import io.turnpike.controlplane.Reply;
import io.turnpike.controlplane.patch.PatchOperation;
import io.turnpike.controlplane.patch.PatchOperation.Op;
import io.turnpike.model.rest.Authorizer;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.MethodResponse;
import io.turnpike.model.rest.Resource;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * PutMethod, GetMethod, UpdateMethod, DeleteMethod and the method responses on a method:
 * PutMethodResponse, GetMethodResponse, UpdateMethodResponse, DeleteMethodResponse.
 *
 * <p>A method is stored inside its resource's document, with its method responses and integration
 * inside it; deleting a method deletes them too. PutMethod never replaces: AWS answers 409 for a verb
 * that already has a method, and changes go through UpdateMethod.
 */
public final class MethodOperations {

    static final List<String> AUTHORIZATION_TYPES = List.of("NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS");

    private static final String AUTHORIZER_REQUIRED = "Invalid authorizer ID specified. Setting the authorization type"
            + " to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.";
    private static final String VALIDATOR_NOT_FOUND = "Invalid Request Validator identifier specified";
    private static final String PARAMETER_NOT_FOUND = "Invalid parameter name specified";
    private static final String CONTENT_TYPE_NOT_FOUND = "Content-Type specified was not found";

    private static final TypeReference<Map<String, Boolean>> BOOLEAN_MAP = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private final AdminContext ctx;

    public MethodOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    public void register(Operations ops) {
        ops.on("PutMethod", this::put)
                .on("GetMethod", this::get)
                .on("UpdateMethod", this::update)
                .on("DeleteMethod", this::delete)
                .on("PutMethodResponse", this::putResponse)
                .on("GetMethodResponse", this::getResponse)
                .on("UpdateMethodResponse", this::updateResponse)
                .on("DeleteMethodResponse", this::deleteResponse);
    }

    // ---- methods ----

    private Reply put(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        Method created = ctx.store().write(tx -> {
            Resource resource = ResourceTree.require(tx, apiId, resourceId);
            ResourceTree.checkHttpMethod(verb);
            if (resource.resourceMethods() != null && resource.resourceMethods().containsKey(verb)) {
                throw AwsException.conflict("Method already exists for this resource");
            }
            Map<String, Boolean> params = ctx.json().convertValue(call.opt("requestParameters"), BOOLEAN_MAP);
            Mappings.checkMethodRequestParameters(params);
            String authorizationType = authorizationType(call.string("authorizationType"));
            String authorizerId = authorizerFor(tx, apiId, authorizationType, call.optString("authorizerId"));
            String validatorId = call.optString("requestValidatorId");
            checkValidator(tx, apiId, validatorId);
            Map<String, String> models = ctx.json().convertValue(call.opt("requestModels"), STRING_MAP);
            checkModels(tx, apiId, models);
            Boolean apiKeyRequired = call.optBool("apiKeyRequired");
            Method m = new Method(
                    verb,
                    authorizationType,
                    authorizerId,
                    apiKeyRequired != null && apiKeyRequired,
                    validatorId == null || validatorId.isEmpty() ? null : validatorId,
                    call.optString("operationName"),
                    params,
                    models,
                    null,
                    null,
                    ctx.json().convertValue(call.opt("authorizationScopes"), STRING_LIST));
            ResourceTree.putMethod(tx, apiId, resource, verb, m);
            return m;
        });
        return Reply.of(created);
    }

    private Reply get(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        return Reply.of(
                ctx.store().read(tx -> ResourceTree.requireMethod(ResourceTree.require(tx, apiId, resourceId), verb)));
    }

    private Reply delete(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        ctx.store().write(tx -> {
            Resource resource = ResourceTree.require(tx, apiId, resourceId);
            ResourceTree.requireMethod(resource, verb);
            ResourceTree.putMethod(tx, apiId, resource, verb, null);
            return null;
        });
        return Reply.empty();
    }

    /**
     * UpdateMethod. AWS does not use the generic patch-path answers here: a path it does not know is
     * "Invalid patch path {path}", and the scalar settings take {@code replace} only. The authorizer
     * rule is checked on the result: CUSTOM and COGNITO_USER_POOLS need an authorizer id, and any other
     * authorization type drops it (AWS ignores an authorizer id set on a NONE method).
     */
    private Reply update(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        List<PatchOperation> ops = call.patchOperations();
        Method updated = ctx.store().write(tx -> {
            Resource resource = ResourceTree.require(tx, apiId, resourceId);
            Method current = ResourceTree.requireMethod(resource, verb);
            ObjectNode m = ctx.json().valueToTree(current);
            for (PatchOperation op : ops) {
                applyMethodPatch(tx, apiId, m, op);
            }
            dropIfEmpty(m, "requestParameters");
            dropIfEmpty(m, "requestModels");
            dropIfEmpty(m, "authorizationScopes");
            Method next = ctx.json().convertValue(m, Method.class);
            Mappings.checkMethodRequestParameters(next.requestParameters());
            String authorizerId = authorizerFor(tx, apiId, next.authorizationType(), next.authorizerId());
            if (authorizerId == null) {
                m.remove("authorizerId");
                next = ctx.json().convertValue(m, Method.class);
            }
            ResourceTree.putMethod(tx, apiId, resource, verb, next);
            return next;
        });
        return Reply.of(updated);
    }

    private void applyMethodPatch(ReadTx tx, String apiId, ObjectNode m, PatchOperation op) {
        String path = op.path();
        String[] segments = path.split("/", -1);
        if (!path.startsWith("/") || segments.length > 3) {
            throw invalidPath(path);
        }
        String field = segments[1];
        String key = segments.length == 3 ? PatchOperation.unescape(segments[2]) : null;
        String value = op.value();
        switch (field) {
            case "authorizationType", "authorizerId", "apiKeyRequired", "requestValidatorId", "operationName" -> {
                if (key != null) {
                    throw invalidPath(path);
                }
                if (op.op() != Op.REPLACE) {
                    throw AwsException.badRequest("Invalid patch operation specified. Must be one of: [replace]");
                }
                switch (field) {
                    case "authorizationType" -> m.put(field, authorizationType(op.requireValue()));
                    case "apiKeyRequired" -> m.put(field, "true".equalsIgnoreCase(value));
                    case "requestValidatorId" -> {
                        checkValidator(tx, apiId, value);
                        putOrRemove(m, field, value);
                    }
                    default -> putOrRemove(m, field, value);
                }
            }
            case "authorizationScopes" -> {
                if (key != null) {
                    throw invalidPath(path);
                }
                ArrayNode scopes = m.get(field) instanceof ArrayNode a ? a : m.putArray(field);
                String scope = op.requireValue();
                switch (op.op()) {
                    case ADD -> {
                        if (!contains(scopes, scope)) {
                            scopes.add(scope);
                        }
                    }
                    case REMOVE -> {
                        for (int i = scopes.size() - 1; i >= 0; i--) {
                            if (scopes.get(i).asText().equals(scope)) {
                                scopes.remove(i);
                            }
                        }
                    }
                    default -> throw AwsException.badRequest(
                            "Invalid patch operation specified. Must be one of: [add, remove]");
                }
            }
            case "requestParameters" -> {
                if (key == null) {
                    throw invalidPath(path);
                }
                patchMapEntry(m, field, key, op, PARAMETER_NOT_FOUND, () -> {
                    Mappings.checkMethodRequestParameters(Map.of(key, true));
                    return m.booleanNode("true".equalsIgnoreCase(value));
                });
            }
            case "requestModels" -> {
                if (key == null) {
                    throw invalidPath(path);
                }
                patchMapEntry(m, field, key, op, CONTENT_TYPE_NOT_FOUND, () -> {
                    String model = op.requireValue();
                    checkModels(tx, apiId, Map.of(key, model));
                    return m.textNode(model);
                });
            }
            default -> throw invalidPath(path);
        }
    }

    // ---- method responses ----

    private Reply putResponse(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        String status = StatusCodes.check(call.string("statusCode"));
        MethodResponse created = ctx.store().write(tx -> {
            Resource resource = ResourceTree.require(tx, apiId, resourceId);
            Method method = ResourceTree.requireMethod(resource, verb);
            Map<String, Boolean> params = ctx.json().convertValue(call.opt("responseParameters"), BOOLEAN_MAP);
            Mappings.checkMethodResponseParameters(params);
            Map<String, String> models = ctx.json().convertValue(call.opt("responseModels"), STRING_MAP);
            Mappings.checkContentTypes(models);
            checkModels(tx, apiId, models);
            MethodResponse r = new MethodResponse(status, params, models);
            ResourceTree.putMethod(tx, apiId, resource, verb, withResponse(method, status, r));
            return r;
        });
        return Reply.of(created);
    }

    private Reply getResponse(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        String status = StatusCodes.check(call.string("statusCode"));
        return Reply.of(ctx.store()
                .read(tx -> requireResponse(
                        ResourceTree.requireMethod(ResourceTree.require(tx, apiId, resourceId), verb), status)));
    }

    private Reply deleteResponse(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        String status = StatusCodes.check(call.string("statusCode"));
        ctx.store().write(tx -> {
            Resource resource = ResourceTree.require(tx, apiId, resourceId);
            Method method = ResourceTree.requireMethod(resource, verb);
            requireResponse(method, status);
            ResourceTree.putMethod(tx, apiId, resource, verb, withResponse(method, status, null));
            return null;
        });
        return Reply.empty();
    }

    /**
     * UpdateMethodResponse (answered 201, as the model says). Paths are
     * {@code /responseParameters/{header}} and {@code /responseModels/{content type}}; replacing or
     * removing an entry that is not there is AWS's 404 for that map.
     */
    private Reply updateResponse(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        String status = StatusCodes.check(call.string("statusCode"));
        List<PatchOperation> ops = call.patchOperations();
        MethodResponse updated = ctx.store().write(tx -> {
            Resource resource = ResourceTree.require(tx, apiId, resourceId);
            Method method = ResourceTree.requireMethod(resource, verb);
            ObjectNode r = ctx.json().valueToTree(requireResponse(method, status));
            for (PatchOperation op : ops) {
                String[] segments = op.path().split("/", -1);
                if (!op.path().startsWith("/") || segments.length != 3 || segments[2].isEmpty()) {
                    throw invalidPath(op.path());
                }
                String key = PatchOperation.unescape(segments[2]);
                switch (segments[1]) {
                    case "responseParameters" -> patchMapEntry(r, segments[1], key, op, PARAMETER_NOT_FOUND, () -> {
                        Mappings.checkMethodResponseParameters(Map.of(key, true));
                        return r.booleanNode("true".equalsIgnoreCase(op.value()));
                    });
                    case "responseModels" -> patchMapEntry(r, segments[1], key, op, CONTENT_TYPE_NOT_FOUND, () -> {
                        String model = op.requireValue();
                        Mappings.checkContentTypes(Map.of(key, model));
                        checkModels(tx, apiId, Map.of(key, model));
                        return r.textNode(model);
                    });
                    default -> throw invalidPath(op.path());
                }
            }
            dropIfEmpty(r, "responseParameters");
            dropIfEmpty(r, "responseModels");
            MethodResponse next = ctx.json().convertValue(r, MethodResponse.class);
            ResourceTree.putMethod(tx, apiId, resource, verb, withResponse(method, status, next));
            return next;
        });
        return Reply.of(updated);
    }

    // ---- shared ----

    static MethodResponse requireResponse(Method method, String status) {
        MethodResponse r = method.methodResponses() == null
                ? null
                : method.methodResponses().get(status);
        if (r == null) {
            throw AwsException.notFound(ResourceTree.RESPONSE_NOT_FOUND);
        }
        return r;
    }

    /** The method with the response for {@code status} set, or removed when {@code response} is null. */
    static Method withResponse(Method m, String status, MethodResponse response) {
        Map<String, MethodResponse> responses =
                m.methodResponses() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m.methodResponses());
        if (response == null) {
            responses.remove(status);
        } else {
            responses.put(status, response);
        }
        return new Method(
                m.httpMethod(),
                m.authorizationType(),
                m.authorizerId(),
                m.apiKeyRequired(),
                m.requestValidatorId(),
                m.operationName(),
                m.requestParameters(),
                m.requestModels(),
                responses.isEmpty() ? null : responses,
                m.methodIntegration(),
                m.authorizationScopes());
    }

    /** The authorization type, upper-cased as AWS stores it, or a 400 naming the accepted ones. */
    private static String authorizationType(String value) {
        String type = value.toUpperCase(Locale.ROOT);
        if (!AUTHORIZATION_TYPES.contains(type)) {
            throw AwsException.badRequest("Invalid authorization type specified: " + value + " (expected: one of "
                    + AUTHORIZATION_TYPES + ")");
        }
        return type;
    }

    /**
     * The authorizer id a method of this authorization type keeps: required for CUSTOM and Cognito, and
     * it must name an authorizer of the API of the matching kind (TOKEN or REQUEST for CUSTOM,
     * COGNITO_USER_POOLS for Cognito). AWS answers an unknown id with the same message as a missing one;
     * the kind-mismatch message is ours (no recording).
     */
    private static String authorizerFor(ReadTx tx, String apiId, String authorizationType, String authorizerId) {
        if (authorizationType.equals("CUSTOM") || authorizationType.equals("COGNITO_USER_POOLS")) {
            if (authorizerId == null || authorizerId.isBlank()) {
                throw AwsException.badRequest(AUTHORIZER_REQUIRED);
            }
            Authorizer a = tx.get(Kinds.AUTHORIZER, apiId, authorizerId)
                    .orElseThrow(() -> AwsException.badRequest(AUTHORIZER_REQUIRED));
            boolean cognito = "COGNITO_USER_POOLS".equals(a.type());
            if (cognito != authorizationType.equals("COGNITO_USER_POOLS")) {
                throw AwsException.badRequest("Authorizer " + authorizerId + " is of type " + a.type()
                        + " and cannot be used with authorization type " + authorizationType);
            }
            return authorizerId;
        }
        return null;
    }

    private static void checkValidator(ReadTx tx, String apiId, String validatorId) {
        if (validatorId != null
                && !validatorId.isEmpty()
                && tx.get(Kinds.REQUEST_VALIDATOR, apiId, validatorId).isEmpty()) {
            throw AwsException.badRequest(VALIDATOR_NOT_FOUND);
        }
    }

    /** Every model named must exist in the API (models are addressed by name). */
    private static void checkModels(ReadTx tx, String apiId, Map<String, String> models) {
        if (models == null) {
            return;
        }
        for (String name : models.values()) {
            if (tx.get(Kinds.MODEL, apiId, name).isEmpty()) {
                throw AwsException.badRequest("Invalid model identifier specified: " + name);
            }
        }
    }

    /**
     * Applies add, replace or remove to one entry of a map-valued field; replace and remove need the
     * entry to exist (else {@code notFound}), add creates it.
     */
    private static void patchMapEntry(
            ObjectNode owner, String field, String key, PatchOperation op, String notFound, Supplier<JsonNode> value) {
        ObjectNode map = owner.get(field) instanceof ObjectNode o ? o : null;
        boolean exists = map != null && map.has(key);
        switch (op.op()) {
            case ADD -> {
                JsonNode v = value.get();
                (map == null ? owner.putObject(field) : map).set(key, v);
            }
            case REPLACE -> {
                if (!exists) {
                    throw AwsException.notFound(notFound);
                }
                map.set(key, value.get());
            }
            case REMOVE -> {
                if (!exists) {
                    throw AwsException.notFound(notFound);
                }
                map.remove(key);
            }
            default -> throw AwsException.badRequest(
                    "Invalid patch operation specified. Must be one of: [add, remove, replace]");
        }
    }

    private static void putOrRemove(ObjectNode node, String field, String value) {
        if (value == null || value.isEmpty()) {
            node.remove(field);
        } else {
            node.put(field, value);
        }
    }

    private static void dropIfEmpty(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v != null && v.isContainerNode() && v.isEmpty()) {
            node.remove(field);
        }
    }

    private static boolean contains(ArrayNode list, String value) {
        for (JsonNode n : list) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static AwsException invalidPath(String path) {
        return AwsException.badRequest("Invalid patch path " + path);
    }
}
