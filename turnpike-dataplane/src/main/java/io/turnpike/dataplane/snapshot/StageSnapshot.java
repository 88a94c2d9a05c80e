package io.turnpike.dataplane.snapshot;

import io.turnpike.dataplane.gatewayresponse.GatewayResponses;
import io.turnpike.dataplane.routing.RouteTable;
import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.model.rest.RestApi;
import io.turnpike.model.rest.Stage;
import java.util.Map;
import java.util.Objects;

/**
 * One stage as it serves: the stage settings, the deployment it points to, its resource tree compiled
 * into a route table, its stage variables and gateway responses. Immutable.
 *
 * @param api the REST API as it is now (endpoint switches such as {@code disableExecuteApiEndpoint}
 *     apply at once, like AWS); the deployment's frozen copy is in {@code content}
 * @param authorizerCacheGeneration how many times FlushStageAuthorizersCache flushed the stage; cached
 *     authorizer results are keyed by it
 */
public record StageSnapshot(
        GatewayConfig config,
        RestApi api,
        Stage stage,
        DeploymentContent content,
        RouteTable<ResourcePlan> routes,
        Map<String, String> variables,
        GatewayResponses gatewayResponses,
        long authorizerCacheGeneration) {

    /** A stage whose authorizer cache was never flushed. */
    public StageSnapshot(
            GatewayConfig config,
            RestApi api,
            Stage stage,
            DeploymentContent content,
            RouteTable<ResourcePlan> routes,
            Map<String, String> variables,
            GatewayResponses gatewayResponses) {
        this(config, api, stage, content, routes, variables, gatewayResponses, 0);
    }

    public StageSnapshot {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(routes, "routes");
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        Objects.requireNonNull(gatewayResponses, "gatewayResponses");
    }

    public String apiId() {
        return api.id();
    }

    public String stageName() {
        return stage.stageName();
    }
}
