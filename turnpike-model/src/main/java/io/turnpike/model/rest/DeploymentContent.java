package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Everything a deployment froze: the API (with its resource policy), its resource tree with methods and
 * integrations, models, validators, gateway responses and authorizers. Stored beside the Deployment; the
 * data plane compiles stages from it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeploymentContent(
        RestApi restApi,
        List<Resource> resources,
        List<Model> models,
        List<RequestValidator> requestValidators,
        List<GatewayResponse> gatewayResponses,
        List<Authorizer> authorizers) {

    /** Content without authorizers (deployments made before authorizers were frozen into them). */
    public DeploymentContent(
            RestApi restApi,
            List<Resource> resources,
            List<Model> models,
            List<RequestValidator> requestValidators,
            List<GatewayResponse> gatewayResponses) {
        this(restApi, resources, models, requestValidators, gatewayResponses, null);
    }
}
