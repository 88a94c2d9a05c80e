package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** A method (HTTP verb or ANY) on a resource, with its method responses and integration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Method(
        String httpMethod,
        String authorizationType,
        String authorizerId,
        Boolean apiKeyRequired,
        String requestValidatorId,
        String operationName,
        Map<String, Boolean> requestParameters,
        Map<String, String> requestModels,
        Map<String, MethodResponse> methodResponses,
        Integration methodIntegration,
        List<String> authorizationScopes) {}
