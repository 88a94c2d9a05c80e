package io.turnpike.dataplane.pipeline;

import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.model.rest.Integration;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.Resource;
import io.turnpike.model.rest.RestApi;
import java.util.Map;

/**
 * What the phases of the pipeline see when they compile their step for one method of one stage.
 *
 * @param api the API as deployed (the deployment's frozen copy)
 * @param stageVariables the stage's variables, for substituting {@code ${stageVariables.x}} at compile time
 */
public record MethodCompilation(
        RestApi api,
        DeploymentContent deployment,
        Map<String, String> stageVariables,
        Resource resource,
        String httpMethod,
        Method method,
        Integration integration) {}
