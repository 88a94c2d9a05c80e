package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Account-wide settings: CloudWatch role, throttle, features. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Account(
        String cloudwatchRoleArn, ThrottleSettings throttleSettings, List<String> features, String apiKeyVersion) {}
