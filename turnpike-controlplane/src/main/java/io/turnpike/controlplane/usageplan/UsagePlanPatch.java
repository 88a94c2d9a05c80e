package io.turnpike.controlplane.usageplan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.controlplane.patch.PatchOperation;
import io.turnpike.controlplane.patch.PatchOperation.Op;
import io.turnpike.controlplane.patch.PatchSpec;
import io.turnpike.controlplane.patch.PatchSpec.ValueType;
import java.util.List;

/**
 * UpdateUsagePlan's patch paths: {@code /name}, {@code /description}, {@code /productCode},
 * {@code /throttle/rateLimit}, {@code /throttle/burstLimit} (and remove {@code /throttle}),
 * {@code /quota/limit}, {@code /quota/offset}, {@code /quota/period} (and remove {@code /quota}),
 * {@code /apiStages} (add or remove, value {@code {apiId}:{stage}}), and per-method throttles
 * {@code /apiStages/{apiId}:{stage}/throttle/{resourcePath}/{method}/rateLimit} (or {@code burstLimit};
 * the resource path with {@code /} escaped as {@code ~1}; remove without the last segment drops the
 * method's throttle).
 */
final class UsagePlanPatch {

    private static final String PATHS = "[/name, /description, /productCode, /throttle/rateLimit, /throttle/burstLimit,"
            + " /quota/limit, /quota/offset, /quota/period, /apiStages,"
            + " /apiStages/{apiId}:{stage}/throttle/{resourcePath}/{method}/rateLimit,"
            + " /apiStages/{apiId}:{stage}/throttle/{resourcePath}/{method}/burstLimit]";

    private UsagePlanPatch() {}

    static ObjectNode apply(ObjectMapper json, ObjectNode plan, List<PatchOperation> ops) {
        ObjectNode out = plan.deepCopy();
        for (PatchOperation op : ops) {
            String path = op.path();
            Op verb = op.op();
            switch (path) {
                case "/name" -> {
                    requireOp(op, Op.REPLACE);
                    String name = op.requireValue();
                    if (name.isBlank()) {
                        // ours: AWS's text for a blank name is not recorded
                        throw AwsException.badRequest("Usage Plan name cannot be blank");
                    }
                    out.put("name", name);
                }
                case "/description", "/productCode" -> {
                    requireOp(op, Op.REPLACE, Op.REMOVE);
                    setOrRemove(out, path.substring(1), op, ValueType.STRING);
                }
                case "/throttle/rateLimit" -> scalar(out, "throttle", "rateLimit", op, ValueType.DOUBLE);
                case "/throttle/burstLimit" -> scalar(out, "throttle", "burstLimit", op, ValueType.INTEGER);
                case "/quota/limit" -> scalar(out, "quota", "limit", op, ValueType.INTEGER);
                case "/quota/offset" -> scalar(out, "quota", "offset", op, ValueType.INTEGER);
                case "/quota/period" -> scalar(out, "quota", "period", op, ValueType.STRING);
                case "/throttle", "/quota" -> {
                    requireOp(op, Op.REMOVE);
                    out.remove(path.substring(1));
                }
                case "/apiStages" -> apiStages(out, op);
                default -> {
                    if (path.startsWith("/apiStages/")) {
                        methodThrottle(out, op);
                    } else {
                        throw invalid(op);
                    }
                }
            }
        }
        return out;
    }

    private static void apiStages(ObjectNode plan, PatchOperation op) {
        requireOp(op, Op.ADD, Op.REMOVE);
        String[] ref = stageRef(op.requireValue(), op);
        ArrayNode stages = plan.get("apiStages") instanceof ArrayNode a ? a : plan.putArray("apiStages");
        int at = indexOf(stages, ref[0], ref[1]);
        if (op.op() == Op.ADD) {
            if (at < 0) {
                ObjectNode s = stages.addObject();
                s.put("apiId", ref[0]);
                s.put("stage", ref[1]);
            }
        } else {
            if (at < 0) {
                throw AwsException.notFound("Invalid API Stage {api: " + ref[0] + ", stage: " + ref[1]
                        + "} specified for usageplan " + plan.path("id").asText());
            }
            stages.remove(at);
        }
    }

    private static void methodThrottle(ObjectNode plan, PatchOperation op) {
        String rest = op.path().substring("/apiStages/".length());
        int slash = rest.indexOf('/');
        if (slash < 0 || !rest.startsWith("/throttle/", slash)) {
            throw invalid(op);
        }
        String[] ref = stageRef(rest.substring(0, slash), op);
        String tail = PatchOperation.unescape(rest.substring(slash + "/throttle/".length()));
        String field = null;
        if (tail.endsWith("/rateLimit")) {
            field = "rateLimit";
        } else if (tail.endsWith("/burstLimit")) {
            field = "burstLimit";
        }
        if (field != null) {
            tail = tail.substring(0, tail.length() - field.length() - 1);
        } else if (op.op() != Op.REMOVE) {
            throw invalid(op);
        }
        int methodAt = tail.lastIndexOf('/');
        if (methodAt <= 0 && !tail.startsWith("*")) {
            throw invalid(op);
        }
        String resourcePath = tail.substring(0, Math.max(0, methodAt));
        String method = tail.substring(methodAt + 1);
        if (!resourcePath.startsWith("/")) {
            resourcePath = "/" + resourcePath;
        }
        String key = UsagePlanOperations.checkMethodKey(resourcePath + "/" + method);
        ArrayNode stages = plan.get("apiStages") instanceof ArrayNode a ? a : plan.putArray("apiStages");
        int at = indexOf(stages, ref[0], ref[1]);
        if (at < 0) {
            throw AwsException.notFound("Invalid API Stage {api: " + ref[0] + ", stage: " + ref[1]
                    + "} specified for usageplan " + plan.path("id").asText());
        }
        ObjectNode stage = (ObjectNode) stages.get(at);
        ObjectNode throttles = PatchSpec.objectAt(stage, "throttle");
        if (op.op() == Op.REMOVE) {
            if (field == null) {
                throttles.remove(key);
            } else if (throttles.get(key) instanceof ObjectNode t) {
                t.remove(field);
            }
        } else {
            ObjectNode t = PatchSpec.objectAt(throttles, key);
            t.set(
                    field,
                    PatchSpec.convert(
                            op.requireValue(),
                            field.equals("rateLimit") ? ValueType.DOUBLE : ValueType.INTEGER,
                            op.path()));
        }
        if (throttles.isEmpty()) {
            stage.remove("throttle");
        }
    }

    private static void scalar(ObjectNode plan, String object, String field, PatchOperation op, ValueType type) {
        requireOp(op, Op.REPLACE, Op.ADD, Op.REMOVE);
        ObjectNode parent = PatchSpec.objectAt(plan, object);
        setOrRemove(parent, field, op, type);
        if (parent.isEmpty()) {
            plan.remove(object);
        }
    }

    private static void setOrRemove(ObjectNode parent, String field, PatchOperation op, ValueType type) {
        if (op.op() == Op.REMOVE) {
            parent.remove(field);
        } else {
            JsonNode v = PatchSpec.convert(op.requireValue(), type, op.path());
            parent.set(field, v);
        }
    }

    private static String[] stageRef(String value, PatchOperation op) {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            // ours: AWS's text for a malformed stage reference is not recorded
            throw AwsException.badRequest(
                    "Invalid API stage: " + value + " in " + op.path() + " (expected: {apiId}:{stage})");
        }
        return new String[] {value.substring(0, colon), value.substring(colon + 1)};
    }

    private static int indexOf(ArrayNode stages, String apiId, String stage) {
        for (int i = 0; i < stages.size(); i++) {
            JsonNode s = stages.get(i);
            if (s.path("apiId").asText().equals(apiId)
                    && s.path("stage").asText().equals(stage)) {
                return i;
            }
        }
        return -1;
    }

    private static void requireOp(PatchOperation op, Op... allowed) {
        for (Op a : allowed) {
            if (a == op.op()) {
                return;
            }
        }
        throw invalid(op);
    }

    private static AwsException invalid(PatchOperation op) {
        return AwsException.badRequest("Invalid patch path  '" + op.path() + "' specified for op '"
                + op.op().wire() + "'. Must be one of: " + PATHS);
    }
}
