package io.turnpike.controlplane.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The sample mapping template {@code GetModelTemplate} generates from a model: a VTL template that reads
 * the payload root and rebuilds the model's shape from it, one line per property.
 *
 * <p>The layout is AWS's, as its generated templates show it: the template opens with {@code
 * #set($inputRoot = $input.path('$'))}; an object lists {@code "name" : value} pairs indented by two
 * spaces, with string values quoted and numbers, integers, booleans and nulls bare; an object without
 * properties is {@code { }}; an array becomes a {@code #foreach} over the array with AWS's {@code
 * ##TODO} reminder, one element per iteration, and commas between elements:
 *
 * <pre>
 * #set($inputRoot = $input.path('$'))
 * [
 * ##TODO: Update this foreach loop to reference array from input json
 * #foreach($elem in $inputRoot)
 *  {
 *   "age" : $elem.age,
 *   "name" : "$elem.name"
 * }
 * #if($foreach.hasNext),#end
 * #end
 * ]
 * </pre>
 *
 * <p>References to other models of the API and to the schema's own {@code definitions} are followed;
 * a reference that loops back into a schema already being expanded is written as {@code { }}, so a
 * recursive model still yields a finite template.
 */
final class ModelTemplates {

    static final String PREAMBLE = "#set($inputRoot = $input.path('$'))\n";
    static final String FOREACH_TODO = "##TODO: Update this foreach loop to reference array from input json";

    private static final JsonNode UNTYPED = JsonNodeFactory.instance.objectNode();
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final String restApiId;
    private final Function<String, Optional<JsonNode>> modelSchema;
    private JsonNode root;
    private final Set<String> expanding = new HashSet<>();

    /**
     * @param modelSchema the parsed schema of a model of the API by name, empty when there is none
     */
    private ModelTemplates(String restApiId, Function<String, Optional<JsonNode>> modelSchema) {
        this.restApiId = restApiId;
        this.modelSchema = modelSchema;
    }

    /** The template for {@code schema}, a model of API {@code restApiId}. */
    static String generate(JsonNode schema, String restApiId, Function<String, Optional<JsonNode>> modelSchema) {
        ModelTemplates t = new ModelTemplates(restApiId, modelSchema);
        t.root = schema;
        return PREAMBLE + t.value(schema, "$inputRoot", "", 0);
    }

    /**
     * The VTL that rebuilds a value of {@code schema} read from {@code expr}; its first line continues
     * the current line and the lines after it are indented from {@code indent}.
     */
    private String value(JsonNode schema, String expr, String indent, int depth) {
        JsonNode ref = schema.get("$ref");
        if (ref != null && ref.isTextual()) {
            return followRef(ref.asText(), expr, indent, depth);
        }
        return switch (kind(schema)) {
            case "object" -> object(schema, expr, indent, depth);
            case "array" -> array(schema, expr, indent, depth);
            case "number", "integer", "boolean", "null" -> expr;
            default -> "\"" + expr + "\"";
        };
    }

    private String followRef(String ref, String expr, String indent, int depth) {
        // local references are keyed by the document they point into, model references by name
        String key = ref.startsWith("#") ? System.identityHashCode(root) + ref : ref;
        if (expanding.contains(key)) {
            return "{ }";
        }
        Optional<JsonNode> target;
        if (ref.startsWith("#")) {
            target = Optional.of(root.at(ref.substring(1))).filter(n -> !n.isMissingNode());
        } else {
            target = ModelSchemas.modelRef(ref)
                    .filter(r -> r.restApiId().equals(restApiId))
                    .flatMap(r -> modelSchema.apply(r.modelName()));
        }
        if (target.isEmpty() || !target.get().isObject()) {
            return "{ }";
        }
        // a referenced model is a document of its own: its local references point into it
        JsonNode savedRoot = root;
        if (!ref.startsWith("#")) {
            root = target.get();
        }
        expanding.add(key);
        String out = value(target.get(), expr, indent, depth);
        expanding.remove(key);
        root = savedRoot;
        return out;
    }

    private String object(JsonNode schema, String expr, String indent, int depth) {
        JsonNode properties = schema.get("properties");
        if (properties == null || !properties.isObject() || properties.isEmpty()) {
            return "{ }";
        }
        String inner = indent + "  ";
        List<String> lines = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            JsonNode propertySchema = p.getValue().isObject() ? p.getValue() : UNTYPED;
            lines.add(inner + "\"" + p.getKey() + "\" : "
                    + value(propertySchema, member(expr, p.getKey()), inner, depth));
        }
        return "{\n" + String.join(",\n", lines) + "\n" + indent + "}";
    }

    private String array(JsonNode schema, String expr, String indent, int depth) {
        String elem = depth == 0 ? "$elem" : "$elem" + depth;
        JsonNode items = schema.get("items");
        if (items != null && items.isArray()) {
            items = items.isEmpty() ? null : items.get(0);
        }
        String element = items != null && items.isObject() ? value(items, elem, indent, depth + 1) : "\"" + elem + "\"";
        return "[\n" + FOREACH_TODO + "\n#foreach(" + elem + " in " + expr + ")\n" + indent + " " + element + " \n"
                + "#if($foreach.hasNext),#end\n#end\n" + indent + "]";
    }

    /** The JSON Schema type a value is generated as: the declared one, else what the keywords imply. */
    private static String kind(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (t.isTextual() && !t.asText().equals("null")) {
                    return t.asText();
                }
            }
        }
        if (schema.has("properties")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return "string";
    }

    /** VTL for a property of {@code expr}: dotted where the name allows it, else a quoted index. */
    private static String member(String expr, String name) {
        if (IDENTIFIER.matcher(name).matches()) {
            return expr + "." + name;
        }
        return expr + "['" + name.replace("'", "''") + "']";
    }
}
