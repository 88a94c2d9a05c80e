package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** What the gateway answers for one response type (DEFAULT_4XX, THROTTLED, ...). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GatewayResponse(
        String responseType,
        String statusCode,
        Map<String, String> responseParameters,
        Map<String, String> responseTemplates,
        Boolean defaultResponse) {}
