package io.turnpike.model.usage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A key added to a usage plan (stored in the plan's scope under the key's id). The wire's UsagePlanKey
 * (id, type, name, value) is built from the key itself when answering.
 *
 * @param createdDate epoch seconds; the quota's first period (the one {@code offset} applies to) is the
 *     one containing this instant
 * @param adjustments how many times UpdateUsage changed this key's usage: a change to this versioned
 *     document is what tells the data plane to reload the key's (unversioned) counters
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UsagePlanKeyLink(String keyId, Long createdDate, Long adjustments) {}
