package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A named stage of a REST API pointing at one deployment, with its settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Stage(
        String deploymentId,
        String clientCertificateId,
        String stageName,
        String description,
        Boolean cacheClusterEnabled,
        String cacheClusterSize,
        String cacheClusterStatus,
        Map<String, MethodSetting> methodSettings,
        Map<String, String> variables,
        String documentationVersion,
        AccessLogSettings accessLogSettings,
        CanarySettings canarySettings,
        Boolean tracingEnabled,
        String webAclArn,
        Map<String, String> tags,
        Long createdDate,
        Long lastUpdatedDate) {}
