package io.turnpike.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.controlplane.patch.PatchOperation;
import java.util.List;

/**
 * One management call as a handler sees it: the operation's input, already decoded and checked against
 * the service model (members under their model names), and the request id.
 */
public record Call(String operation, ObjectNode input, String requestId) {

    /** A required string member (the decoder has checked that required members are present). */
    public String string(String member) {
        JsonNode v = input.get(member);
        if (v == null || v.isNull()) {
            throw new IllegalStateException(operation + ": member " + member + " is not present");
        }
        return v.asText();
    }

    /** An optional string member, or null. */
    public String optString(String member) {
        JsonNode v = input.get(member);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** An optional member as JSON, or null. */
    public JsonNode opt(String member) {
        JsonNode v = input.get(member);
        return v == null || v.isNull() ? null : v;
    }

    /** An optional integer member, or null. */
    public Integer optInt(String member) {
        JsonNode v = input.get(member);
        return v == null || v.isNull() ? null : v.asInt();
    }

    /** An optional boolean member, or null. */
    public Boolean optBool(String member) {
        JsonNode v = input.get(member);
        return v == null || v.isNull() ? null : v.asBoolean();
    }

    /** The {@code patchOperations} of an {@code Update*} call. */
    public List<PatchOperation> patchOperations() {
        return PatchOperation.fromInput(input.get("patchOperations"));
    }
}
