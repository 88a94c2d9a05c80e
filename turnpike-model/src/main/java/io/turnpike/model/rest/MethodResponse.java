package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A method response: the status code a method may return and the headers and models it declares. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MethodResponse(
        String statusCode, Map<String, Boolean> responseParameters, Map<String, String> responseModels) {}
