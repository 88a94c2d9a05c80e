package io.turnpike.controlplane.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.controlplane.wire.ServiceModel.Operation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns an admin request into an operation's input, checked against the service model: members from
 * the URI, query string, headers and JSON body are gathered under their model member names, each with
 * its model type. Bad input is answered as AWS answers it:
 *
 * <ul>
 *   <li>a body that is not JSON, or not an object → 400 {@code BadRequestException};
 *   <li>a body member the operation does not have, or a value of the wrong JSON type → 400 {@code
 *       BadRequestException} naming the member and the expected type;
 *   <li>a missing required member or a value outside an enum → 400 {@code ValidationException} in AWS's
 *       "N validation errors detected: Value 'x' at 'createRestApiInput.member' failed to satisfy
 *       constraint: ..." form, listing every violation at once.
 * </ul>
 */
public final class InputDecoder {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ServiceModel model;
    private final ObjectMapper json;
    private final Dialect dialect;

    public InputDecoder(ServiceModel model, ObjectMapper json) {
        this(model, json, Dialect.APIGATEWAY);
    }

    public InputDecoder(ServiceModel model, ObjectMapper json, Dialect dialect) {
        this.model = model;
        this.json = json.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.dialect = dialect;
    }

    /**
     * How a service words its input errors. API Gateway answers unreadable input with {@code
     * BadRequestException} and names members as {@code createRestApiInput.name}; Lambda answers with
     * {@code InvalidRequestContentException} and names members in lower camel case ({@code
     * functionName}), and checks some enums itself with its own message.
     *
     * @param badInputType the error type of unreadable input (bad JSON, unknown members, wrong types)
     * @param inputPrefix whether violation paths start with {@code operationInput.}
     * @param enumsCheckedByHandler top-level members whose enum the operation's handler checks
     */
    public record Dialect(String badInputType, boolean inputPrefix, java.util.Set<String> enumsCheckedByHandler) {
        public static final Dialect APIGATEWAY = new Dialect("BadRequestException", true, java.util.Set.of());
        public static final Dialect LAMBDA =
                new Dialect("InvalidRequestContentException", false, java.util.Set.of("Runtime"));
    }

    private AwsException badRequest(String message) {
        return new AwsException(400, dialect.badInputType(), message);
    }

    private String memberPath(String context, String member) {
        return dialect.inputPrefix()
                ? context + "." + member
                : Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }

    /** The decoded input of one request. */
    public ObjectNode decode(
            Operation op,
            Map<String, String> labels,
            Map<String, List<String>> query,
            HeaderLookup headers,
            byte[] body) {
        ObjectNode input = NODES.objectNode();
        if (op.inputShape() == null) {
            return input;
        }
        JsonNode shape = model.shape(op.inputShape());
        String payload = shape.path("payload").asText(null);
        JsonNode members = shape.path("members");
        String context = Character.toLowerCase(op.name().charAt(0)) + op.name().substring(1) + "Input";
        List<String> violations = new ArrayList<>();

        for (Iterator<Map.Entry<String, JsonNode>> it = members.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            String location = m.getValue().path("location").asText("");
            String wireName = m.getValue().path("locationName").asText(m.getKey());
            JsonNode memberShape = model.shape(m.getValue().path("shape").asText());
            // AWS names non-body members without the input prefix
            String path = dialect.inputPrefix() ? m.getKey() : memberPath(context, m.getKey());
            switch (location) {
                case "uri" -> {
                    String v = labels.get(wireName);
                    if (v != null) {
                        // path labels with enums (GatewayResponseType, …) are checked by their handlers,
                        // which answer with AWS's own ordering of the values
                        input.set(m.getKey(), fromText(memberShape, v, "path parameter '" + wireName + "'"));
                    }
                }
                case "querystring" -> {
                    List<String> v = query.get(wireName);
                    if (v != null && !v.isEmpty()) {
                        v.forEach(value -> checkEnum(memberShape, value, path, violations));
                        input.set(m.getKey(), fromQuery(memberShape, v, "query parameter '" + wireName + "'"));
                    }
                }
                case "header" -> {
                    String v = headers.get(wireName);
                    if (v != null) {
                        checkEnum(memberShape, v, path, violations);
                        input.set(m.getKey(), fromText(memberShape, v, "header '" + wireName + "'"));
                    }
                }
                default -> {
                    // body members are read below
                }
            }
        }

        if (payload != null) {
            JsonNode payloadShape =
                    model.shape(members.path(payload).path("shape").asText());
            if ("blob".equals(payloadShape.path("type").asText())) {
                input.put(payload, body);
            } else if (body.length > 0) {
                input.set(
                        payload,
                        check(payloadShape, parseBody(body), payload, memberPath(context, payload), violations));
            }
        } else if (hasBodyMembers(members)) {
            JsonNode parsed = body.length == 0 ? NODES.objectNode() : parseBody(body);
            if (!parsed.isObject()) {
                throw badRequest("Invalid request body: expected a JSON object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = parsed.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String memberName = bodyMember(members, f.getKey());
                if (memberName == null) {
                    throw badRequest("Invalid request body: unknown member '" + f.getKey() + "' (expected: "
                            + bodyMemberNames(members) + ")");
                }
                if (f.getValue().isNull()) {
                    continue;
                }
                JsonNode memberShape =
                        model.shape(members.path(memberName).path("shape").asText());
                input.set(
                        memberName,
                        check(memberShape, f.getValue(), f.getKey(), memberPath(context, memberName), violations));
            }
        }

        for (JsonNode required : shape.path("required")) {
            if (!input.hasNonNull(required.asText())) {
                violations.add("Value null at '" + memberPath(context, required.asText())
                        + "' failed to satisfy constraint: Member must not be null");
            }
        }
        if (!violations.isEmpty()) {
            throw AwsException.validation(violations.size() + " validation error" + (violations.size() == 1 ? "" : "s")
                    + " detected: " + String.join("; ", violations));
        }
        return input;
    }

    private JsonNode parseBody(byte[] body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw badRequest("Could not parse request body into json: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw badRequest("Could not read request body: " + e.getMessage());
        }
    }

    private static boolean hasBodyMembers(JsonNode members) {
        for (JsonNode m : members) {
            if (!m.has("location")) {
                return true;
            }
        }
        return false;
    }

    private static String bodyMember(JsonNode members, String wireName) {
        for (Iterator<Map.Entry<String, JsonNode>> it = members.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!m.getValue().has("location")
                    && m.getValue().path("locationName").asText(m.getKey()).equals(wireName)) {
                return m.getKey();
            }
        }
        return null;
    }

    private static List<String> bodyMemberNames(JsonNode members) {
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = members.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!m.getValue().has("location")) {
                names.add(m.getValue().path("locationName").asText(m.getKey()));
            }
        }
        return names;
    }

    /** Checks a JSON value against a shape; structure members keep their wire names. */
    private JsonNode check(JsonNode shape, JsonNode value, String what, String path, List<String> violations) {
        String type = shape.path("type").asText();
        switch (type) {
            case "string" -> {
                if (!value.isTextual()) {
                    throw wrongType(what, "a string", value);
                }
                if (!dialect.enumsCheckedByHandler().contains(what)) {
                    checkEnum(shape, value.asText(), path, violations);
                }
                return value;
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    throw wrongType(what, "a boolean", value);
                }
                return value;
            }
            case "integer", "long" -> {
                if (!value.isIntegralNumber() || (type.equals("integer") && !value.canConvertToInt())) {
                    throw wrongType(what, "an integer", value);
                }
                return value;
            }
            case "double", "float" -> {
                if (!value.isNumber()) {
                    throw wrongType(what, "a number", value);
                }
                return value;
            }
            case "timestamp" -> {
                if (!value.isNumber() && !value.isTextual()) {
                    throw wrongType(what, "a timestamp", value);
                }
                return value;
            }
            case "blob" -> {
                if (!value.isTextual()) {
                    throw wrongType(what, "a base64 string", value);
                }
                return value;
            }
            case "list" -> {
                if (!value.isArray()) {
                    throw wrongType(what, "a list", value);
                }
                JsonNode member = model.shape(shape.path("member").path("shape").asText());
                ArrayNode out = NODES.arrayNode();
                int i = 1;
                for (JsonNode v : value) {
                    out.add(check(member, v, what + "[" + (i - 1) + "]", path + "." + i + ".member", violations));
                    i++;
                }
                return out;
            }
            case "map" -> {
                if (!value.isObject()) {
                    throw wrongType(what, "a map", value);
                }
                JsonNode valueShape =
                        model.shape(shape.path("value").path("shape").asText());
                ObjectNode out = NODES.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isNull()) {
                        out.set(
                                e.getKey(),
                                check(
                                        valueShape,
                                        e.getValue(),
                                        what + "." + e.getKey(),
                                        path + "." + e.getKey(),
                                        violations));
                    }
                }
                return out;
            }
            case "structure" -> {
                if (!value.isObject()) {
                    throw wrongType(what, "an object", value);
                }
                JsonNode members = shape.path("members");
                ObjectNode out = NODES.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String memberName = bodyMember(members, e.getKey());
                    if (memberName == null) {
                        throw badRequest("Invalid request body: unknown member '" + what + "." + e.getKey()
                                + "' (expected: " + bodyMemberNames(members) + ")");
                    }
                    if (!e.getValue().isNull()) {
                        JsonNode ms = model.shape(
                                members.path(memberName).path("shape").asText());
                        out.set(
                                e.getKey(),
                                check(ms, e.getValue(), what + "." + e.getKey(), path + "." + memberName, violations));
                    }
                }
                return out;
            }
            default -> throw new IllegalStateException("unknown shape type " + type);
        }
    }

    private static void checkEnum(JsonNode shape, String value, String path, List<String> violations) {
        JsonNode values = shape.get("enum");
        if (values == null) {
            return;
        }
        List<String> allowed = new ArrayList<>();
        for (JsonNode v : values) {
            if (v.asText().equals(value)) {
                return;
            }
            allowed.add(v.asText());
        }
        violations.add("Value '" + value + "' at '" + path
                + "' failed to satisfy constraint: Member must satisfy enum value set: [" + String.join(", ", allowed)
                + "]");
    }

    private AwsException wrongType(String what, String expected, JsonNode actual) {
        return badRequest("Invalid request body: '" + what + "' must be " + expected + ", not " + describe(actual));
    }

    private static String describe(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "the string " + v;
            case NUMBER -> "the number " + v;
            case BOOLEAN -> "the boolean " + v;
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private JsonNode fromQuery(JsonNode shape, List<String> values, String what) {
        if ("list".equals(shape.path("type").asText())) {
            JsonNode member = model.shape(shape.path("member").path("shape").asText());
            ArrayNode out = NODES.arrayNode();
            for (String v : values) {
                for (String part : v.split(",")) {
                    out.add(fromText(member, part, what));
                }
            }
            return out;
        }
        return fromText(shape, values.get(values.size() - 1), what);
    }

    private JsonNode fromText(JsonNode shape, String text, String what) {
        String type = shape.path("type").asText();
        switch (type) {
            case "boolean" -> {
                if (!text.equals("true") && !text.equals("false")) {
                    throw badRequest("Invalid " + what + ": '" + text + "' (expected: true or false)");
                }
                return NODES.booleanNode(Boolean.parseBoolean(text));
            }
            case "integer", "long" -> {
                try {
                    long n = Long.parseLong(text);
                    if (type.equals("integer") && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
                        throw new NumberFormatException();
                    }
                    return NODES.numberNode(n);
                } catch (NumberFormatException e) {
                    throw badRequest("Invalid " + what + ": '" + text + "' (expected: an integer)");
                }
            }
            case "double", "float" -> {
                try {
                    return NODES.numberNode(new BigDecimal(text));
                } catch (NumberFormatException e) {
                    throw badRequest("Invalid " + what + ": '" + text + "' (expected: a number)");
                }
            }
            default -> {
                return NODES.textNode(text);
            }
        }
    }

    /** Case-insensitive header access. */
    @FunctionalInterface
    public interface HeaderLookup {
        String get(String name);
    }
}
