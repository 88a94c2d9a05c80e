package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Which parts of a request a method validates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequestValidator(
        String id, String name, Boolean validateRequestBody, Boolean validateRequestParameters) {}
