package io.turnpike.model.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * An asynchronous ({@code Event}) invocation waiting to run, stored before it is acknowledged so that a
 * restart loses none.
 *
 * @param id the invocation's request id
 * @param function the function reference as the caller gave it
 * @param qualifier the qualifier the caller gave, or null
 * @param payload the event bytes
 * @param attempts how many times it has run and failed (Lambda runs an event at most 3 times)
 * @param notBeforeEpochMillis when it may run next
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record QueuedEvent(
        String id,
        String function,
        String qualifier,
        byte[] payload,
        String clientContext,
        int attempts,
        long notBeforeEpochMillis) {

    public QueuedEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(payload, "payload");
    }

    public QueuedEvent failedOnce(long nextNotBefore) {
        return new QueuedEvent(id, function, qualifier, payload, clientContext, attempts + 1, nextNotBefore);
    }
}
