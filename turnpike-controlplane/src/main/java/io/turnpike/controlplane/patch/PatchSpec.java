package io.turnpike.controlplane.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.controlplane.patch.PatchOperation.Op;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The patch paths one resource type accepts, and how each changes the resource's JSON.
 *
 * <p>Amazon API Gateway does not implement RFC 6902 in general: each resource accepts a fixed list of
 * paths, each with its own verbs, and every value arrives as a string that the path gives a type
 * ({@code "true"} for a boolean, {@code "500"} for a number). A spec is that list; {@link #apply} runs
 * operations in order on a copy of the resource and rejects the first one that no path accepts with
 * AWS's message, so a rejected update changes nothing.
 */
public final class PatchSpec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The type a path gives its string value. */
    public enum ValueType {
        STRING,
        BOOLEAN,
        INTEGER,
        DOUBLE
    }

    /** Applies one accepted operation to the resource's JSON. */
    @FunctionalInterface
    public interface Action {
        void apply(ObjectNode resource, PatchOperation op, String key);
    }

    private record Rule(String display, String prefix, boolean keyed, Set<Op> ops, Action action) {
        /** The key after the prefix for keyed rules, the empty string for exact rules, null when no match. */
        String match(String path) {
            if (!keyed) {
                return path.equals(prefix) ? "" : null;
            }
            if (path.startsWith(prefix + "/") && path.length() > prefix.length() + 1) {
                return PatchOperation.unescape(path.substring(prefix.length() + 1));
            }
            return null;
        }
    }

    private final List<Rule> rules;

    private PatchSpec(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Applies the operations to a copy of {@code resource} and returns the copy. */
    public ObjectNode apply(ObjectNode resource, List<PatchOperation> operations) {
        ObjectNode out = resource.deepCopy();
        for (PatchOperation op : operations) {
            Rule rule = null;
            String key = null;
            for (Rule r : rules) {
                key = r.match(op.path());
                if (key != null && r.ops.contains(op.op())) {
                    rule = r;
                    break;
                }
            }
            if (rule == null) {
                throw invalidPath(op);
            }
            rule.action.apply(out, op, key);
        }
        return out;
    }

    private AwsException invalidPath(PatchOperation op) {
        List<String> paths = new ArrayList<>();
        for (Rule r : rules) {
            if (r.ops.contains(op.op()) && !paths.contains(r.display)) {
                paths.add(r.display);
            }
        }
        return AwsException.badRequest("Invalid patch path  '" + op.path() + "' specified for op '"
                + op.op().wire() + "'. Must be one of: [" + String.join(", ", paths) + "]");
    }

    /** Converts a patch value to the JSON a path stores, or answers 400 naming the path. */
    public static JsonNode convert(String value, ValueType type, String path) {
        switch (type) {
            case STRING:
                return NODES.textNode(value);
            case BOOLEAN:
                if (!value.equals("true") && !value.equals("false")) {
                    throw AwsException.badRequest(
                            "Invalid value '" + value + "' for " + path + " (expected: true or false)");
                }
                return NODES.booleanNode(Boolean.parseBoolean(value));
            case INTEGER:
                try {
                    return NODES.numberNode(Integer.parseInt(value.trim()));
                } catch (NumberFormatException e) {
                    throw AwsException.badRequest(
                            "Invalid value '" + value + "' for " + path + " (expected: an integer)");
                }
            case DOUBLE:
                try {
                    return NODES.numberNode(new BigDecimal(value.trim()).doubleValue());
                } catch (NumberFormatException e) {
                    throw AwsException.badRequest(
                            "Invalid value '" + value + "' for " + path + " (expected: a number)");
                }
            default:
                throw new IllegalStateException("unknown type " + type);
        }
    }

    /** The object at a pointer of field names below {@code root}, created if missing. */
    public static ObjectNode objectAt(ObjectNode root, String... fields) {
        ObjectNode node = root;
        for (String f : fields) {
            JsonNode child = node.get(f);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(f);
            }
            node = (ObjectNode) child;
        }
        return node;
    }

    /** Builds a spec path by path. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();

        private Builder() {}

        /**
         * A scalar at {@code path} (one or more {@code /}-separated fields): replace and add set it,
         * remove clears it.
         */
        public Builder scalar(String path, ValueType type, Op... ops) {
            String[] fields = path.substring(1).split("/");
            return custom(path, ops, (resource, op, key) -> {
                ObjectNode parent = objectAt(resource, java.util.Arrays.copyOf(fields, fields.length - 1));
                String field = fields[fields.length - 1];
                if (op.op() == Op.REMOVE) {
                    parent.remove(field);
                } else {
                    parent.set(field, convert(op.requireValue(), type, op.path()));
                }
            });
        }

        /**
         * A map at {@code path} addressed by key, {@code path/{key}} with the key JSON-Pointer escaped:
         * add and replace put the key, remove deletes it.
         */
        public Builder map(String path, ValueType type, Op... ops) {
            String[] fields = path.substring(1).split("/");
            return keyed(path, path + "/{key}", ops, (resource, op, key) -> {
                ObjectNode map = objectAt(resource, fields);
                if (op.op() == Op.REMOVE) {
                    if (map.remove(key) == null) {
                        throw AwsException.notFound("Invalid patch path  '" + op.path() + "': no such key");
                    }
                } else {
                    map.set(key, convert(op.requireValue(), type, op.path()));
                }
            });
        }

        /**
         * A list of distinct strings at {@code path}, each addressed by its own value: add {@code
         * path/{value}} appends it, remove deletes it, replace swaps it for the operation's value.
         */
        public Builder stringSet(String path) {
            String field = path.substring(1);
            return keyed(path, path + "/{value}", new Op[] {Op.ADD, Op.REMOVE, Op.REPLACE}, (resource, op, key) -> {
                ArrayNode list = resource.get(field) instanceof ArrayNode a ? a : resource.putArray(field);
                int at = indexOf(list, key);
                switch (op.op()) {
                    case ADD -> {
                        if (at < 0) {
                            list.add(key);
                        }
                    }
                    case REMOVE -> {
                        if (at >= 0) {
                            list.remove(at);
                        }
                    }
                    default -> {
                        String replacement = op.requireValue();
                        if (at < 0) {
                            throw AwsException.badRequest(
                                    "Invalid patch path  '" + op.path() + "': '" + key + "' is not in " + path);
                        }
                        list.set(at, NODES.textNode(replacement));
                    }
                }
                if (list.isEmpty()) {
                    resource.remove(field);
                }
            });
        }

        /** An exact path with its own action. */
        public Builder custom(String path, Op[] ops, Action action) {
            rules.add(new Rule(path, path, false, opSet(ops), action));
            return this;
        }

        /** Paths below {@code prefix} with their own action; it receives the unescaped rest as key. */
        public Builder keyed(String prefix, String display, Op[] ops, Action action) {
            rules.add(new Rule(display, prefix, true, opSet(ops), action));
            return this;
        }

        public PatchSpec build() {
            if (rules.isEmpty()) {
                throw new IllegalStateException("rules: none (expected: at least one path)");
            }
            return new PatchSpec(rules);
        }

        private static Set<Op> opSet(Op[] ops) {
            if (ops.length == 0) {
                return EnumSet.of(Op.REPLACE);
            }
            return EnumSet.copyOf(List.of(ops));
        }

        private static int indexOf(ArrayNode list, String value) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).asText().equals(value)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
