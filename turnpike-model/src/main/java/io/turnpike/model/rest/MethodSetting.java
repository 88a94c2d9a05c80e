package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Per-method stage settings; the map key {@code *&#47;*} holds the settings for every method. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MethodSetting(
        Boolean metricsEnabled,
        String loggingLevel,
        Boolean dataTraceEnabled,
        Integer throttlingBurstLimit,
        Double throttlingRateLimit,
        Boolean cachingEnabled,
        Integer cacheTtlInSeconds,
        Boolean cacheDataEncrypted,
        Boolean requireAuthorizationForCacheControl,
        String unauthorizedCacheControlHeaderStrategy) {}
