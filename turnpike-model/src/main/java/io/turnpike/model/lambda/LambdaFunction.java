package io.turnpike.model.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * A function: its {@code $LATEST} configuration and what belongs to the function as a whole.
 *
 * @param latest the {@code $LATEST} configuration
 * @param tags the function's tags (never null)
 * @param reservedConcurrency {@code PutFunctionConcurrency}'s value, or null when none is reserved
 * @param lastPublishedVersion the highest version number ever published (numbers are never reused)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LambdaFunction(
        FunctionConfig latest, Map<String, String> tags, Integer reservedConcurrency, int lastPublishedVersion) {

    public LambdaFunction {
        Objects.requireNonNull(latest, "latest");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public String name() {
        return latest.functionName();
    }

    public LambdaFunction withLatest(FunctionConfig newLatest) {
        return new LambdaFunction(newLatest, tags, reservedConcurrency, lastPublishedVersion);
    }

    public LambdaFunction withReservedConcurrency(Integer value) {
        return new LambdaFunction(latest, tags, value, lastPublishedVersion);
    }

    public LambdaFunction withLastPublishedVersion(int value) {
        return new LambdaFunction(latest, tags, reservedConcurrency, value);
    }

    public LambdaFunction withTags(Map<String, String> value) {
        return new LambdaFunction(latest, value, reservedConcurrency, lastPublishedVersion);
    }

    /** The scope under which the function's versions, aliases and policies are stored. */
    public static String scope(String functionName) {
        return "function:" + functionName;
    }
}
