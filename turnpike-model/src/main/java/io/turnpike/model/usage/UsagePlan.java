package io.turnpike.model.usage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.turnpike.model.rest.ThrottleSettings;
import java.util.List;
import java.util.Map;

/** A usage plan: the API stages it covers, the per-key throttle and quota, per-method throttles. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UsagePlan(
        String id,
        String name,
        String description,
        List<ApiStage> apiStages,
        ThrottleSettings throttle,
        QuotaSettings quota,
        String productCode,
        Map<String, String> tags) {}
