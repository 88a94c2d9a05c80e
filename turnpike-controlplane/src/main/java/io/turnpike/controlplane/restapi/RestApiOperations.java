package io.turnpike.controlplane.restapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.aws.Ids;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.Call;
import io.turnpike.controlplane.Operations;
import io.turnpike.controlplane.Paging;
import io.turnpike.controlplane.Reply;
import io.turnpike.controlplane.patch.PatchOperation;
import io.turnpike.controlplane.patch.PatchOperation.Op;
import io.turnpike.controlplane.patch.PatchSpec;
import io.turnpike.controlplane.patch.PatchSpec.ValueType;
import io.turnpike.controlplane.tags.Tags;
import io.turnpike.model.rest.EndpointConfiguration;
import io.turnpike.model.rest.GatewayResponse;
import io.turnpike.model.rest.Model;
import io.turnpike.model.rest.RequestValidator;
import io.turnpike.model.rest.Resource;
import io.turnpike.model.rest.RestApi;
import io.turnpike.store.Kinds;
import io.turnpike.store.Store;
import io.turnpike.store.WriteTx;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CreateRestApi, GetRestApi, GetRestApis, UpdateRestApi and DeleteRestApi.
 *
 * <p>Creating an API also creates its root resource ({@code /}) and the two models every AWS API starts
 * with, {@code Empty} and {@code Error}. {@code cloneFrom} copies another API's resources (with new
 * ids), models, request validators and gateway responses.
 */
public final class RestApiOperations {

    static final int MAX_COMPRESSION_SIZE = 10 * 1024 * 1024;

    private static final PatchSpec PATCH = PatchSpec.builder()
            .scalar("/name", ValueType.STRING)
            .scalar("/description", ValueType.STRING, Op.REPLACE, Op.ADD, Op.REMOVE)
            .scalar("/version", ValueType.STRING, Op.REPLACE, Op.ADD, Op.REMOVE)
            .scalar("/apiKeySource", ValueType.STRING)
            .scalar("/policy", ValueType.STRING, Op.REPLACE, Op.ADD, Op.REMOVE)
            .scalar("/disableExecuteApiEndpoint", ValueType.BOOLEAN)
            .custom("/minimumCompressionSize", new Op[] {Op.REPLACE}, (api, op, key) -> {
                // an empty value disables compression
                if (op.value() == null || op.value().isEmpty()) {
                    api.remove("minimumCompressionSize");
                } else {
                    api.set("minimumCompressionSize", PatchSpec.convert(op.value(), ValueType.INTEGER, op.path()));
                }
            })
            .stringSet("/binaryMediaTypes")
            .keyed(
                    "/endpointConfiguration/types",
                    "/endpointConfiguration/types/{type}",
                    new Op[] {Op.REPLACE},
                    RestApiOperations::replaceEndpointType)
            .scalar("/endpointConfiguration/ipAddressType", ValueType.STRING)
            .build();

    private final AdminContext ctx;

    public RestApiOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    public void register(Operations ops) {
        ops.on("CreateRestApi", this::create)
                .on("GetRestApi", this::get)
                .on("GetRestApis", this::list)
                .on("UpdateRestApi", this::update)
                .on("DeleteRestApi", this::delete);
    }

    /** The API with that id, or AWS's 404. */
    public static RestApi require(io.turnpike.store.ReadTx tx, AdminContext ctx, String restApiId) {
        return tx.get(Kinds.REST_API, Store.GLOBAL, restApiId)
                .orElseThrow(() ->
                        AwsException.notFound("Invalid API identifier specified " + ctx.accountId() + ":" + restApiId));
    }

    private Reply create(Call call) {
        ObjectNode in = call.input();
        String name = call.string("name");
        if (name.isBlank()) {
            throw AwsException.badRequest("Invalid REST API name specified");
        }
        Integer compression = call.optInt("minimumCompressionSize");
        checkCompression(compression);
        String apiKeySource = call.optString("apiKeySource");
        EndpointConfiguration endpoint = endpointConfiguration(in.get("endpointConfiguration"));
        String policy = call.optString("policy");
        checkPolicy(policy);
        Map<String, String> tags = ctx.json().convertValue(in.get("tags"), STRING_MAP);
        Tags.check(tags);
        String id = Ids.long10();
        String rootId = Ids.long10();
        RestApi api = new RestApi(
                id,
                name,
                call.optString("description"),
                ctx.nowEpochSeconds(),
                call.optString("version"),
                null,
                nullIfEmpty(ctx.json().convertValue(in.get("binaryMediaTypes"), STRING_LIST)),
                compression,
                apiKeySource == null ? "HEADER" : apiKeySource,
                endpoint,
                policy,
                tags == null || tags.isEmpty() ? null : tags,
                Boolean.TRUE.equals(call.optBool("disableExecuteApiEndpoint")),
                rootId);
        String cloneFrom = call.optString("cloneFrom");
        ctx.store().write(tx -> {
            tx.put(Kinds.REST_API, Store.GLOBAL, id, api);
            if (cloneFrom != null) {
                cloneInto(tx, require(tx, ctx, cloneFrom), id, rootId);
            } else {
                tx.put(Kinds.RESOURCE, id, rootId, new Resource(rootId, null, null, "/", null));
                for (Model m : defaultModels()) {
                    tx.put(Kinds.MODEL, id, m.name(), m);
                }
            }
            return null;
        });
        return Reply.of(api);
    }

    private Reply get(Call call) {
        RestApi api = ctx.store().read(tx -> require(tx, ctx, call.string("restApiId")));
        return Reply.of(withTags(api));
    }

    private Reply list(Call call) {
        List<RestApi> all = ctx.store().read(tx -> tx.list(Kinds.REST_API, Store.GLOBAL));
        return Reply.of(Paging.page(ctx.json(), call, all, RestApi::id, RestApiOperations::withTags));
    }

    private Reply update(Call call) {
        String id = call.string("restApiId");
        List<PatchOperation> ops = call.patchOperations();
        RestApi updated = ctx.store().write(tx -> {
            RestApi current = require(tx, ctx, id);
            ObjectNode patched = PATCH.apply(ctx.json().valueToTree(current), ops);
            RestApi next = ctx.json().convertValue(patched, RestApi.class);
            if (next.name() == null || next.name().isBlank()) {
                throw AwsException.badRequest("Invalid REST API name specified");
            }
            checkCompression(next.minimumCompressionSize());
            if (next.apiKeySource() != null
                    && !next.apiKeySource().equals("HEADER")
                    && !next.apiKeySource().equals("AUTHORIZER")) {
                throw AwsException.badRequest("Invalid API Key source specified: " + next.apiKeySource()
                        + " (expected: HEADER or AUTHORIZER)");
            }
            checkPolicy(next.policy());
            tx.put(Kinds.REST_API, Store.GLOBAL, id, next);
            return next;
        });
        return Reply.of(withTags(updated));
    }

    private Reply delete(Call call) {
        String id = call.string("restApiId");
        ctx.store().write(tx -> {
            require(tx, ctx, id);
            tx.delete(Kinds.REST_API, Store.GLOBAL, id);
            tx.deleteScope(id);
            return null;
        });
        return Reply.empty();
    }

    /** GetRestApi and UpdateRestApi always carry {@code tags}, empty when there are none. */
    static RestApi withTags(RestApi a) {
        if (a.tags() != null) {
            return a;
        }
        return new RestApi(
                a.id(),
                a.name(),
                a.description(),
                a.createdDate(),
                a.version(),
                a.warnings(),
                a.binaryMediaTypes(),
                a.minimumCompressionSize(),
                a.apiKeySource(),
                a.endpointConfiguration(),
                a.policy(),
                Map.of(),
                a.disableExecuteApiEndpoint(),
                a.rootResourceId());
    }

    private static void checkCompression(Integer size) {
        if (size != null && (size < 0 || size > MAX_COMPRESSION_SIZE)) {
            throw AwsException.badRequest("Invalid minimum compression size, must be between 0 and 10485760");
        }
    }

    private void checkPolicy(String policy) {
        if (policy == null || policy.isEmpty()) {
            return;
        }
        try {
            JsonNode p = ctx.json().readTree(policy);
            if (!p.isObject()) {
                throw new IllegalArgumentException();
            }
        } catch (Exception e) {
            throw AwsException.badRequest("Invalid policy document. Please check the policy syntax and try again.");
        }
    }

    private EndpointConfiguration endpointConfiguration(JsonNode in) {
        List<String> types = in == null || !in.has("types")
                ? List.of("EDGE")
                : ctx.json().convertValue(in.get("types"), STRING_LIST);
        if (types.size() != 1) {
            throw AwsException.badRequest(
                    "Invalid endpoint configuration: exactly one endpoint type is supported, got " + types);
        }
        String ipType = in == null ? null : in.path("ipAddressType").asText(null);
        if (ipType == null) {
            ipType = types.get(0).equals("PRIVATE") ? "dualstack" : "ipv4";
        }
        List<String> vpce = in == null || !in.has("vpcEndpointIds")
                ? null
                : ctx.json().convertValue(in.get("vpcEndpointIds"), STRING_LIST);
        if (vpce != null && !types.get(0).equals("PRIVATE") && !vpce.isEmpty()) {
            throw AwsException.badRequest("VPC endpoint IDs are only supported for PRIVATE APIs");
        }
        return new EndpointConfiguration(types, ipType, vpce);
    }

    private static void replaceEndpointType(ObjectNode api, PatchOperation op, String key) {
        String value = op.requireValue();
        if (!List.of("EDGE", "REGIONAL", "PRIVATE").contains(value)) {
            throw AwsException.badRequest(
                    "Invalid endpoint type: " + value + " (expected: one of [EDGE, REGIONAL, PRIVATE])");
        }
        ObjectNode config = PatchSpec.objectAt(api, "endpointConfiguration");
        ArrayNode types = config.putArray("types");
        types.add(value);
        if (!value.equals("PRIVATE")) {
            config.remove("vpcEndpointIds");
        }
    }

    /** Copies another API's definition into a new one; resources get new ids. */
    private static void cloneInto(WriteTx tx, RestApi source, String id, String rootId) {
        Map<String, String> newIds = new HashMap<>();
        List<Resource> resources = tx.list(Kinds.RESOURCE, source.id());
        for (Resource r : resources) {
            newIds.put(r.id(), r.id().equals(source.rootResourceId()) ? rootId : io.turnpike.aws.Ids.short6());
        }
        for (Resource r : resources) {
            String rid = newIds.get(r.id());
            tx.put(
                    Kinds.RESOURCE,
                    id,
                    rid,
                    new Resource(
                            rid,
                            r.parentId() == null ? null : newIds.get(r.parentId()),
                            r.pathPart(),
                            r.path(),
                            r.resourceMethods() == null ? null : new LinkedHashMap<>(r.resourceMethods())));
        }
        for (Model m : tx.list(Kinds.MODEL, source.id())) {
            tx.put(
                    Kinds.MODEL,
                    id,
                    m.name(),
                    new Model(Ids.short6(), m.name(), m.description(), m.schema(), m.contentType()));
        }
        for (RequestValidator v : tx.list(Kinds.REQUEST_VALIDATOR, source.id())) {
            tx.put(Kinds.REQUEST_VALIDATOR, id, v.id(), v);
        }
        for (GatewayResponse g : tx.list(Kinds.GATEWAY_RESPONSE, source.id())) {
            tx.put(Kinds.GATEWAY_RESPONSE, id, g.responseType(), g);
        }
    }

    /** The models every new API starts with, as AWS creates them. */
    static List<Model> defaultModels() {
        return List.of(
                new Model(
                        Ids.short6(),
                        "Empty",
                        "This is a default empty schema model",
                        "{\n  \"$schema\": \"http://json-schema.org/draft-04/schema#\",\n"
                                + "  \"title\" : \"Empty Schema\",\n  \"type\" : \"object\"\n}",
                        "application/json"),
                new Model(
                        Ids.short6(),
                        "Error",
                        "This is a default error schema model",
                        "{\n  \"$schema\" : \"http://json-schema.org/draft-04/schema#\",\n"
                                + "  \"title\" : \"Error Schema\",\n  \"type\" : \"object\",\n"
                                + "  \"properties\" : {\n    \"message\" : { \"type\" : \"string\" }\n  }\n}",
                        "application/json"));
    }

    private static List<String> nullIfEmpty(List<String> l) {
        return l == null || l.isEmpty() ? null : l;
    }

    static final com.fasterxml.jackson.core.type.TypeReference<Map<String, String>> STRING_MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};
    static final com.fasterxml.jackson.core.type.TypeReference<List<String>> STRING_LIST =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};
}
