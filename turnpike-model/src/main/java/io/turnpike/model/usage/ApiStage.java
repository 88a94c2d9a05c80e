package io.turnpike.model.usage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.turnpike.model.rest.ThrottleSettings;
import java.util.Map;

/**
 * One API stage of a usage plan.
 *
 * @param throttle per-method throttles keyed {@code "{resourcePath}/{HTTPMETHOD}"} ({@code "/pets/GET"})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiStage(String apiId, String stage, Map<String, ThrottleSettings> throttle) {}
