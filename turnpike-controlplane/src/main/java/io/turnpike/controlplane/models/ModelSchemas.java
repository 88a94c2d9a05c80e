package io.turnpike.controlplane.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Model schemas: what AWS accepts as one, how one model refers to another, and the flattened form
 * {@code GetModel?flatten=true} returns.
 *
 * <p>AWS checks a schema against the JSON Schema draft 4 meta-schema and rejects anything else with one
 * opaque message (users report {@code "required": []} and a non-object schema as failing the same way),
 * so the checks here are the meta-schema's, written out: each keyword present must have the type and
 * bounds draft 4 gives it, and every subschema is checked in turn. Keywords draft 4 does not define are
 * allowed, as the meta-schema allows them.
 *
 * <p>A model refers to another model of the same API with {@code {"$ref":
 * "https://apigateway.amazonaws.com/restapis/{restapi_id}/models/{model_name}"}}; every such model must
 * exist when the schema is stored.
 */
final class ModelSchemas {

    static final String EMPTY_SCHEMA = "Model schema must have at least 1 property or array items defined";
    static final String INVALID_SCHEMA =
            "Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]";

    /** AWS's URL for a model, in any region's form of the host. */
    private static final Pattern MODEL_REF = Pattern.compile(
            "https?://apigateway(?:\\.[a-z0-9-]+)?\\.amazonaws\\.com(?:\\.cn)?/restapis/([^/]+)/models/([^/?#]+)/?");

    private static final Set<String> SIMPLE_TYPES =
            Set.of("array", "boolean", "integer", "null", "number", "object", "string");

    private final ObjectMapper json;

    ModelSchemas(ObjectMapper json) {
        this.json = json.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The schema as JSON, or AWS's 400 when it is missing, not JSON, or not a draft 4 schema. */
    ObjectNode parse(String schema) {
        if (schema == null || schema.isBlank()) {
            throw AwsException.badRequest(EMPTY_SCHEMA);
        }
        JsonNode node;
        try {
            node = json.readTree(schema);
        } catch (JsonProcessingException e) {
            throw AwsException.badRequest(INVALID_SCHEMA);
        }
        if (!(node instanceof ObjectNode root) || !isSchema(root, root)) {
            throw AwsException.badRequest(INVALID_SCHEMA);
        }
        return root;
    }

    /**
     * Answers AWS's 400 naming every model the schema refers to that {@code exists} does not know, or
     * that belongs to another API.
     */
    static void checkReferences(JsonNode schema, String restApiId, Function<String, Boolean> exists) {
        List<String> missing = new ArrayList<>();
        for (ModelRef ref : references(schema)) {
            if (!ref.restApiId().equals(restApiId) || !exists.apply(ref.modelName())) {
                missing.add("Invalid model specified: " + ref.modelName());
            }
        }
        if (!missing.isEmpty()) {
            throw AwsException.badRequest("Invalid model specified: Validation Result: warnings : [], errors : ["
                    + String.join(", ", missing) + "]");
        }
    }

    /** A reference to another model: the API it belongs to and its name. */
    record ModelRef(String restApiId, String modelName) {}

    /** The model a {@code $ref} value names, if it names one. */
    static Optional<ModelRef> modelRef(String ref) {
        Matcher m = MODEL_REF.matcher(ref);
        return m.matches() ? Optional.of(new ModelRef(m.group(1), m.group(2))) : Optional.empty();
    }

    /** Every model reference in the schema, each once, in document order. */
    static Set<ModelRef> references(JsonNode schema) {
        Set<ModelRef> out = new LinkedHashSet<>();
        collect(schema, out);
        return out;
    }

    private static void collect(JsonNode node, Set<ModelRef> out) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                modelRef(ref.asText()).ifPresent(out::add);
            }
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                collect(child, out);
            }
        }
    }

    /**
     * The schema with every reference to another model of the API replaced by that model's schema,
     * recursively; a reference that would loop back into a model being inlined stays a reference.
     */
    ObjectNode flatten(ObjectNode schema, String restApiId, Function<String, Optional<String>> schemaOf) {
        Set<String> inlining = new HashSet<>();
        return (ObjectNode) inline(schema.deepCopy(), restApiId, schemaOf, inlining);
    }

    private JsonNode inline(
            JsonNode node, String restApiId, Function<String, Optional<String>> schemaOf, Set<String> inlining) {
        if (node instanceof ObjectNode obj) {
            JsonNode ref = obj.get("$ref");
            if (ref != null && ref.isTextual()) {
                Optional<ModelRef> target = modelRef(ref.asText())
                        .filter(r -> r.restApiId().equals(restApiId))
                        .filter(r -> !inlining.contains(r.modelName()));
                Optional<String> text = target.flatMap(r -> schemaOf.apply(r.modelName()));
                if (target.isPresent() && text.isPresent()) {
                    JsonNode referenced;
                    try {
                        referenced = json.readTree(text.get());
                    } catch (JsonProcessingException e) {
                        return obj;
                    }
                    if (referenced instanceof ObjectNode r) {
                        r.remove("$schema");
                        inlining.add(target.get().modelName());
                        JsonNode out = inline(r, restApiId, schemaOf, inlining);
                        inlining.remove(target.get().modelName());
                        return out;
                    }
                }
                return obj;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(inline(e.getValue(), restApiId, schemaOf, inlining));
            }
            return obj;
        }
        if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                arr.set(i, inline(arr.get(i), restApiId, schemaOf, inlining));
            }
        }
        return node;
    }

    // ---- the draft 4 meta-schema, keyword by keyword ----

    private static boolean isSchema(JsonNode node, ObjectNode root) {
        if (!node.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!keywordValid(e.getKey(), e.getValue(), node, root)) {
                return false;
            }
        }
        return true;
    }

    private static boolean keywordValid(String keyword, JsonNode v, JsonNode schema, ObjectNode root) {
        return switch (keyword) {
            case "id", "$schema", "title", "description", "format" -> v.isTextual();
            case "$ref" -> v.isTextual() && refResolves(v.asText(), root);
            case "multipleOf" -> v.isNumber() && v.decimalValue().signum() > 0;
            case "maximum", "minimum" -> v.isNumber();
            case "exclusiveMaximum" -> v.isBoolean() && schema.has("maximum");
            case "exclusiveMinimum" -> v.isBoolean() && schema.has("minimum");
            case "maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties" -> v
                            .isIntegralNumber()
                    && v.asLong() >= 0;
            case "pattern" -> v.isTextual() && compiles(v.asText());
            case "additionalItems", "additionalProperties" -> v.isBoolean() || isSchema(v, root);
            case "items" -> isSchema(v, root) || isSchemaArray(v, root);
            case "uniqueItems" -> v.isBoolean();
            case "required" -> isStringArray(v);
            case "definitions", "properties" -> isSchemaMap(v, root);
            case "patternProperties" -> isSchemaMap(v, root) && namesCompile(v);
            case "dependencies" -> isDependencies(v, root);
            case "enum" -> v.isArray() && !v.isEmpty() && unique(v);
            case "type" -> isType(v);
            case "allOf", "anyOf", "oneOf" -> isSchemaArray(v, root);
            case "not" -> isSchema(v, root);
            default -> true;
        };
    }

    private static boolean refResolves(String ref, ObjectNode root) {
        if (!ref.startsWith("#")) {
            return true;
        }
        String pointer = ref.substring(1);
        if (pointer.isEmpty()) {
            return true;
        }
        try {
            return !root.at(pointer).isMissingNode();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isSchemaArray(JsonNode v, ObjectNode root) {
        if (!v.isArray() || v.isEmpty()) {
            return false;
        }
        for (JsonNode s : v) {
            if (!isSchema(s, root)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSchemaMap(JsonNode v, ObjectNode root) {
        if (!v.isObject()) {
            return false;
        }
        for (JsonNode s : v) {
            if (!isSchema(s, root)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isStringArray(JsonNode v) {
        if (!v.isArray() || v.isEmpty() || !unique(v)) {
            return false;
        }
        for (JsonNode s : v) {
            if (!s.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDependencies(JsonNode v, ObjectNode root) {
        if (!v.isObject()) {
            return false;
        }
        for (JsonNode d : v) {
            if (!isSchema(d, root) && !isStringArray(d)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isType(JsonNode v) {
        if (v.isTextual()) {
            return SIMPLE_TYPES.contains(v.asText());
        }
        if (!v.isArray() || v.isEmpty() || !unique(v)) {
            return false;
        }
        for (JsonNode t : v) {
            if (!t.isTextual() || !SIMPLE_TYPES.contains(t.asText())) {
                return false;
            }
        }
        return true;
    }

    private static boolean unique(JsonNode array) {
        Set<JsonNode> seen = new HashSet<>();
        for (JsonNode n : array) {
            if (!seen.add(n)) {
                return false;
            }
        }
        return true;
    }

    private static boolean compiles(String regex) {
        try {
            Pattern.compile(regex);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    private static boolean namesCompile(JsonNode patternProperties) {
        for (Iterator<String> it = patternProperties.fieldNames(); it.hasNext(); ) {
            if (!compiles(it.next())) {
                return false;
            }
        }
        return true;
    }
}
