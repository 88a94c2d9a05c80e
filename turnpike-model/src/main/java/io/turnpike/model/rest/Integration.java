package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The backend of a method: HTTP, HTTP_PROXY, MOCK, AWS or AWS_PROXY. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Integration(
        String type,
        String httpMethod,
        String uri,
        String connectionType,
        String connectionId,
        String credentials,
        Map<String, String> requestParameters,
        Map<String, String> requestTemplates,
        String passthroughBehavior,
        String contentHandling,
        Integer timeoutInMillis,
        String cacheNamespace,
        List<String> cacheKeyParameters,
        Map<String, IntegrationResponse> integrationResponses,
        TlsConfig tlsConfig,
        String responseTransferMode,
        String integrationTarget) {}
