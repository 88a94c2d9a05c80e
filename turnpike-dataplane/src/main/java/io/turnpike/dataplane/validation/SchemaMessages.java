package io.turnpike.dataplane.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns the schema library's errors into AWS's {@code $context.error.validationErrorString}.
 *
 * <p>AWS validates models with the java-json-tools validator ("fge"), and its detail is the list of that
 * validator's messages, Java-list style: {@code [object has missing required properties
 * (["name"])]}. Our library (networknt) finds the same failures but words and groups them differently,
 * so this class rebuilds fge's report from them:
 *
 * <ul>
 *   <li><b>Wording.</b> Each keyword's message is fge's ({@code instance type (string) does not match
 *       any allowed primitive type (allowed: ["integer","number"])}), with JSON values printed compactly
 *       as fge prints them.
 *   <li><b>Grouping.</b> fge reports one message per keyword where networknt reports one per culprit:
 *       all missing required properties of an object form one message, as do all properties
 *       {@code additionalProperties} forbids. A failed {@code anyOf}/{@code allOf}/{@code oneOf}/{@code
 *       not} is one message about the combinator, however its branches failed.
 *   <li><b>What is reported at all.</b> fge walks the instance depth-first (object members in sorted
 *       order, array items by index); at each value it checks every keyword that applies, and once its
 *       report holds any error it no longer descends into children (it still checks the keywords of the
 *       siblings it visits). So a body missing a required top-level property reports only that, not
 *       also what is wrong inside its members. Messages at one value come in keyword order.
 * </ul>
 */
final class SchemaMessages {

    /** fge's primitive types in its enum order, which is the order it lists allowed types in. */
    private static final List<String> TYPE_ORDER =
            List.of("array", "boolean", "integer", "null", "number", "object", "string");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SchemaMessages() {}

    /** One message about the value at an instance location, with the keyword that ordered it. */
    private record Message(String keyword, String text) {}

    /**
     * The detail string for a failed validation.
     *
     * @param errors what the library reported, not empty
     * @param instance the validated body
     * @param documents the model documents, to size combinators
     * @param rootModel the model validated against
     */
    static String validationErrorString(
            List<Error> errors, JsonNode instance, ModelDocuments documents, String rootModel) {
        Map<List<Object>, List<Message>> byLocation = new HashMap<>();
        Map<String, Combinator> combinators = new LinkedHashMap<>();
        Map<String, List<Error>> grouped = new LinkedHashMap<>();

        for (Error e : errors) {
            List<Object> location = elements(e.getInstanceLocation(), Integer.MAX_VALUE);
            NodePath evaluation = e.getEvaluationPath();
            int[] scan = scanForCombinator(evaluation);
            if (scan != null) {
                List<Object> at = location.subList(0, Math.min(scan[1], location.size()));
                String key = elements(evaluation, scan[0] + 1) + "@" + at;
                combinators
                        .computeIfAbsent(
                                key,
                                k -> new Combinator(
                                        String.valueOf(evaluation.getElement(scan[0])),
                                        List.copyOf(at),
                                        evaluation,
                                        scan[0]))
                        .add(e, evaluation, scan[0]);
            } else {
                grouped.computeIfAbsent(e.getKeyword() + "@" + location, k -> new ArrayList<>())
                        .add(e);
            }
        }
        for (Combinator c : combinators.values()) {
            byLocation
                    .computeIfAbsent(c.location, k -> new ArrayList<>())
                    .add(new Message(c.keyword, c.message(documents, rootModel)));
        }
        for (List<Error> group : grouped.values()) {
            Error first = group.get(0);
            List<Object> location = elements(first.getInstanceLocation(), Integer.MAX_VALUE);
            JsonNode value = valueAt(instance, location, first.getInstanceNode());
            for (String text : leafMessages(first.getKeyword(), group, value)) {
                byLocation.computeIfAbsent(location, k -> new ArrayList<>()).add(new Message(first.getKeyword(), text));
            }
        }

        List<String> out = new ArrayList<>();
        visit(instance, new ArrayList<>(), byLocation, out);
        return "[" + String.join(", ", out) + "]";
    }

    /** fge's walk: report this value's messages, and descend only while nothing has been reported. */
    private static void visit(
            JsonNode node, List<Object> path, Map<List<Object>, List<Message>> byLocation, List<String> out) {
        List<Message> here = byLocation.get(path);
        if (here != null) {
            here.stream().sorted(Comparator.comparing(Message::keyword)).forEach(m -> out.add(m.text()));
        }
        if (!out.isEmpty()) {
            return;
        }
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) {
                path.add(name);
                visit(node.get(name), path, byLocation, out);
                path.remove(path.size() - 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                visit(node.get(i), path, byLocation, out);
                path.remove(path.size() - 1);
            }
        }
    }

    /**
     * Where the outermost combinator on an evaluation path is: its index in the path and how many
     * instance levels lie above it; null when the error is not inside one. Names that follow {@code
     * properties} and the like are skipped, so a property called {@code anyOf} is not mistaken for the
     * keyword.
     */
    private static int[] scanForCombinator(NodePath evaluation) {
        int n = evaluation.getNameCount();
        int depth = 0;
        int i = 0;
        while (i < n) {
            Object element = evaluation.getElement(i);
            String keyword = element instanceof String s ? s : "";
            switch (keyword) {
                case "allOf", "anyOf", "oneOf", "not" -> {
                    return new int[] {i, depth};
                }
                case "properties", "patternProperties" -> {
                    depth++;
                    i += 2;
                }
                case "additionalProperties", "additionalItems" -> {
                    depth++;
                    i++;
                }
                case "items" -> {
                    depth++;
                    i += i + 1 < n && evaluation.getElement(i + 1) instanceof Integer ? 2 : 1;
                }
                case "definitions", "dependencies" -> i += 2;
                default -> i++;
            }
        }
        return null;
    }

    /** A failed combinator and what its branches reported. */
    private static final class Combinator {
        final String keyword;
        final List<Object> location;
        final NodePath evaluation;
        final int index;
        final TreeSet<Integer> failedBranches = new TreeSet<>();
        Integer matched;
        JsonNode branches;

        Combinator(String keyword, List<Object> location, NodePath evaluation, int index) {
            this.keyword = keyword;
            this.location = location;
            this.evaluation = evaluation;
            this.index = index;
        }

        void add(Error e, NodePath path, int at) {
            if (at + 1 < path.getNameCount() && path.getElement(at + 1) instanceof Integer branch) {
                failedBranches.add(branch);
            } else if (at + 1 == path.getNameCount() && "oneOf".equals(keyword)) {
                // The oneOf error itself: its first argument is how many branches matched.
                Object[] args = e.getArguments();
                if (args != null && args.length > 0) {
                    try {
                        matched = Integer.valueOf(String.valueOf(args[0]).trim());
                    } catch (NumberFormatException ignored) {
                        matched = null;
                    }
                }
                if (e.getSchemaNode() != null && e.getSchemaNode().isArray()) {
                    branches = e.getSchemaNode();
                }
            }
        }

        String message(ModelDocuments documents, String rootModel) {
            if ("not".equals(keyword)) {
                return "instance matched a schema which it should not have";
            }
            JsonNode array = branches != null ? branches : documents.at(rootModel, evaluation, index + 1);
            int total = array != null && array.isArray()
                    ? array.size()
                    : failedBranches.isEmpty() ? 0 : failedBranches.last() + 1;
            int ok = matched != null ? matched : Math.max(0, total - failedBranches.size());
            return switch (keyword) {
                case "anyOf" -> "instance failed to match at least one required schema among " + total;
                case "allOf" -> "instance failed to match all required schemas (matched only " + ok + " out of " + total
                        + ")";
                default -> "instance failed to match exactly one schema (matched " + ok + " out of " + total + ")";
            };
        }
    }

    /** fge's messages for one keyword's errors at one value. */
    private static List<String> leafMessages(String keyword, List<Error> group, JsonNode found) {
        Error e = group.get(0);
        JsonNode value = found != null ? found : NullNode.getInstance();
        JsonNode schema = e.getSchemaNode();
        List<String> out = new ArrayList<>();
        switch (keyword) {
            case "required" -> out.add("object has missing required properties (" + jsonArray(properties(group)) + ")");
            case "additionalProperties" -> out.add(
                    "object instance has properties which are not allowed by the schema: "
                            + jsonArray(properties(group)));
            case "dependencies" -> {
                for (String property : properties(group)) {
                    JsonNode required = schema == null ? null : schema.get(property);
                    if (required == null || !required.isArray()) {
                        continue;
                    }
                    TreeSet<String> all = new TreeSet<>();
                    TreeSet<String> missing = new TreeSet<>();
                    for (JsonNode r : required) {
                        all.add(r.asText());
                        if (!value.has(r.asText())) {
                            missing.add(r.asText());
                        }
                    }
                    out.add("property \"" + property
                            + "\" of object has missing property dependencies (schema requires " + jsonArray(all)
                            + "; missing: " + jsonArray(missing) + ")");
                }
            }
            case "additionalItems", "items" -> {
                int allowed = Integer.MAX_VALUE;
                for (Error each : group) {
                    Object[] args = each.getArguments();
                    if (args != null && args.length > 0) {
                        try {
                            allowed = Math.min(allowed, Integer.parseInt(String.valueOf(args[0])));
                        } catch (NumberFormatException ignored) {
                            // not an index: leave the bound as found so far
                        }
                    }
                }
                if (allowed == Integer.MAX_VALUE) {
                    out.add(e.getMessage());
                } else {
                    out.add("schema only allows " + allowed + " elements in array but instance has " + value.size()
                            + " elements");
                }
            }
            case "type" -> out.add("instance type (" + typeOf(value) + ") does not match any allowed primitive type"
                    + " (allowed: " + allowedTypes(schema) + ")");
            case "enum" -> out.add(
                    "instance value (" + value + ") not found in enum (possible values: " + schema + ")");
            case "minimum", "exclusiveMinimum" -> out.add(
                    sameNumber(value, schema)
                            ? "numeric instance is not strictly greater than the required minimum " + schema
                            : "numeric instance is lower than the required minimum (minimum: " + schema + ", found: "
                                    + value + ")");
            case "maximum", "exclusiveMaximum" -> out.add(
                    sameNumber(value, schema)
                            ? "numeric instance is not strictly lower than the required maximum " + schema
                            : "numeric instance is greater than the required maximum (maximum: " + schema + ", found: "
                                    + value + ")");
            case "minLength" -> out.add("string \"" + value.asText() + "\" is too short (length: " + codePoints(value)
                    + ", required minimum: " + schema + ")");
            case "maxLength" -> out.add("string \"" + value.asText() + "\" is too long (length: " + codePoints(value)
                    + ", maximum allowed: " + schema + ")");
            case "pattern" -> out.add("ECMA 262 regex \"" + schema.asText() + "\" does not match input string \""
                    + value.asText() + "\"");
            case "minItems" -> out.add("array is too short: must have at least " + schema
                    + " elements but instance has " + value.size() + " elements");
            case "maxItems" -> out.add("array is too long: must have at most " + schema + " elements but instance has "
                    + value.size() + " elements");
            case "uniqueItems" -> out.add("array must not contain duplicate elements");
            case "multipleOf" -> out.add("remainder of division is not zero (" + value + " / " + schema + ")");
            case "minProperties" -> out.add("object has too few properties (found " + value.size()
                    + " but schema requires at least " + schema + ")");
            case "maxProperties" -> out.add("object has too many properties (found " + value.size()
                    + " but schema requires at most " + schema + ")");
            default -> group.forEach(each -> out.add(each.getMessage()));
        }
        return out;
    }

    private static TreeSet<String> properties(List<Error> group) {
        TreeSet<String> out = new TreeSet<>();
        for (Error e : group) {
            if (e.getProperty() != null) {
                out.add(e.getProperty());
            }
        }
        return out;
    }

    private static String jsonArray(Collection<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array.toString();
    }

    private static String typeOf(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        return "string";
    }

    /** The allowed types as fge lists them: in its enum order, with "integer" implied by "number". */
    private static String allowedTypes(JsonNode type) {
        TreeSet<String> types = new TreeSet<>(Comparator.comparingInt(t -> {
            int i = TYPE_ORDER.indexOf(t);
            return i < 0 ? TYPE_ORDER.size() : i;
        }));
        if (type != null && type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (type != null) {
            types.add(type.asText());
        }
        if (types.contains("number")) {
            types.add("integer");
        }
        return jsonArray(types);
    }

    private static boolean sameNumber(JsonNode value, JsonNode bound) {
        return bound != null
                && value.isNumber()
                && bound.isNumber()
                && value.decimalValue().compareTo(bound.decimalValue()) == 0;
    }

    private static int codePoints(JsonNode value) {
        String s = value.asText();
        return s.codePointCount(0, s.length());
    }

    /** The elements of a path (names and indexes), at most {@code limit} of them. */
    private static List<Object> elements(NodePath path, int limit) {
        int n = Math.min(path.getNameCount(), limit);
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(path.getElement(i));
        }
        return out;
    }

    private static JsonNode valueAt(JsonNode root, List<Object> location, JsonNode fallback) {
        JsonNode node = root;
        for (Object element : location) {
            node = element instanceof Integer i ? node.get(i) : node.get(String.valueOf(element));
            if (node == null) {
                return fallback;
            }
        }
        return node;
    }
}
