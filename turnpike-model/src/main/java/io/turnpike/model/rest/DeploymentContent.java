package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Everything a deployment froze: the API, its resource tree with methods and integrations, models, validators and gateway responses. Stored beside the Deployment; the data plane compiles stages from it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeploymentContent(
        RestApi restApi,
        List<Resource> resources,
        List<Model> models,
        List<RequestValidator> requestValidators,
        List<GatewayResponse> gatewayResponses) {}
