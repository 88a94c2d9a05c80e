package io.turnpike.controlplane.stage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.Call;
import io.turnpike.controlplane.Operations;
import io.turnpike.controlplane.Reply;
import io.turnpike.controlplane.patch.PatchOperation;
import io.turnpike.controlplane.restapi.RestApiOperations;
import io.turnpike.controlplane.tags.Tags;
import io.turnpike.model.rest.AuthorizerCacheFlush;
import io.turnpike.model.rest.CanarySettings;
import io.turnpike.model.rest.Stage;
import io.turnpike.store.Kinds;
import java.util.List;
import java.util.Map;

/**
 * CreateStage, GetStage, GetStages, UpdateStage, DeleteStage, FlushStageCache and
 * FlushStageAuthorizersCache.
 *
 * <p>The two flush operations answer 202 for an existing stage and 404 otherwise. FlushStageCache
 * changes nothing yet (the data plane has no response cache); FlushStageAuthorizersCache bumps the
 * stage's {@link AuthorizerCacheFlush} generation, which the data plane's authorizer cache is keyed by.
 */
public final class StageOperations {

    private final AdminContext ctx;

    public StageOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    public void register(Operations ops) {
        ops.on("CreateStage", this::create)
                .on("GetStage", this::get)
                .on("GetStages", this::list)
                .on("UpdateStage", this::update)
                .on("DeleteStage", this::delete)
                .on("FlushStageCache", this::flush)
                .on("FlushStageAuthorizersCache", this::flushAuthorizers);
    }

    private Reply create(Call call) {
        String restApiId = call.string("restApiId");
        String stageName = call.string("stageName");
        String deploymentId = call.string("deploymentId");
        Map<String, String> variables = ctx.json().convertValue(call.opt("variables"), STRING_MAP);
        Map<String, String> tags = ctx.json().convertValue(call.opt("tags"), STRING_MAP);
        CanarySettings canaryIn = ctx.json().convertValue(call.opt("canarySettings"), CanarySettings.class);
        Stage created = ctx.store().write(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            Stages.checkName(stageName);
            if (tx.get(Kinds.STAGE, restApiId, stageName).isPresent()) {
                throw AwsException.conflict("Stage already exists");
            }
            Stages.requireDeployment(tx, restApiId, deploymentId);
            Stages.checkVariables(variables);
            Tags.check(tags);
            CanarySettings canary = null;
            if (canaryIn != null) {
                if (canaryIn.deploymentId() != null) {
                    Stages.requireDeployment(tx, restApiId, canaryIn.deploymentId());
                }
                canary = Stages.canary(canaryIn, deploymentId);
            }
            Stage stage = Stages.create(
                    stageName,
                    deploymentId,
                    call.optString("description"),
                    call.optBool("cacheClusterEnabled"),
                    call.optString("cacheClusterSize"),
                    variables,
                    call.optString("documentationVersion"),
                    canary,
                    call.optBool("tracingEnabled"),
                    tags,
                    ctx.nowEpochSeconds());
            tx.put(Kinds.STAGE, restApiId, stageName, stage);
            return stage;
        });
        return Reply.of(created);
    }

    private Reply get(Call call) {
        String restApiId = call.string("restApiId");
        String stageName = call.string("stageName");
        return Reply.of(ctx.store().read(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            return Stages.require(tx, restApiId, stageName);
        }));
    }

    /** Every stage, unpaged, as {@code {"item": [...]}}; {@code ?deploymentId} keeps the stages on it. */
    private Reply list(Call call) {
        String restApiId = call.string("restApiId");
        String deploymentId = call.optString("deploymentId");
        List<Stage> stages = ctx.store().read(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            return tx.list(Kinds.STAGE, restApiId);
        });
        ObjectNode out = ctx.json().createObjectNode();
        ArrayNode items = out.putArray("item");
        for (Stage s : stages) {
            if (deploymentId == null || deploymentId.equals(s.deploymentId())) {
                items.add(ctx.json().valueToTree(s));
            }
        }
        return Reply.of(out);
    }

    private Reply update(Call call) {
        String restApiId = call.string("restApiId");
        String stageName = call.string("stageName");
        List<PatchOperation> ops = call.patchOperations();
        Stage updated = ctx.store().write(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            Stage current = Stages.require(tx, restApiId, stageName);
            Stage patched = new StagePatch(ctx.json(), tx, restApiId).apply(current, ops);
            ObjectNode node = ctx.json().valueToTree(patched);
            node.put("lastUpdatedDate", ctx.nowEpochSeconds());
            Stage next = ctx.json().convertValue(node, Stage.class);
            tx.put(Kinds.STAGE, restApiId, stageName, next);
            return next;
        });
        return Reply.of(updated);
    }

    private Reply delete(Call call) {
        String restApiId = call.string("restApiId");
        String stageName = call.string("stageName");
        ctx.store().write(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            Stages.require(tx, restApiId, stageName);
            tx.delete(Kinds.STAGE, restApiId, stageName);
            return null;
        });
        return Reply.empty();
    }

    private Reply flush(Call call) {
        String restApiId = call.string("restApiId");
        String stageName = call.string("stageName");
        ctx.store().read(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            return Stages.require(tx, restApiId, stageName);
        });
        return Reply.empty();
    }

    /**
     * Bumps the stage's authorizer-cache generation. The data plane keys cached authorizer results by
     * it, so every node sharing the store stops using earlier results once it has read the change.
     */
    private Reply flushAuthorizers(Call call) {
        String restApiId = call.string("restApiId");
        String stageName = call.string("stageName");
        ctx.store().write(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            Stages.require(tx, restApiId, stageName);
            long generation = tx.get(Kinds.AUTHORIZER_CACHE_FLUSH, restApiId, stageName)
                    .map(AuthorizerCacheFlush::generation)
                    .orElse(0L);
            tx.put(Kinds.AUTHORIZER_CACHE_FLUSH, restApiId, stageName, new AuthorizerCacheFlush(generation + 1));
            return null;
        });
        return Reply.empty();
    }

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
}
