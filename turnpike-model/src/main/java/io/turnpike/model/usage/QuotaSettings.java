package io.turnpike.model.usage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A usage plan's quota: {@code limit} requests per key per {@code period} ({@code DAY}, {@code WEEK},
 * {@code MONTH}); {@code offset} requests are subtracted from the limit in the first period.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record QuotaSettings(Integer limit, Integer offset, String period) {}
