package io.turnpike.controlplane.deployment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
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
import io.turnpike.controlplane.restapi.RestApiOperations;
import io.turnpike.controlplane.stage.Stages;
import io.turnpike.model.rest.CanarySettings;
import io.turnpike.model.rest.Deployment;
import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.MethodSnapshot;
import io.turnpike.model.rest.Resource;
import io.turnpike.model.rest.RestApi;
import io.turnpike.model.rest.Stage;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import io.turnpike.store.WriteTx;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CreateDeployment, GetDeployment, GetDeployments, UpdateDeployment and DeleteDeployment.
 *
 * <p>A deployment is two documents written in one transaction: the {@link Deployment} record users see
 * (its {@code apiSummary} is stored with it but only answered for {@code ?embed=apisummary}, as AWS
 * does) and the {@link DeploymentContent} the data plane compiles. With {@code stageName} the same
 * transaction creates that stage or points it at the new deployment; with {@code canarySettings} too, the
 * new deployment becomes the stage's canary instead and the stage keeps serving its current deployment.
 */
public final class DeploymentOperations {

    private static final PatchSpec PATCH = PatchSpec.builder()
            .scalar("/description", ValueType.STRING, Op.REPLACE, Op.ADD, Op.REMOVE)
            .build();

    private final AdminContext ctx;

    public DeploymentOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    public void register(Operations ops) {
        ops.on("CreateDeployment", this::create)
                .on("GetDeployment", this::get)
                .on("GetDeployments", this::list)
                .on("UpdateDeployment", this::update)
                .on("DeleteDeployment", this::delete);
    }

    /** The deployment, or AWS's 404. */
    static Deployment require(ReadTx tx, String restApiId, String deploymentId) {
        return tx.get(Kinds.DEPLOYMENT, restApiId, deploymentId)
                .orElseThrow(() -> AwsException.notFound("Invalid Deployment identifier specified"));
    }

    private Reply create(Call call) {
        String restApiId = call.string("restApiId");
        String stageName = call.optString("stageName");
        CanarySettings canary = ctx.json().convertValue(call.opt("canarySettings"), CanarySettings.class);
        Map<String, String> variables = ctx.json().convertValue(call.opt("variables"), STRING_MAP);
        Deployment created = ctx.store().write(tx -> {
            RestApi api = RestApiOperations.require(tx, ctx, restApiId);
            if (canary != null && (stageName == null || stageName.isEmpty())) {
                throw AwsException.badRequest("Invalid deployment content specified.Non null and non empty stageName"
                        + " must be provided for canary deployment. Provided value is " + stageName);
            }
            boolean toStage = stageName != null && !stageName.isEmpty();
            Stage existing = null;
            if (toStage) {
                Stages.checkName(stageName);
                Stages.checkVariables(variables);
                existing = tx.get(Kinds.STAGE, restApiId, stageName).orElse(null);
                if (canary != null && existing == null) {
                    throw AwsException.badRequest("Invalid deployment content specified.Stage " + stageName
                            + " must already be created before making a canary release deployment");
                }
            }
            List<Resource> resources = tx.list(Kinds.RESOURCE, restApiId);
            Map<String, Map<String, MethodSnapshot>> summary = summarize(resources);

            String id = Ids.short6();
            Deployment deployment = new Deployment(id, call.optString("description"), ctx.nowEpochSeconds(), summary);
            tx.put(Kinds.DEPLOYMENT, restApiId, id, deployment);
            tx.put(Kinds.DEPLOYMENT_CONTENT, restApiId, id, freeze(tx, api, resources));
            if (toStage) {
                deployToStage(tx, call, restApiId, stageName, existing, id, canary, variables);
            }
            return deployment;
        });
        return Reply.of(withoutSummary(created));
    }

    /**
     * The {@code apiSummary}: every method by resource path and verb. Also where AWS's two deploy-time
     * checks happen, since both are about the methods: there must be at least one, and each needs an
     * integration.
     */
    private static Map<String, Map<String, MethodSnapshot>> summarize(List<Resource> resources) {
        Map<String, Map<String, MethodSnapshot>> summary = new TreeMap<>();
        for (Resource r : resources) {
            if (r.resourceMethods() == null || r.resourceMethods().isEmpty()) {
                continue;
            }
            Map<String, MethodSnapshot> methods = new TreeMap<>();
            for (Map.Entry<String, Method> m : r.resourceMethods().entrySet()) {
                Method method = m.getValue();
                if (method.methodIntegration() == null) {
                    throw AwsException.badRequest("No integration defined for method");
                }
                methods.put(
                        m.getKey(),
                        new MethodSnapshot(
                                method.authorizationType() == null ? "NONE" : method.authorizationType(),
                                Boolean.TRUE.equals(method.apiKeyRequired())));
            }
            summary.put(r.path(), methods);
        }
        if (summary.isEmpty()) {
            throw AwsException.badRequest("The REST API doesn't contain any methods");
        }
        return summary;
    }

    /** The API as it is now; every part is an immutable record, so later edits cannot reach the copy. */
    private static DeploymentContent freeze(ReadTx tx, RestApi api, List<Resource> resources) {
        String id = api.id();
        return new DeploymentContent(
                api,
                List.copyOf(resources),
                List.copyOf(tx.list(Kinds.MODEL, id)),
                List.copyOf(tx.list(Kinds.REQUEST_VALIDATOR, id)),
                List.copyOf(tx.list(Kinds.GATEWAY_RESPONSE, id)),
                List.copyOf(tx.list(Kinds.AUTHORIZER, id)));
    }

    /**
     * Creates the stage, or points the existing one at the deployment (its canary, for a canary
     * deployment); the stage options in the request are applied either way.
     */
    private void deployToStage(
            WriteTx tx,
            Call call,
            String restApiId,
            String stageName,
            Stage existing,
            String deploymentId,
            CanarySettings canary,
            Map<String, String> variables) {
        long now = ctx.nowEpochSeconds();
        if (existing == null) {
            tx.put(
                    Kinds.STAGE,
                    restApiId,
                    stageName,
                    Stages.create(
                            stageName,
                            deploymentId,
                            call.optString("stageDescription"),
                            call.optBool("cacheClusterEnabled"),
                            call.optString("cacheClusterSize"),
                            variables,
                            null,
                            null,
                            call.optBool("tracingEnabled"),
                            null,
                            now));
            return;
        }
        ObjectNode stage = ctx.json().valueToTree(existing);
        if (canary != null) {
            // a canary deployment replaces the whole canary, not just its deployment
            CanarySettings settings = Stages.canary(
                    new CanarySettings(
                            canary.percentTraffic(),
                            deploymentId,
                            canary.stageVariableOverrides(),
                            canary.useStageCache()),
                    deploymentId);
            stage.set("canarySettings", ctx.json().valueToTree(settings));
        } else {
            stage.put("deploymentId", deploymentId);
        }
        putIfGiven(stage, "description", call.opt("stageDescription"));
        putIfGiven(stage, "cacheClusterEnabled", call.opt("cacheClusterEnabled"));
        putIfGiven(stage, "cacheClusterSize", call.opt("cacheClusterSize"));
        putIfGiven(stage, "tracingEnabled", call.opt("tracingEnabled"));
        if (variables != null) {
            if (variables.isEmpty()) {
                stage.remove("variables");
            } else {
                stage.set("variables", ctx.json().valueToTree(variables));
            }
        }
        stage.put("lastUpdatedDate", now);
        Stage next = Stages.settleCache(ctx.json(), ctx.json().convertValue(stage, Stage.class));
        tx.put(Kinds.STAGE, restApiId, stageName, next);
    }

    private static void putIfGiven(ObjectNode stage, String member, JsonNode value) {
        if (value != null) {
            stage.set(member, value);
        }
    }

    private Reply get(Call call) {
        String restApiId = call.string("restApiId");
        String deploymentId = call.string("deploymentId");
        Deployment d = ctx.store().read(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            return require(tx, restApiId, deploymentId);
        });
        return Reply.of(embedsSummary(call) ? d : withoutSummary(d));
    }

    /** {@code ?embed=apisummary} is the one embed AWS supports. */
    private static boolean embedsSummary(Call call) {
        JsonNode embed = call.opt("embed");
        if (embed == null) {
            return false;
        }
        for (JsonNode e : embed) {
            if (e.asText().trim().toLowerCase(Locale.ROOT).equals("apisummary")) {
                return true;
            }
        }
        return false;
    }

    private Reply list(Call call) {
        String restApiId = call.string("restApiId");
        List<Deployment> all = ctx.store().read(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            return tx.list(Kinds.DEPLOYMENT, restApiId);
        });
        return Reply.of(Paging.page(ctx.json(), call, all, Deployment::id, DeploymentOperations::withoutSummary));
    }

    private Reply update(Call call) {
        String restApiId = call.string("restApiId");
        String deploymentId = call.string("deploymentId");
        List<PatchOperation> ops = call.patchOperations();
        Deployment updated = ctx.store().write(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            Deployment current = require(tx, restApiId, deploymentId);
            ObjectNode patched = PATCH.apply(ctx.json().valueToTree(current), ops);
            Deployment next = ctx.json().convertValue(patched, Deployment.class);
            tx.put(Kinds.DEPLOYMENT, restApiId, deploymentId, next);
            return next;
        });
        return Reply.of(withoutSummary(updated));
    }

    private Reply delete(Call call) {
        String restApiId = call.string("restApiId");
        String deploymentId = call.string("deploymentId");
        ctx.store().write(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            require(tx, restApiId, deploymentId);
            for (Stage s : tx.list(Kinds.STAGE, restApiId)) {
                if (deploymentId.equals(s.deploymentId())) {
                    throw AwsException.badRequest("Active stages pointing to this deployment must be moved or deleted");
                }
            }
            for (Stage s : tx.list(Kinds.STAGE, restApiId)) {
                if (s.canarySettings() != null
                        && deploymentId.equals(s.canarySettings().deploymentId())) {
                    throw AwsException.badRequest(
                            "Active stages with canary settings pointing to this deployment must be moved or deleted");
                }
            }
            tx.delete(Kinds.DEPLOYMENT, restApiId, deploymentId);
            tx.delete(Kinds.DEPLOYMENT_CONTENT, restApiId, deploymentId);
            return null;
        });
        return Reply.empty();
    }

    private static Deployment withoutSummary(Deployment d) {
        return new Deployment(d.id(), d.description(), d.createdDate(), null);
    }

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
}
