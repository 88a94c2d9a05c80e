package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** Maps an integration's outcome (selected by selectionPattern) to a method response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntegrationResponse(
        String statusCode,
        String selectionPattern,
        Map<String, String> responseParameters,
        Map<String, String> responseTemplates,
        String contentHandling) {}
