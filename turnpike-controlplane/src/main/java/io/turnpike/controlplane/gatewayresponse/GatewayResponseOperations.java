package io.turnpike.controlplane.gatewayresponse;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.turnpike.aws.AwsException;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.Call;
import io.turnpike.controlplane.Operations;
import io.turnpike.controlplane.Paging;
import io.turnpike.controlplane.Reply;
import io.turnpike.controlplane.patch.PatchOperation;
import io.turnpike.controlplane.restapi.RestApiOperations;
import io.turnpike.model.rest.GatewayResponse;
import io.turnpike.model.rest.GatewayResponseDefaults;
import io.turnpike.model.rest.GatewayResponseType;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * PutGatewayResponse, GetGatewayResponse, GetGatewayResponses, UpdateGatewayResponse and
 * DeleteGatewayResponse.
 *
 * <p>Only what the API customizes is stored, keyed by response type; every read combines it with the
 * built-in defaults through {@link GatewayResponseDefaults}, so an API always shows all 21 types and
 * deleting a customization brings the default back. A put replaces the customization whole: what it
 * leaves out takes the built-in value. An update of a type not yet customized starts from its built-in
 * response and leaves a customization behind.
 */
public final class GatewayResponseOperations {

    /** The enum as AWS lists it in its validation message (recorded), which is not the model's order. */
    private static final String AWS_TYPE_ORDER =
            "REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR,"
                    + " MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_BODY, INVALID_SIGNATURE, INVALID_API_KEY,"
                    + " BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, UNAUTHORIZED, INTEGRATION_TIMEOUT, ACCESS_DENIED,"
                    + " DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED, THROTTLED, API_CONFIGURATION_ERROR,"
                    + " UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN";

    private static final Pattern STATUS_CODE = Pattern.compile("[1-5]\\d\\d");

    /** Where a gateway response parameter may go. */
    private static final Pattern PARAMETER_KEY =
            Pattern.compile("gatewayresponse\\.(header|path|querystring)\\.[^.\\s]\\S*");

    /** What a gateway response parameter may be mapped from, besides a static {@code 'value'}. */
    private static final Pattern PARAMETER_SOURCE = Pattern.compile(
            "method\\.request\\.(header|path|querystring|multivalueheader|multivaluequerystring)\\.[^.\\s]\\S*"
                    + "|stageVariables\\.[A-Za-z0-9_]+"
                    + "|context\\.[A-Za-z0-9_.]+");

    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {};

    private final AdminContext ctx;

    public GatewayResponseOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    public void register(Operations ops) {
        ops.on("PutGatewayResponse", this::put)
                .on("GetGatewayResponse", this::get)
                .on("GetGatewayResponses", this::list)
                .on("UpdateGatewayResponse", this::update)
                .on("DeleteGatewayResponse", this::delete);
    }

    private Reply put(Call call) {
        String restApiId = call.string("restApiId");
        String statusCode = call.optString("statusCode");
        List<String> violations = new ArrayList<>();
        GatewayResponseType type = type(call, violations);
        if (statusCode != null && !STATUS_CODE.matcher(statusCode).matches()) {
            violations.add("Value '" + statusCode + "' at 'putGatewayResponseInput.statusCode' failed to satisfy"
                    + " constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d");
        }
        throwViolations(violations);
        Map<String, String> parameters = map(call.opt("responseParameters"));
        if (parameters != null) {
            checkParameters(parameters);
        }
        Map<String, String> templates = map(call.opt("responseTemplates"));
        GatewayResponse stored = GatewayResponseDefaults.customized(type, statusCode, parameters, templates);
        GatewayResponse shown = ctx.store().write(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            tx.put(Kinds.GATEWAY_RESPONSE, restApiId, type.name(), stored);
            return GatewayResponseDefaults.effective(type, Map.of(type.name(), stored));
        });
        return Reply.of(shown);
    }

    private Reply get(Call call) {
        String restApiId = call.string("restApiId");
        GatewayResponseType type = type(call);
        return Reply.of(ctx.store().read(tx -> GatewayResponseDefaults.effective(type, customizations(tx, restApiId))));
    }

    private Reply list(Call call) {
        String restApiId = call.string("restApiId");
        List<GatewayResponse> all = ctx.store().read(tx -> GatewayResponseDefaults.all(customizations(tx, restApiId)));
        return Reply.of(Paging.page(ctx.json(), call, all, GatewayResponse::responseType, r -> r));
    }

    private Reply update(Call call) {
        String restApiId = call.string("restApiId");
        GatewayResponseType type = type(call);
        JsonNode operations = call.opt("patchOperations");
        GatewayResponse shown = ctx.store().write(tx -> {
            Map<String, GatewayResponse> customizations = customizations(tx, restApiId);
            GatewayResponse current = customizations.getOrDefault(
                    type.name(), GatewayResponseDefaults.customized(type, null, null, null));
            Patched p = new Patched(
                    current.statusCode(), copy(current.responseParameters()), copy(current.responseTemplates()));
            if (operations != null) {
                for (JsonNode op : operations) {
                    apply(p, op);
                }
            }
            GatewayResponse next = GatewayResponseDefaults.customized(type, p.statusCode, p.parameters, p.templates);
            tx.put(Kinds.GATEWAY_RESPONSE, restApiId, type.name(), next);
            return GatewayResponseDefaults.effective(type, Map.of(type.name(), next));
        });
        return Reply.of(shown);
    }

    private Reply delete(Call call) {
        String restApiId = call.string("restApiId");
        GatewayResponseType type = type(call);
        ctx.store().write(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            if (!tx.delete(Kinds.GATEWAY_RESPONSE, restApiId, type.name())) {
                throw AwsException.notFound("Gateway response type not defined on api");
            }
            return null;
        });
        return Reply.empty();
    }

    /** A customization being patched. */
    private static final class Patched {
        String statusCode;
        final Map<String, String> parameters;
        final Map<String, String> templates;

        Patched(String statusCode, Map<String, String> parameters, Map<String, String> templates) {
            this.statusCode = statusCode;
            this.parameters = parameters;
            this.templates = templates;
        }
    }

    /**
     * One patch operation, with AWS's answers (recorded): {@code /statusCode} takes {@code replace}
     * only; a parameter or template takes {@code add}, {@code replace} and {@code remove} under its
     * key; replacing or removing a key that is not there is a 404; any other path is "Invalid patch
     * path {path}", with "null" for an operation without a path.
     */
    private static void apply(Patched p, JsonNode operation) {
        String op = operation.path("op").asText("").toLowerCase(Locale.ROOT);
        String path = operation.hasNonNull("path") ? operation.get("path").asText() : null;
        String value = operation.hasNonNull("value") ? operation.get("value").asText() : null;
        if (path == null) {
            throw invalidPath("null");
        }
        if (path.equals("/statusCode")) {
            if (!op.equals("replace")) {
                throw invalidPath(path);
            }
            if (value == null || !STATUS_CODE.matcher(value).matches()) {
                throw AwsException.badRequest(
                        "Invalid status code specified: " + value + " (expected: a value matching [1-5]\\d\\d)");
            }
            p.statusCode = value;
            return;
        }
        String mapName;
        Map<String, String> map;
        if (path.startsWith("/responseParameters/")) {
            mapName = "responseParameters";
            map = p.parameters;
        } else if (path.startsWith("/responseTemplates/")) {
            mapName = "responseTemplates";
            map = p.templates;
        } else {
            throw invalidPath(path);
        }
        String key = PatchOperation.unescape(path.substring(mapName.length() + 2));
        if (key.isEmpty()) {
            throw invalidPath(path);
        }
        switch (op) {
            case "add", "replace" -> {
                if (value == null || value.isEmpty()) {
                    throw AwsException.badRequest("Invalid null or empty value in " + mapName);
                }
                if (op.equals("replace") && !map.containsKey(key)) {
                    throw AwsException.notFound("Invalid parameter name specified");
                }
                if (map == p.parameters) {
                    checkParameters(Map.of(key, value));
                }
                map.put(key, value);
            }
            case "remove" -> {
                if (map.remove(key) == null) {
                    throw AwsException.notFound("Invalid parameter name specified");
                }
            }
            default -> throw AwsException.badRequest("Invalid patch path  '" + path + "' specified for op '" + op
                    + "'. Please choose supported operations");
        }
    }

    private static AwsException invalidPath(String path) {
        return AwsException.badRequest("Invalid patch path " + path);
    }

    /**
     * AWS's 400 listing every parameter whose key is not a {@code gatewayresponse.header|path|querystring}
     * target, or whose value is neither a quoted static value nor a request, stage variable or context
     * source; a bad key is named by the key, a bad value by the value.
     */
    private static void checkParameters(Map<String, String> parameters) {
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (!PARAMETER_KEY.matcher(e.getKey()).matches()) {
                errors.add("Invalid mapping expression specified: " + e.getKey());
            } else if (!isSource(e.getValue())) {
                errors.add("Invalid mapping expression specified: " + e.getValue());
            }
        }
        if (!errors.isEmpty()) {
            throw AwsException.badRequest("Invalid mapping expression specified: Validation Result: warnings : [],"
                    + " errors : [" + String.join(", ", errors) + "]");
        }
    }

    private static boolean isSource(String value) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return true;
        }
        return PARAMETER_SOURCE.matcher(value).matches();
    }

    private Map<String, GatewayResponse> customizations(ReadTx tx, String restApiId) {
        RestApiOperations.require(tx, ctx, restApiId);
        Map<String, GatewayResponse> out = new LinkedHashMap<>();
        for (GatewayResponse r : tx.list(Kinds.GATEWAY_RESPONSE, restApiId)) {
            out.put(r.responseType(), r);
        }
        return out;
    }

    private GatewayResponseType type(Call call) {
        List<String> violations = new ArrayList<>();
        GatewayResponseType type = type(call, violations);
        throwViolations(violations);
        return type;
    }

    /**
     * The response type from the path; the input decoder does not check enums of path labels, so this
     * does, in AWS's words (recorded).
     */
    private static GatewayResponseType type(Call call, List<String> violations) {
        String name = call.string("responseType");
        return GatewayResponseType.of(name).orElseGet(() -> {
            violations.add("Value '" + name + "' at 'responseType' failed to satisfy constraint: Member must satisfy"
                    + " enum value set: [" + AWS_TYPE_ORDER + "]");
            return null;
        });
    }

    private static void throwViolations(List<String> violations) {
        if (!violations.isEmpty()) {
            throw AwsException.validation(violations.size() + " validation error" + (violations.size() == 1 ? "" : "s")
                    + " detected: " + String.join("; ", violations));
        }
    }

    private static Map<String, String> copy(Map<String, String> m) {
        return m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
    }

    private Map<String, String> map(JsonNode node) {
        return node == null ? null : ctx.json().convertValue(node, STRING_MAP);
    }
}
