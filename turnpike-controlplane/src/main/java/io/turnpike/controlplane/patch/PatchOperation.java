package io.turnpike.controlplane.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.turnpike.aws.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entry of an {@code Update*} call's {@code patchOperations}: {@code op} (add, remove, replace,
 * move, test, copy; the input decoder has already checked the enum), a JSON Pointer {@code path}, and
 * the string {@code value} and {@code from} where given.
 */
public record PatchOperation(Op op, String path, String value, String from) {

    /** The patch verbs of the model's {@code Op} enum. */
    public enum Op {
        ADD,
        REMOVE,
        REPLACE,
        MOVE,
        COPY,
        TEST;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Reads the decoded {@code patchOperations} input member (absent means no operations). */
    public static List<PatchOperation> fromInput(JsonNode patchOperations) {
        List<PatchOperation> out = new ArrayList<>();
        if (patchOperations == null || patchOperations.isNull()) {
            return out;
        }
        for (JsonNode p : patchOperations) {
            String op = p.path("op").asText(null);
            String path = p.path("path").asText(null);
            if (op == null) {
                throw AwsException.badRequest("Invalid patch operation: 'op' is required");
            }
            if (path == null) {
                throw AwsException.badRequest("Invalid patch operation: 'path' is required for op '" + op + "'");
            }
            out.add(new PatchOperation(
                    Op.valueOf(op.toUpperCase(Locale.ROOT)),
                    path,
                    p.hasNonNull("value") ? p.get("value").asText() : null,
                    p.hasNonNull("from") ? p.get("from").asText() : null));
        }
        return out;
    }

    /** The value, or a 400 naming the operation when it has none. */
    public String requireValue() {
        if (value == null) {
            throw AwsException.badRequest(
                    "Invalid patch operation: 'value' is required for op '" + op.wire() + "' on path '" + path + "'");
        }
        return value;
    }

    /** Decodes a JSON Pointer token: {@code ~1} is {@code /} and {@code ~0} is {@code ~}. */
    public static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** Encodes a map key as a JSON Pointer token. */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
