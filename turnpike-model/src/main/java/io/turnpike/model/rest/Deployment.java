package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A deployment: a frozen copy of a REST API that stages point to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Deployment(
        String id, String description, Long createdDate, Map<String, Map<String, MethodSnapshot>> apiSummary) {}
