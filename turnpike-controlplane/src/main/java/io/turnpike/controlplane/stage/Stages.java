package io.turnpike.controlplane.stage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.model.rest.CanarySettings;
import io.turnpike.model.rest.Stage;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The rules every way of creating or changing a stage shares, with AWS's messages. */
public final class Stages {

    public static final int MAX_NAME_LENGTH = 128;
    public static final String DEFAULT_CACHE_SIZE = "0.5";
    public static final List<String> CACHE_SIZES = List.of("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9_]+");
    /** The model documents {@code [A-Za-z0-9-._~:/?#&=,]+}; AWS's own message also lists the space. */
    private static final Pattern VARIABLE_VALUE = Pattern.compile("[A-Za-z0-9\\-._~:/?#&=, ]+");

    private Stages() {}

    /** The stage, or AWS's 404. */
    public static Stage require(ReadTx tx, String restApiId, String stageName) {
        return tx.get(Kinds.STAGE, restApiId, stageName)
                .orElseThrow(() -> AwsException.notFound("Invalid Stage identifier specified"));
    }

    /** Stage names are the first path segment of every invoke URL. */
    public static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw AwsException.badRequest("Stage name only allows a-zA-Z0-9_-");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw AwsException.badRequest("Stage name is too long: " + name.length() + " characters (expected: at most "
                    + MAX_NAME_LENGTH + ")");
        }
    }

    /** Checks stage variables (or canary overrides) against AWS's name and value rules. */
    public static void checkVariables(Map<String, String> variables) {
        if (variables == null) {
            return;
        }
        for (Map.Entry<String, String> v : variables.entrySet()) {
            if (!VARIABLE_NAME.matcher(v.getKey()).matches()) {
                throw AwsException.badRequest("Invalid stage variable name: " + v.getKey()
                        + ".  Please use names with only word characters.");
            }
            String value = v.getValue() == null ? "" : v.getValue();
            if (!VARIABLE_VALUE.matcher(value).matches()) {
                throw AwsException.badRequest("Invalid stage variable value: " + value
                        + ".  Please use values with alphanumeric characters and the symbols ' ', -', '.', '_', ':',"
                        + " '/', '?', '&', '=', and ','.");
            }
        }
    }

    /** A stage may only point at a deployment of its own API. */
    public static void requireDeployment(ReadTx tx, String restApiId, String deploymentId) {
        if (deploymentId == null
                || tx.get(Kinds.DEPLOYMENT, restApiId, deploymentId).isEmpty()) {
            throw AwsException.badRequest("Deployment id does not exist");
        }
    }

    public static void checkPercentTraffic(Double percent) {
        if (percent != null && (percent.isNaN() || percent < 0.0 || percent > 100.0)) {
            throw AwsException.badRequest(
                    "Invalid canary percentTraffic: " + percent + " (expected: between 0.0 and 100.0)");
        }
    }

    /**
     * A canary as AWS stores it: the given settings over the defaults ({@code percentTraffic 0.0},
     * {@code useStageCache false}, and the stage's own deployment when none is named).
     */
    public static CanarySettings canary(CanarySettings given, String defaultDeploymentId) {
        checkPercentTraffic(given.percentTraffic());
        checkVariables(given.stageVariableOverrides());
        return new CanarySettings(
                given.percentTraffic() == null ? 0.0 : given.percentTraffic(),
                given.deploymentId() == null ? defaultDeploymentId : given.deploymentId(),
                given.stageVariableOverrides() == null
                                || given.stageVariableOverrides().isEmpty()
                        ? null
                        : new LinkedHashMap<>(given.stageVariableOverrides()),
                given.useStageCache() == null ? Boolean.FALSE : given.useStageCache());
    }

    /** A new stage with AWS's defaults for everything not given. */
    public static Stage create(
            String stageName,
            String deploymentId,
            String description,
            Boolean cacheClusterEnabled,
            String cacheClusterSize,
            Map<String, String> variables,
            String documentationVersion,
            CanarySettings canarySettings,
            Boolean tracingEnabled,
            Map<String, String> tags,
            long now) {
        boolean cache = Boolean.TRUE.equals(cacheClusterEnabled);
        return new Stage(
                deploymentId,
                null,
                stageName,
                description,
                cache,
                cache && cacheClusterSize == null ? DEFAULT_CACHE_SIZE : cacheClusterSize,
                cache ? "AVAILABLE" : "NOT_AVAILABLE",
                new LinkedHashMap<>(),
                variables == null || variables.isEmpty() ? null : new LinkedHashMap<>(variables),
                documentationVersion,
                null,
                canarySettings,
                Boolean.TRUE.equals(tracingEnabled),
                null,
                tags == null || tags.isEmpty() ? null : new LinkedHashMap<>(tags),
                now,
                now);
    }

    /**
     * Brings the cache cluster status and size in line with {@code cacheClusterEnabled}: an enabled cache is
     * available at once (a real cluster takes minutes to provision; Turnpike's cache is in-process) and
     * gets the smallest size unless one was chosen.
     */
    static void settleCache(ObjectNode stage) {
        boolean enabled = stage.path("cacheClusterEnabled").asBoolean(false);
        stage.put("cacheClusterEnabled", enabled);
        if (enabled) {
            stage.put("cacheClusterStatus", "AVAILABLE");
            if (!stage.hasNonNull("cacheClusterSize")) {
                stage.put("cacheClusterSize", DEFAULT_CACHE_SIZE);
            }
        } else {
            stage.put("cacheClusterStatus", "NOT_AVAILABLE");
        }
    }

    /** Applies {@link #settleCache} to a record. */
    public static Stage settleCache(com.fasterxml.jackson.databind.ObjectMapper json, Stage stage) {
        ObjectNode node = json.valueToTree(stage);
        settleCache(node);
        return json.convertValue(node, Stage.class);
    }
}
