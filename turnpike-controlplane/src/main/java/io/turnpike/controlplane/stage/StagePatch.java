package io.turnpike.controlplane.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.controlplane.account.AccountOperations;
import io.turnpike.controlplane.patch.PatchOperation;
import io.turnpike.controlplane.patch.PatchOperation.Op;
import io.turnpike.controlplane.patch.PatchSpec;
import io.turnpike.controlplane.patch.PatchSpec.ValueType;
import io.turnpike.model.rest.Stage;
import io.turnpike.store.ReadTx;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * UpdateStage's patch operations, the richest of any resource.
 *
 * <p>Three grammars share one path space, and AWS tells them apart the way this class does:
 *
 * <ul>
 *   <li>Stage members: {@code /deploymentId}, {@code /description}, {@code /cacheClusterEnabled}, {@code
 *       /cacheClusterSize}, {@code /clientCertificateId}, {@code /accessLogSettings[/destinationArn|/format]},
 *       {@code /variables/{name}}, {@code /tracingEnabled}, {@code /webAclArn}.
 *   <li>Canary: {@code /canarySettings/{percentTraffic|deploymentId|useStageCache}} and {@code
 *       /canarySettings/stageVariableOverrides/{name}}, replace only (the first one creates the canary with
 *       its defaults); {@code remove /canarySettings} drops it; promotion is {@code copy} from {@code
 *       /canarySettings/deploymentId} to {@code /deploymentId} and from {@code
 *       /canarySettings/stageVariableOverrides} to {@code /variables} (merged into the variables).
 *   <li>Method settings: {@code /{resourcePath}/{httpMethod}/{category}/{setting}}. Everything between the
 *       leading slash and the two setting segments is the key the setting is stored under, exactly as
 *       given: {@code *}{@code /*}, {@code ~1pets/GET} (the AWS CLI's escaped form) or {@code pets/GET}
 *       (Terraform's). A new key starts from the defaults. {@code remove /{key}} deletes a key.
 * </ul>
 *
 * <p>Operations run in order on a copy; the first one that fails rejects the whole update.
 */
final class StagePatch {

    /** AWS's list of stage patch paths, verbatim including its missing commas. */
    static final String VALID_PATHS = "[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize,"
            + " /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn,"
            + " /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled,"
            + " /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel,"
            + " /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit"
            + "/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled,"
            + " /{resourcePath}/{httpMethod}/caching/dataEncrypted,"
            + " /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl,"
            + " /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled,"
            + " /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit"
            + " /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled,"
            + " /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl,"
            + " /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]";

    /** AWS's list of method settings, for a path whose key is right but whose setting is not. */
    static final String VALID_SETTINGS = "[.../metrics/enabled, .../logging/dataTrace, .../logging/loglevel,"
            + ".../throttling/burstLimit, .../throttling/rateLimit, .../caching/ttlInSeconds, .../caching/enabled,"
            + " .../caching/dataEncrypted, .../caching/requireAuthorizationForCacheControl,"
            + " .../caching/unauthorizedCacheControlHeaderStrategy]";

    static final String COPY_RULES = "Valid copy:path are [/deploymentId, /variables] and valid copy:from are"
            + " [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]";

    private static final Set<String> METHODS =
            Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY", "*");

    private static final List<String> LOGGING_LEVELS = List.of("OFF", "ERROR", "INFO");
    private static final List<String> CACHE_CONTROL_STRATEGIES =
            List.of("FAIL_WITH_403", "SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER");

    private static final Set<Op> SET = EnumSet.of(Op.REPLACE, Op.ADD);
    private static final Set<Op> SET_OR_REMOVE = EnumSet.of(Op.REPLACE, Op.ADD, Op.REMOVE);

    /** A method setting: its path suffix, the MethodSetting member it sets, and that member's default. */
    private enum Setting {
        METRICS("metrics/enabled", "metricsEnabled"),
        LOG_LEVEL("logging/loglevel", "loggingLevel"),
        DATA_TRACE("logging/dataTrace", "dataTraceEnabled"),
        BURST("throttling/burstLimit", "throttlingBurstLimit"),
        RATE("throttling/rateLimit", "throttlingRateLimit"),
        CACHING("caching/enabled", "cachingEnabled"),
        TTL("caching/ttlInSeconds", "cacheTtlInSeconds"),
        ENCRYPTED("caching/dataEncrypted", "cacheDataEncrypted"),
        REQUIRE_AUTH("caching/requireAuthorizationForCacheControl", "requireAuthorizationForCacheControl"),
        UNAUTHORIZED_STRATEGY(
                "caching/unauthorizedCacheControlHeaderStrategy", "unauthorizedCacheControlHeaderStrategy");

        final String suffix;
        final String member;

        Setting(String suffix, String member) {
            this.suffix = suffix;
            this.member = member;
        }

        static Setting of(String suffix) {
            for (Setting s : values()) {
                if (s.suffix.equals(suffix)) {
                    return s;
                }
            }
            return null;
        }
    }

    private final ObjectMapper json;
    private final ReadTx tx;
    private final String restApiId;

    StagePatch(ObjectMapper json, ReadTx tx, String restApiId) {
        this.json = json;
        this.tx = tx;
        this.restApiId = restApiId;
    }

    /** The stage after every operation, or the first operation's 400. */
    Stage apply(Stage current, List<PatchOperation> ops) {
        ObjectNode stage = json.valueToTree(current);
        for (PatchOperation op : ops) {
            applyOne(stage, op);
        }
        Stages.settleCache(stage);
        return json.convertValue(stage, Stage.class);
    }

    private void applyOne(ObjectNode stage, PatchOperation op) {
        String path = op.path();
        if (op.op() == Op.COPY) {
            copy(stage, op);
            return;
        }
        if (path.equals("/canarySettings") || path.startsWith("/canarySettings/")) {
            canary(stage, op);
            return;
        }
        switch (path) {
            case "/deploymentId" -> {
                allow(op, SET);
                String id = op.requireValue();
                Stages.requireDeployment(tx, restApiId, id);
                stage.put("deploymentId", id);
            }
            case "/description" -> setOrRemove(stage, op, "description");
            case "/cacheClusterEnabled" -> {
                allow(op, SET);
                stage.set("cacheClusterEnabled", PatchSpec.convert(op.requireValue(), ValueType.BOOLEAN, path));
            }
            case "/cacheClusterSize" -> {
                allow(op, SET);
                String size = op.requireValue();
                if (!Stages.CACHE_SIZES.contains(size)) {
                    throw AwsException.badRequest(
                            "Invalid cache cluster size: " + size + " (expected: one of " + Stages.CACHE_SIZES + ")");
                }
                stage.put("cacheClusterSize", size);
            }
            case "/clientCertificateId" -> setOrRemove(stage, op, "clientCertificateId");
            case "/tracingEnabled" -> {
                allow(op, SET);
                stage.set("tracingEnabled", PatchSpec.convert(op.requireValue(), ValueType.BOOLEAN, path));
            }
            case "/webAclArn" -> setOrRemove(stage, op, "webAclArn");
            case "/accessLogSettings" -> {
                allow(op, EnumSet.of(Op.REMOVE));
                stage.remove("accessLogSettings");
            }
            case "/accessLogSettings/destinationArn" -> accessLog(stage, op, "destinationArn");
            case "/accessLogSettings/format" -> accessLog(stage, op, "format");
            default -> {
                if (path.startsWith("/variables/") && path.length() > "/variables/".length()) {
                    variable(stage, op, PatchOperation.unescape(path.substring("/variables/".length())));
                } else {
                    methodSetting(stage, op);
                }
            }
        }
    }

    private static void allow(PatchOperation op, Set<Op> ops) {
        if (!ops.contains(op.op())) {
            throw AwsException.badRequest("Invalid " + op.op().wire() + " operation with path: " + op.path());
        }
    }

    /** Replace or add sets the member; remove, or an empty value, clears it. */
    private static void setOrRemove(ObjectNode stage, PatchOperation op, String member) {
        allow(op, SET_OR_REMOVE);
        if (op.op() == Op.REMOVE || op.value() == null || op.value().isEmpty()) {
            stage.remove(member);
        } else {
            stage.put(member, op.value());
        }
    }

    private static void accessLog(ObjectNode stage, PatchOperation op, String member) {
        allow(op, SET_OR_REMOVE);
        ObjectNode settings = PatchSpec.objectAt(stage, "accessLogSettings");
        if (op.op() == Op.REMOVE) {
            settings.remove(member);
        } else {
            String value = op.requireValue();
            if (member.equals("destinationArn") && !value.startsWith("arn:")) {
                throw AwsException.badRequest("Invalid ARN specified in the request: " + value
                        + " (expected: the ARN of a CloudWatch Logs log group or a Kinesis Data Firehose stream)");
            }
            settings.put(member, value);
        }
        if (settings.isEmpty()) {
            stage.remove("accessLogSettings");
        }
    }

    private static void variable(ObjectNode stage, PatchOperation op, String name) {
        allow(op, SET_OR_REMOVE);
        ObjectNode variables = PatchSpec.objectAt(stage, "variables");
        if (op.op() == Op.REMOVE) {
            variables.remove(name);
        } else {
            String value = op.requireValue();
            Stages.checkVariables(Map.of(name, value));
            variables.put(name, value);
        }
        if (variables.isEmpty()) {
            stage.remove("variables");
        }
    }

    private void canary(ObjectNode stage, PatchOperation op) {
        String path = op.path();
        if (path.equals("/canarySettings") && op.op() == Op.REMOVE) {
            stage.remove("canarySettings");
            return;
        }
        String overridesPrefix = "/canarySettings/stageVariableOverrides/";
        boolean known = path.equals("/canarySettings/percentTraffic")
                || path.equals("/canarySettings/deploymentId")
                || path.equals("/canarySettings/useStageCache")
                || (path.startsWith(overridesPrefix) && path.length() > overridesPrefix.length());
        if (op.op() != Op.REPLACE) {
            if (known) {
                throw AwsException.badRequest("Invalid " + op.op().wire() + " operation with path: " + path);
            }
            // AWS reads any other canary path as a method setting key, and so answers as for one
            throw cannot(op.op(), path.substring(1));
        }
        if (!known) {
            throw invalidPath(path);
        }
        ObjectNode canary = stage.get("canarySettings") instanceof ObjectNode c ? c : newCanary(stage);
        String value = op.requireValue();
        switch (path) {
            case "/canarySettings/percentTraffic" -> {
                JsonNode percent = PatchSpec.convert(value, ValueType.DOUBLE, path);
                Stages.checkPercentTraffic(percent.asDouble());
                canary.set("percentTraffic", percent);
            }
            case "/canarySettings/deploymentId" -> {
                Stages.requireDeployment(tx, restApiId, value);
                canary.put("deploymentId", value);
            }
            case "/canarySettings/useStageCache" -> canary.set(
                    "useStageCache", PatchSpec.convert(value, ValueType.BOOLEAN, path));
            default -> {
                String name = PatchOperation.unescape(path.substring(overridesPrefix.length()));
                Stages.checkVariables(Map.of(name, value));
                PatchSpec.objectAt(canary, "stageVariableOverrides").put(name, value);
            }
        }
    }

    /** The canary a stage gets when its first canary setting is replaced: AWS's defaults. */
    private static ObjectNode newCanary(ObjectNode stage) {
        ObjectNode canary = stage.putObject("canarySettings");
        canary.put("percentTraffic", 0.0);
        canary.put("deploymentId", stage.path("deploymentId").asText());
        canary.put("useStageCache", false);
        return canary;
    }

    /** Canary promotion: the only copies AWS accepts. */
    private static void copy(ObjectNode stage, PatchOperation op) {
        String path = op.path();
        String from = op.from();
        boolean deployment = path.equals("/deploymentId") && "/canarySettings/deploymentId".equals(from);
        boolean variables = path.equals("/variables") && "/canarySettings/stageVariableOverrides".equals(from);
        if (!deployment && !variables) {
            throw AwsException.badRequest(
                    "Invalid copy operation with path: " + path + " and from " + from + ". " + COPY_RULES);
        }
        if (!(stage.get("canarySettings") instanceof ObjectNode canary)) {
            throw AwsException.badRequest("Promotion not available. Canary does not exist.");
        }
        if (deployment) {
            stage.put("deploymentId", canary.path("deploymentId").asText());
            return;
        }
        JsonNode overrides = canary.get("stageVariableOverrides");
        if (overrides instanceof ObjectNode o && !o.isEmpty()) {
            ObjectNode vars = PatchSpec.objectAt(stage, "variables");
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                vars.set(e.getKey(), e.getValue());
            }
        }
    }

    private void methodSetting(ObjectNode stage, PatchOperation op) {
        String path = op.path();
        String[] segments = path.substring(1).split("/", -1);
        Setting setting = segments.length >= 4
                ? Setting.of(segments[segments.length - 2] + "/" + segments[segments.length - 1])
                : null;
        String key = setting == null ? null : String.join("/", Arrays.copyOf(segments, segments.length - 2));
        ObjectNode settings = PatchSpec.objectAt(stage, "methodSettings");

        if (op.op() == Op.REMOVE) {
            if (setting != null) {
                // removing one setting returns it to its default
                if (!(settings.get(key) instanceof ObjectNode entry)) {
                    throw cannot(Op.REMOVE, key);
                }
                resetToDefault(entry, setting);
                return;
            }
            String whole = path.substring(1);
            if (settings.remove(whole) == null) {
                throw cannot(Op.REMOVE, whole);
            }
            return;
        }
        if (!SET.contains(op.op())) {
            throw AwsException.badRequest("Invalid " + op.op().wire() + " operation with path: " + path);
        }
        if (setting == null) {
            if (segments.length >= 3) {
                String suffix = String.join("/", Arrays.copyOfRange(segments, 2, segments.length));
                throw AwsException.badRequest(
                        "Invalid method setting path: " + suffix + ". Must be one of: " + VALID_SETTINGS);
            }
            throw invalidPath(path);
        }
        String method = segments[segments.length - 3];
        if (!METHODS.contains(method)) {
            throw invalidPath(path);
        }
        ObjectNode entry = settings.get(key) instanceof ObjectNode e ? e : newEntry(settings, key);
        entry.set(setting.member, settingValue(setting, op.requireValue(), path));
    }

    private JsonNode settingValue(Setting setting, String value, String path) {
        switch (setting) {
            case LOG_LEVEL -> {
                if (!LOGGING_LEVELS.contains(value)) {
                    throw AwsException.badRequest(
                            "Invalid logging level: " + value + " (expected: one of " + LOGGING_LEVELS + ")");
                }
                if (!value.equals("OFF") && AccountOperations.current(tx).cloudwatchRoleArn() == null) {
                    throw AwsException.badRequest(
                            "CloudWatch Logs role ARN must be set in account settings to enable logging");
                }
                return json.getNodeFactory().textNode(value);
            }
            case BURST -> {
                int burst;
                try {
                    burst = Integer.parseInt(value.trim());
                } catch (NumberFormatException e) {
                    burst = -1;
                }
                if (burst < 0) {
                    throw AwsException.badRequest(
                            "Invalid throttling burst limit: " + value + " (expected: an integer >= 0)");
                }
                return json.getNodeFactory().numberNode(burst);
            }
            case RATE -> {
                double rate;
                try {
                    rate = Double.parseDouble(value.trim());
                } catch (NumberFormatException e) {
                    rate = -1;
                }
                if (!(rate >= 0) || Double.isInfinite(rate)) {
                    throw AwsException.badRequest(
                            "Invalid throttling rate limit: " + value + " (expected: a number >= 0)");
                }
                return json.getNodeFactory().numberNode(rate);
            }
            case TTL -> {
                int ttl;
                try {
                    ttl = Integer.parseInt(value.trim());
                } catch (NumberFormatException e) {
                    ttl = -1;
                }
                if (ttl < 0 || ttl > 3600) {
                    throw AwsException.badRequest(
                            "Invalid time-to-live setting, must be an integer no greater than 3600");
                }
                return json.getNodeFactory().numberNode(ttl);
            }
            case UNAUTHORIZED_STRATEGY -> {
                if (!CACHE_CONTROL_STRATEGIES.contains(value)) {
                    throw AwsException.badRequest("Invalid unauthorized cache control header strategy: " + value
                            + " (expected: one of " + CACHE_CONTROL_STRATEGIES + ")");
                }
                return json.getNodeFactory().textNode(value);
            }
            default -> {
                return PatchSpec.convert(value, ValueType.BOOLEAN, path);
            }
        }
    }

    /** A new method settings entry with every default AWS fills in ({@code loggingLevel} only when set). */
    private static ObjectNode newEntry(ObjectNode settings, String key) {
        ObjectNode entry = settings.putObject(key);
        for (Setting s : Setting.values()) {
            resetToDefault(entry, s);
        }
        return entry;
    }

    private static void resetToDefault(ObjectNode entry, Setting setting) {
        switch (setting) {
            case METRICS, DATA_TRACE, CACHING, ENCRYPTED -> entry.put(setting.member, false);
            case LOG_LEVEL -> entry.remove(setting.member);
            case BURST -> entry.put(setting.member, AccountOperations.DEFAULT_BURST_LIMIT);
            case RATE -> entry.put(setting.member, AccountOperations.DEFAULT_RATE_LIMIT);
            case TTL -> entry.put(setting.member, 300);
            case REQUIRE_AUTH -> entry.put(setting.member, true);
            case UNAUTHORIZED_STRATEGY -> entry.put(setting.member, "SUCCEED_WITH_RESPONSE_HEADER");
        }
    }

    private static AwsException cannot(Op op, String key) {
        return AwsException.badRequest("Cannot " + op.wire() + " method setting " + key
                + " because there is no method setting for this method ");
    }

    static AwsException invalidPath(String path) {
        return AwsException.badRequest("Invalid method setting path: " + path + ". Must be one of: " + VALID_PATHS);
    }
}
