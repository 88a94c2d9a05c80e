package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A stage's canary: a share of traffic sent to another deployment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CanarySettings(
        Double percentTraffic,
        String deploymentId,
        Map<String, String> stageVariableOverrides,
        Boolean useStageCache) {}
