package io.turnpike.model.usage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An API key. The stored document holds the value; answers leave it out unless the caller asked for it
 * ({@link #withoutValue()}).
 *
 * @param stageKeys {@code "{restApiId}/{stageName}"} entries, as AWS lists them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiKey(
        String id,
        String value,
        String name,
        String customerId,
        String description,
        Boolean enabled,
        Long createdDate,
        Long lastUpdatedDate,
        List<String> stageKeys,
        Map<String, String> tags) {

    public ApiKey withoutValue() {
        return new ApiKey(
                id, null, name, customerId, description, enabled, createdDate, lastUpdatedDate, stageKeys, tags);
    }

    @Override
    public String toString() {
        // the value is a credential: never in logs or exception messages
        return "ApiKey[id=" + id + ", name=" + name + "]";
    }
}
