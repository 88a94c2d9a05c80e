package io.turnpike.dataplane.snapshot;

import io.turnpike.dataplane.gatewayresponse.GatewayResponses;
import io.turnpike.dataplane.pipeline.GatewayError;
import io.turnpike.dataplane.pipeline.MethodCompilation;
import io.turnpike.dataplane.pipeline.RestPipeline;
import io.turnpike.dataplane.pipeline.Step;
import io.turnpike.dataplane.pipeline.StepOutcome;
import io.turnpike.dataplane.routing.RouteTable;
import io.turnpike.model.rest.AuthorizerCacheFlush;
import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.Resource;
import io.turnpike.model.rest.RestApi;
import io.turnpike.model.rest.Stage;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import io.turnpike.store.Store;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the store's configuration into a {@link GatewaySnapshot}. Runs off the request path (on the
 * registry's compile thread); everything a request needs is parsed and resolved here.
 *
 * <p>A stage whose deployment, stage settings and API are unchanged since the previous snapshot is
 * reused as is, so deploying one API does not recompile the others. A method that fails to compile
 * (say, a template with a syntax error) answers 500 {@code Internal server error}, as AWS answers a
 * broken integration, without taking its stage or API down.
 */
public final class SnapshotCompiler {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCompiler.class);

    private final GatewayConfig config;
    private final RestPipeline pipeline;

    public SnapshotCompiler(GatewayConfig config, RestPipeline pipeline) {
        this.config = config;
        this.pipeline = pipeline;
    }

    public GatewaySnapshot compile(ReadTx tx, GatewaySnapshot previous) {
        Map<String, Map<String, StageSnapshot>> apis = new HashMap<>();
        for (RestApi api : tx.list(Kinds.REST_API, Store.GLOBAL)) {
            Map<String, StageSnapshot> stages = new HashMap<>();
            for (Stage stage : tx.list(Kinds.STAGE, api.id())) {
                StageSnapshot before = previous.stage(api.id(), stage.stageName());
                long flushes = tx.get(Kinds.AUTHORIZER_CACHE_FLUSH, api.id(), stage.stageName())
                        .map(AuthorizerCacheFlush::generation)
                        .orElse(0L);
                if (before != null
                        && before.stage().equals(stage)
                        && before.api().equals(api)
                        && before.authorizerCacheGeneration() == flushes) {
                    stages.put(stage.stageName(), before);
                    continue;
                }
                DeploymentContent content = tx.get(Kinds.DEPLOYMENT_CONTENT, api.id(), stage.deploymentId())
                        .orElse(null);
                if (content == null) {
                    LOG.warn(
                            "stage {}/{} points to deployment {} which has no content",
                            api.id(),
                            stage.stageName(),
                            stage.deploymentId());
                    continue;
                }
                stages.put(stage.stageName(), compileStage(api, stage, content, flushes));
            }
            apis.put(api.id(), stages);
        }
        return new GatewaySnapshot(tx.revision(), apis);
    }

    /** Compiles one stage (public for TestInvokeMethod, which compiles an undeployed API the same way). */
    public StageSnapshot compileStage(RestApi api, Stage stage, DeploymentContent content) {
        return compileStage(api, stage, content, 0);
    }

    private StageSnapshot compileStage(
            RestApi api, Stage stage, DeploymentContent content, long authorizerCacheGeneration) {
        Map<String, String> variables = stage.variables() == null ? Map.of() : stage.variables();
        RestApi deployedApi = content.restApi() == null ? api : content.restApi();
        List<Resource> resources = content.resources() == null ? List.of() : content.resources();
        RouteTable<ResourcePlan> routes = RouteTable.compile(resources, r -> {
            Map<String, MethodPlan> methods = new LinkedHashMap<>();
            if (r.resourceMethods() != null) {
                for (Map.Entry<String, Method> m : r.resourceMethods().entrySet()) {
                    methods.put(
                            m.getKey(), compileMethod(deployedApi, content, variables, r, m.getKey(), m.getValue()));
                }
            }
            return new ResourcePlan(r, methods);
        });
        return new StageSnapshot(
                config,
                api,
                stage,
                content,
                routes,
                variables,
                GatewayResponses.compile(content.gatewayResponses()),
                authorizerCacheGeneration);
    }

    private MethodPlan compileMethod(
            RestApi api,
            DeploymentContent content,
            Map<String, String> variables,
            Resource resource,
            String verb,
            Method method) {
        MethodCompilation c =
                new MethodCompilation(api, content, variables, resource, verb, method, method.methodIntegration());
        List<Step> steps;
        try {
            steps = pipeline.stepsFor(c);
        } catch (RuntimeException e) {
            LOG.atWarn()
                    .addKeyValue("apiId", api.id())
                    .addKeyValue("resource", resource.path())
                    .addKeyValue("method", verb)
                    .addKeyValue("reason", e.getMessage())
                    .log("method does not compile; it answers 500 until redeployed");
            steps = List.of(BROKEN);
        }
        return new MethodPlan(verb, resource, method, method.methodIntegration(), steps);
    }

    private static final Step BROKEN = ex -> StepOutcome.fail(GatewayError.configuration());
}
