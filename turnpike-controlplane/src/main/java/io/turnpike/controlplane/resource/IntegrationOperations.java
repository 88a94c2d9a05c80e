package io.turnpike.controlplane.resource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.Call;
import io.turnpike.controlplane.Operations;
import io.turnpike.controlplane.Reply;
import io.turnpike.controlplane.patch.PatchOperation;
import io.turnpike.controlplane.patch.PatchOperation.Op;
import io.turnpike.controlplane.patch.PatchSpec;
import io.turnpike.controlplane.patch.PatchSpec.ValueType;
import io.turnpike.model.rest.Integration;
import io.turnpike.model.rest.IntegrationResponse;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.Resource;
import io.turnpike.model.rest.TlsConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration and the integration responses
 * on an integration: PutIntegrationResponse, GetIntegrationResponse, UpdateIntegrationResponse,
 * DeleteIntegrationResponse.
 *
 * <p>PutIntegration replaces a method's integration as a whole, integration responses included;
 * PutIntegrationResponse replaces the response for its status code. Every put and patch is checked by
 * {@link IntegrationRules} on its result, so a rejected change leaves the stored integration as it was.
 */
public final class IntegrationOperations {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private static final PatchSpec INTEGRATION_PATCH = PatchSpec.builder()
            .scalar("/type", ValueType.STRING)
            .scalar("/httpMethod", ValueType.STRING)
            .scalar("/uri", ValueType.STRING)
            .custom("/credentials", new Op[] {Op.REPLACE, Op.ADD, Op.REMOVE}, IntegrationOperations::optional)
            .scalar("/passthroughBehavior", ValueType.STRING)
            .custom("/contentHandling", new Op[] {Op.REPLACE, Op.ADD, Op.REMOVE}, IntegrationOperations::optional)
            .scalar("/timeoutInMillis", ValueType.INTEGER)
            .scalar("/connectionType", ValueType.STRING)
            .custom("/connectionId", new Op[] {Op.REPLACE, Op.ADD, Op.REMOVE}, IntegrationOperations::optional)
            .scalar("/cacheNamespace", ValueType.STRING)
            .stringSet("/cacheKeyParameters")
            .map("/requestParameters", ValueType.STRING, Op.ADD, Op.REPLACE, Op.REMOVE)
            .keyed(
                    "/requestTemplates",
                    "/requestTemplates/{contentType}",
                    new Op[] {Op.ADD, Op.REPLACE, Op.REMOVE},
                    IntegrationOperations::template)
            .scalar("/tlsConfig/insecureSkipVerification", ValueType.BOOLEAN)
            .custom("/responseTransferMode", new Op[] {Op.REPLACE}, IntegrationOperations::optional)
            .custom("/integrationTarget", new Op[] {Op.REPLACE, Op.ADD, Op.REMOVE}, IntegrationOperations::optional)
            .build();

    private static final PatchSpec RESPONSE_PATCH = PatchSpec.builder()
            .custom("/selectionPattern", new Op[] {Op.REPLACE, Op.ADD, Op.REMOVE}, (r, op, key) -> {
                if (op.op() == Op.REMOVE || op.value() == null) {
                    r.remove("selectionPattern");
                } else {
                    r.put("selectionPattern", op.value());
                }
            })
            .custom("/contentHandling", new Op[] {Op.REPLACE, Op.ADD, Op.REMOVE}, IntegrationOperations::optional)
            .map("/responseParameters", ValueType.STRING, Op.ADD, Op.REPLACE, Op.REMOVE)
            .keyed(
                    "/responseTemplates",
                    "/responseTemplates/{contentType}",
                    new Op[] {Op.ADD, Op.REPLACE, Op.REMOVE},
                    IntegrationOperations::template)
            .build();

    private final AdminContext ctx;

    public IntegrationOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    public void register(Operations ops) {
        ops.on("PutIntegration", this::put)
                .on("GetIntegration", this::get)
                .on("UpdateIntegration", this::update)
                .on("DeleteIntegration", this::delete)
                .on("PutIntegrationResponse", this::putResponse)
                .on("GetIntegrationResponse", this::getResponse)
                .on("UpdateIntegrationResponse", this::updateResponse)
                .on("DeleteIntegrationResponse", this::deleteResponse);
    }

    // ---- integrations ----

    private Reply put(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        Integration created = ctx.store().write(tx -> {
            Resource resource = ResourceTree.require(tx, apiId, resourceId);
            Method method = ResourceTree.requireMethod(resource, verb);
            Integration given = new Integration(
                    call.string("type"),
                    call.optString("integrationHttpMethod"),
                    call.optString("uri"),
                    call.optString("connectionType"),
                    call.optString("connectionId"),
                    call.optString("credentials"),
                    ctx.json().convertValue(call.opt("requestParameters"), STRING_MAP),
                    ctx.json().convertValue(call.opt("requestTemplates"), STRING_MAP),
                    call.optString("passthroughBehavior"),
                    call.optString("contentHandling"),
                    call.optInt("timeoutInMillis"),
                    call.optString("cacheNamespace"),
                    ctx.json().convertValue(call.opt("cacheKeyParameters"), STRING_LIST),
                    null,
                    call.opt("tlsConfig") == null
                            ? null
                            : ctx.json().convertValue(call.opt("tlsConfig"), TlsConfig.class),
                    call.optString("responseTransferMode"),
                    call.optString("integrationTarget"));
            Integration i = IntegrationRules.withDefaults(given, resource.id());
            IntegrationRules.check(i, method);
            ResourceTree.putMethod(tx, apiId, resource, verb, withIntegration(method, i));
            return i;
        });
        return Reply.of(created);
    }

    private Reply get(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        return Reply.of(ctx.store()
                .read(tx -> ResourceTree.requireIntegration(
                        ResourceTree.requireMethod(ResourceTree.require(tx, apiId, resourceId), verb))));
    }

    private Reply update(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        List<PatchOperation> ops = call.patchOperations();
        Integration updated = ctx.store().write(tx -> {
            Resource resource = ResourceTree.require(tx, apiId, resourceId);
            Method method = ResourceTree.requireMethod(resource, verb);
            Integration current = ResourceTree.requireIntegration(method);
            ObjectNode patched = INTEGRATION_PATCH.apply(ctx.json().valueToTree(current), ops);
            Integration next =
                    IntegrationRules.withDefaults(ctx.json().convertValue(patched, Integration.class), resource.id());
            IntegrationRules.check(next, method);
            ResourceTree.putMethod(tx, apiId, resource, verb, withIntegration(method, next));
            return next;
        });
        return Reply.of(updated);
    }

    private Reply delete(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        ctx.store().write(tx -> {
            Resource resource = ResourceTree.require(tx, apiId, resourceId);
            Method method = ResourceTree.requireMethod(resource, verb);
            ResourceTree.requireIntegration(method);
            ResourceTree.putMethod(tx, apiId, resource, verb, withIntegration(method, null));
            return null;
        });
        return Reply.empty();
    }

    // ---- integration responses ----

    private Reply putResponse(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        String status = StatusCodes.check(call.string("statusCode"));
        IntegrationResponse created = ctx.store().write(tx -> {
            Resource resource = ResourceTree.require(tx, apiId, resourceId);
            Method method = ResourceTree.requireMethod(resource, verb);
            Integration integration = ResourceTree.requireIntegration(method);
            IntegrationResponse r = new IntegrationResponse(
                    status,
                    call.optString("selectionPattern"),
                    ctx.json().convertValue(call.opt("responseParameters"), STRING_MAP),
                    ctx.json().convertValue(call.opt("responseTemplates"), STRING_MAP),
                    call.optString("contentHandling"));
            IntegrationRules.check(r, method);
            ResourceTree.putMethod(
                    tx, apiId, resource, verb, withIntegration(method, withResponse(integration, status, r)));
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
                        ResourceTree.requireIntegration(
                                ResourceTree.requireMethod(ResourceTree.require(tx, apiId, resourceId), verb)),
                        status)));
    }

    private Reply updateResponse(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        String status = StatusCodes.check(call.string("statusCode"));
        List<PatchOperation> ops = call.patchOperations();
        IntegrationResponse updated = ctx.store().write(tx -> {
            Resource resource = ResourceTree.require(tx, apiId, resourceId);
            Method method = ResourceTree.requireMethod(resource, verb);
            Integration integration = ResourceTree.requireIntegration(method);
            IntegrationResponse current = requireResponse(integration, status);
            ObjectNode patched = RESPONSE_PATCH.apply(ctx.json().valueToTree(current), ops);
            IntegrationResponse next = ctx.json().convertValue(patched, IntegrationResponse.class);
            IntegrationRules.check(next, method);
            ResourceTree.putMethod(
                    tx, apiId, resource, verb, withIntegration(method, withResponse(integration, status, next)));
            return next;
        });
        return Reply.of(updated);
    }

    private Reply deleteResponse(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        String status = StatusCodes.check(call.string("statusCode"));
        ctx.store().write(tx -> {
            Resource resource = ResourceTree.require(tx, apiId, resourceId);
            Method method = ResourceTree.requireMethod(resource, verb);
            Integration integration = ResourceTree.requireIntegration(method);
            requireResponse(integration, status);
            ResourceTree.putMethod(
                    tx, apiId, resource, verb, withIntegration(method, withResponse(integration, status, null)));
            return null;
        });
        return Reply.empty();
    }

    // ---- shared ----

    private static IntegrationResponse requireResponse(Integration integration, String status) {
        IntegrationResponse r = integration.integrationResponses() == null
                ? null
                : integration.integrationResponses().get(status);
        if (r == null) {
            throw AwsException.notFound(ResourceTree.RESPONSE_NOT_FOUND);
        }
        return r;
    }

    /** A string field that a patch may set, or clear by removing it or giving no value. */
    private static void optional(ObjectNode node, PatchOperation op, String key) {
        String field = op.path().substring(1);
        if (op.op() == Op.REMOVE || op.value() == null || op.value().isEmpty()) {
            node.remove(field);
        } else {
            node.put(field, op.value());
        }
    }

    /**
     * A mapping template by content type. Adding or replacing one without a value stores an empty
     * template, which is how the CLI sets up "input passthrough" for a content type.
     */
    private static void template(ObjectNode node, PatchOperation op, String contentType) {
        String field = op.path().substring(1, op.path().indexOf('/', 1));
        ObjectNode templates = PatchSpec.objectAt(node, field);
        if (op.op() == Op.REMOVE) {
            if (templates.remove(contentType) == null) {
                throw AwsException.notFound("Invalid mapping template specified: no template for " + contentType);
            }
            if (templates.isEmpty()) {
                node.remove(field);
            }
        } else {
            templates.put(contentType, op.value() == null ? "" : op.value());
        }
    }

    private static Method withIntegration(Method m, Integration integration) {
        return new Method(
                m.httpMethod(),
                m.authorizationType(),
                m.authorizerId(),
                m.apiKeyRequired(),
                m.requestValidatorId(),
                m.operationName(),
                m.requestParameters(),
                m.requestModels(),
                m.methodResponses(),
                integration,
                m.authorizationScopes());
    }

    private static Integration withResponse(Integration i, String status, IntegrationResponse response) {
        Map<String, IntegrationResponse> responses = i.integrationResponses() == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(i.integrationResponses());
        if (response == null) {
            responses.remove(status);
        } else {
            responses.put(status, response);
        }
        return new Integration(
                i.type(),
                i.httpMethod(),
                i.uri(),
                i.connectionType(),
                i.connectionId(),
                i.credentials(),
                i.requestParameters(),
                i.requestTemplates(),
                i.passthroughBehavior(),
                i.contentHandling(),
                i.timeoutInMillis(),
                i.cacheNamespace(),
                i.cacheKeyParameters(),
                responses.isEmpty() ? null : responses,
                i.tlsConfig(),
                i.responseTransferMode(),
                i.integrationTarget());
    }
}
