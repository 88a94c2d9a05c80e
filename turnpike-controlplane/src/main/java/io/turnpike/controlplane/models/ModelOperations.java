package io.turnpike.controlplane.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.aws.Ids;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.Call;
import io.turnpike.controlplane.Operations;
import io.turnpike.controlplane.Paging;
import io.turnpike.controlplane.Reply;
import io.turnpike.controlplane.patch.PatchOperation.Op;
import io.turnpike.controlplane.patch.PatchSpec;
import io.turnpike.controlplane.patch.SupportedOps;
import io.turnpike.controlplane.restapi.RestApiOperations;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.MethodResponse;
import io.turnpike.model.rest.Model;
import io.turnpike.model.rest.Resource;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CreateModel, GetModel, GetModels, UpdateModel, DeleteModel and GetModelTemplate.
 *
 * <p>Models are addressed by name, so their documents are keyed by name; the 6-character id is only
 * shown. A model that a method's request or one of its method responses uses cannot be deleted.
 */
public final class ModelOperations {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]+");

    /** Models accept {@code replace} only, of the description and the schema. */
    private static final SupportedOps VERBS = SupportedOps.of(Op.REPLACE);

    private static final PatchSpec PATCH = PatchSpec.builder()
            .custom("/description", new Op[] {Op.REPLACE}, (model, op, key) -> {
                // AWS keeps no empty description: replacing it with "" removes it
                if (op.value() == null || op.value().isEmpty()) {
                    model.remove("description");
                } else {
                    model.put("description", op.value());
                }
            })
            .custom("/schema", new Op[] {Op.REPLACE}, (model, op, key) -> {
                if (op.value() == null) {
                    model.remove("schema");
                } else {
                    model.put("schema", op.value());
                }
            })
            .build();

    private final AdminContext ctx;
    private final ModelSchemas schemas;

    public ModelOperations(AdminContext ctx) {
        this.ctx = ctx;
        this.schemas = new ModelSchemas(ctx.json());
    }

    public void register(Operations ops) {
        ops.on("CreateModel", this::create)
                .on("GetModel", this::get)
                .on("GetModels", this::list)
                .on("UpdateModel", this::update)
                .on("DeleteModel", this::delete)
                .on("GetModelTemplate", this::template);
    }

    private Reply create(Call call) {
        String restApiId = call.string("restApiId");
        String name = call.string("name");
        String schema = call.optString("schema");
        Model created = ctx.store().write(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            if (name.isEmpty()) {
                throw AwsException.badRequest("Model name must be non-empty");
            }
            if (!NAME.matcher(name).matches()) {
                throw AwsException.badRequest("Model name must be alphanumeric: " + name);
            }
            if (tx.get(Kinds.MODEL, restApiId, name).isPresent()) {
                throw AwsException.conflict("Model name already exists for this REST API");
            }
            ObjectNode parsed = schemas.parse(schema);
            ModelSchemas.checkReferences(
                    parsed, restApiId, n -> tx.get(Kinds.MODEL, restApiId, n).isPresent());
            Model m = new Model(
                    Ids.short6(), name, emptyToNull(call.optString("description")), schema, call.string("contentType"));
            tx.put(Kinds.MODEL, restApiId, name, m);
            return m;
        });
        return Reply.of(created);
    }

    private Reply get(Call call) {
        String restApiId = call.string("restApiId");
        String name = call.string("modelName");
        boolean flatten = Boolean.TRUE.equals(call.optBool("flatten"));
        Model model = ctx.store().read(tx -> {
            Model m = require(tx, restApiId, name);
            if (!flatten || m.schema() == null) {
                return m;
            }
            ObjectNode parsed = parseStored(m.schema());
            if (parsed == null || ModelSchemas.references(parsed).isEmpty()) {
                return m;
            }
            ObjectNode flat = schemas.flatten(
                    parsed, restApiId, n -> tx.get(Kinds.MODEL, restApiId, n).map(Model::schema));
            return new Model(m.id(), m.name(), m.description(), flat.toString(), m.contentType());
        });
        return Reply.of(model);
    }

    private Reply list(Call call) {
        String restApiId = call.string("restApiId");
        List<Model> all = ctx.store().read(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            return tx.list(Kinds.MODEL, restApiId);
        });
        return Reply.of(Paging.page(ctx.json(), call, all, Model::name, m -> m));
    }

    private Reply update(Call call) {
        String restApiId = call.string("restApiId");
        String name = call.string("modelName");
        var ops = call.patchOperations();
        Model updated = ctx.store().write(tx -> {
            Model current = require(tx, restApiId, name);
            ObjectNode patched = VERBS.apply(PATCH, ctx.json().valueToTree(current), ops);
            Model next = ctx.json().convertValue(patched, Model.class);
            ObjectNode parsed = schemas.parse(next.schema());
            ModelSchemas.checkReferences(
                    parsed, restApiId, n -> tx.get(Kinds.MODEL, restApiId, n).isPresent());
            tx.put(Kinds.MODEL, restApiId, name, next);
            return next;
        });
        return Reply.of(updated);
    }

    private Reply delete(Call call) {
        String restApiId = call.string("restApiId");
        String name = call.string("modelName");
        ctx.store().write(tx -> {
            require(tx, restApiId, name);
            for (Resource r : tx.list(Kinds.RESOURCE, restApiId)) {
                checkNotUsed(r, name);
            }
            tx.delete(Kinds.MODEL, restApiId, name);
            return null;
        });
        return Reply.empty();
    }

    private Reply template(Call call) {
        String restApiId = call.string("restApiId");
        String name = call.string("modelName");
        String value = ctx.store().read(tx -> {
            Model m = require(tx, restApiId, name);
            ObjectNode schema = m.schema() == null ? null : parseStored(m.schema());
            if (schema == null) {
                throw AwsException.badRequest(ModelSchemas.INVALID_SCHEMA);
            }
            return ModelTemplates.generate(schema, restApiId, n -> tx.get(Kinds.MODEL, restApiId, n)
                    .map(Model::schema)
                    .map(s -> (JsonNode) parseStored(s)));
        });
        ObjectNode out = ctx.json().createObjectNode();
        out.put("value", value);
        return Reply.of(out);
    }

    /** The model of that name, or AWS's 404, which names the model whether the API or the model is missing. */
    private static Model require(ReadTx tx, String restApiId, String name) {
        return tx.get(Kinds.MODEL, restApiId, name)
                .orElseThrow(() -> AwsException.notFound("Invalid model name specified: " + name));
    }

    /**
     * AWS's 409 when a method of the resource uses the model for its request or for one of its method
     * responses; the message names the method as {@code {resource path}/{HTTP method}}.
     */
    private static void checkNotUsed(Resource resource, String name) {
        if (resource.resourceMethods() == null) {
            return;
        }
        for (Map.Entry<String, Method> e : resource.resourceMethods().entrySet()) {
            Method method = e.getValue();
            String where = resource.path() + "/" + e.getKey();
            if (method.requestModels() != null && method.requestModels().containsValue(name)) {
                throw AwsException.conflict(
                        "Cannot delete model '" + name + "', is referenced in method request: " + where);
            }
            if (method.methodResponses() == null) {
                continue;
            }
            for (MethodResponse response : method.methodResponses().values()) {
                if (response.responseModels() != null
                        && response.responseModels().containsValue(name)) {
                    throw AwsException.conflict(
                            "Cannot delete model '" + name + "', is referenced in method response: " + where);
                }
            }
        }
    }

    /** A stored schema as JSON; null for a stored value that is not a JSON object. */
    private ObjectNode parseStored(String schema) {
        try {
            JsonNode node = ctx.json().readTree(schema);
            return node instanceof ObjectNode o ? o : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
