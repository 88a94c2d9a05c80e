package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** A REST API ("v1") as Amazon API Gateway returns it. Members absent on the wire are null. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestApi(
        String id,
        String name,
        String description,
        Long createdDate,
        String version,
        List<String> warnings,
        List<String> binaryMediaTypes,
        Integer minimumCompressionSize,
        String apiKeySource,
        EndpointConfiguration endpointConfiguration,
        String policy,
        Map<String, String> tags,
        Boolean disableExecuteApiEndpoint,
        String rootResourceId) {}
