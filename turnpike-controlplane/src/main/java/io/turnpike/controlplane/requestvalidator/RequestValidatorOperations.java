package io.turnpike.controlplane.requestvalidator;

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
import io.turnpike.controlplane.patch.SupportedOps;
import io.turnpike.controlplane.restapi.RestApiOperations;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.RequestValidator;
import io.turnpike.model.rest.Resource;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import io.turnpike.store.Store;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CreateRequestValidator, GetRequestValidator, GetRequestValidators, UpdateRequestValidator and
 * DeleteRequestValidator.
 *
 * <p>Both flags default to {@code false}. A validator that a method uses cannot be deleted.
 */
public final class RequestValidatorOperations {

    static final String NOT_FOUND = "Invalid Request Validator identifier specified";
    static final String BLANK_NAME = "Request Validator name cannot be blank";

    private static final SupportedOps VERBS = SupportedOps.of(Op.REPLACE);

    private static final PatchSpec PATCH = PatchSpec.builder()
            .custom("/name", new Op[] {Op.REPLACE}, (v, op, key) -> {
                if (op.value() == null || op.value().isBlank()) {
                    throw AwsException.badRequest(BLANK_NAME);
                }
                v.put("name", op.value());
            })
            .custom("/validateRequestParameters", new Op[] {Op.REPLACE}, RequestValidatorOperations::flag)
            .custom("/validateRequestBody", new Op[] {Op.REPLACE}, RequestValidatorOperations::flag)
            .build();

    private final AdminContext ctx;

    public RequestValidatorOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    public void register(Operations ops) {
        ops.on("CreateRequestValidator", this::create)
                .on("GetRequestValidator", this::get)
                .on("GetRequestValidators", this::list)
                .on("UpdateRequestValidator", this::update)
                .on("DeleteRequestValidator", this::delete);
    }

    private Reply create(Call call) {
        String restApiId = call.string("restApiId");
        String name = call.optString("name");
        RequestValidator created = ctx.store().write(tx -> {
            // recorded against AWS: an unknown API is a 400 here, unlike every other validator call
            if (tx.get(Kinds.REST_API, Store.GLOBAL, restApiId).isEmpty()) {
                throw AwsException.badRequest("Invalid REST API identifier specified");
            }
            if (name != null && name.isBlank()) {
                throw AwsException.badRequest(BLANK_NAME);
            }
            RequestValidator v = new RequestValidator(
                    Ids.short6(),
                    name,
                    Boolean.TRUE.equals(call.optBool("validateRequestBody")),
                    Boolean.TRUE.equals(call.optBool("validateRequestParameters")));
            tx.put(Kinds.REQUEST_VALIDATOR, restApiId, v.id(), v);
            return v;
        });
        return Reply.of(created);
    }

    private Reply get(Call call) {
        String restApiId = call.string("restApiId");
        String id = call.string("requestValidatorId");
        return Reply.of(ctx.store().read(tx -> require(tx, restApiId, id)));
    }

    private Reply list(Call call) {
        String restApiId = call.string("restApiId");
        List<RequestValidator> all = ctx.store().read(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            return tx.list(Kinds.REQUEST_VALIDATOR, restApiId);
        });
        return Reply.of(Paging.page(ctx.json(), call, all, RequestValidator::id, v -> v));
    }

    private Reply update(Call call) {
        String restApiId = call.string("restApiId");
        String id = call.string("requestValidatorId");
        List<PatchOperation> ops = call.patchOperations();
        RequestValidator updated = ctx.store().write(tx -> {
            RequestValidator current = require(tx, restApiId, id);
            RequestValidator next = ctx.json()
                    .convertValue(VERBS.apply(PATCH, ctx.json().valueToTree(current), ops), RequestValidator.class);
            tx.put(Kinds.REQUEST_VALIDATOR, restApiId, id, next);
            return next;
        });
        return Reply.of(updated);
    }

    private Reply delete(Call call) {
        String restApiId = call.string("restApiId");
        String id = call.string("requestValidatorId");
        ctx.store().write(tx -> {
            RequestValidator v = require(tx, restApiId, id);
            for (Resource r : tx.list(Kinds.RESOURCE, restApiId)) {
                checkNotUsed(r, v);
            }
            tx.delete(Kinds.REQUEST_VALIDATOR, restApiId, id);
            return null;
        });
        return Reply.empty();
    }

    /** The validator, or AWS's 404, which is the same whether the API or the validator is missing. */
    private static RequestValidator require(ReadTx tx, String restApiId, String id) {
        return tx.get(Kinds.REQUEST_VALIDATOR, restApiId, id).orElseThrow(() -> AwsException.notFound(NOT_FOUND));
    }

    /**
     * AWS's 409 when a method of the resource uses the validator; the method is named as AWS names
     * methods in its other "is referenced" conflicts, {@code {HTTP method}/{resource path}}.
     */
    private static void checkNotUsed(Resource resource, RequestValidator v) {
        if (resource.resourceMethods() == null) {
            return;
        }
        for (Map.Entry<String, Method> e : resource.resourceMethods().entrySet()) {
            if (v.id().equals(e.getValue().requestValidatorId())) {
                throw AwsException.conflict("Cannot delete Request Validator '" + (v.name() != null ? v.name() : v.id())
                        + "', is referenced in method: " + e.getKey() + "/" + resource.path());
            }
        }
    }

    /**
     * A flag takes {@code true} from the value "true" in any case; any other value, and no value at
     * all, sets it to {@code false} (recorded against AWS: a replace without a value clears it).
     */
    private static void flag(ObjectNode v, PatchOperation op, String key) {
        String field = op.path().substring(1);
        v.put(field, op.value() != null && op.value().toLowerCase(Locale.ROOT).equals("true"));
    }
}
