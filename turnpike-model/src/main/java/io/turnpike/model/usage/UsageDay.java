package io.turnpike.model.usage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One key's usage of one plan on one UTC day, stored in the plan's scope under {@code {keyId}/{day}}.
 *
 * @param day {@code yyyy-MM-dd}
 * @param used requests the data plane counted that day
 * @param adjustment quota consumed (positive) or given back (negative) by UpdateUsage that day; the quota
 *     a period has consumed is the sum of {@code used + adjustment} over its days
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UsageDay(String keyId, String day, long used, long adjustment) {}
