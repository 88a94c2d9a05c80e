package io.turnpike.dataplane.mapping;

import com.jayway.jsonpath.JsonPath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compiled {@code requestParameters} of an integration ({@code integration.request.*} ← {@code
 * method.request.*}, {@code context.*}, {@code stageVariables.*} or {@code 'static'}) or {@code
 * responseParameters} of an integration response ({@code method.response.header.*} ← {@code
 * integration.response.*}, {@code context.*}, {@code stageVariables.*} or {@code 'static'}).
 * Compiled once per snapshot; {@link #apply} is thread-safe.
 *
 * <p>Source forms (spec: data-plane-rest.md §6):
 *
 * <ul>
 *   <li>{@code method.request.path.N}; {@code method.request.querystring.N} and {@code
 *       method.request.header.N} (the last value received); {@code
 *       method.request.multivaluequerystring.N} (every value: several query parameters or header
 *       values, joined with commas for a path); {@code method.request.multivalueheader.N} (every value
 *       joined with commas);
 *   <li>{@code method.request.body} (the whole body; an empty body reads {@code {}}) and {@code
 *       method.request.body.JSONPATH} (without the leading {@code $.}; objects and arrays come out as
 *       JSON text);
 *   <li>on the response side the same for {@code integration.response.header|multivalueheader|body};
 *   <li>{@code stageVariables.N}, {@code context.A.B} (nested), and {@code 'literal'}.
 * </ul>
 *
 * <p>Header names are matched in any case (a client's {@code x-api-version} satisfies {@code
 * method.request.header.X-Api-Version}); path, query and stage-variable names exactly. A source with no
 * value, or an empty one, produces nothing: AWS simply does not send that parameter.
 */
public final class ParameterMapping {
    private static final String REQUEST_TARGET = "integration.request.";
    private static final String RESPONSE_TARGET = "method.response.header.";
    private static final String METHOD_REQUEST = "method.request.";
    private static final String INTEGRATION_RESPONSE = "integration.response.";

    private final List<Rule> rules;
    private final boolean requestSide;

    private ParameterMapping(List<Rule> rules, boolean requestSide) {
        this.rules = List.copyOf(rules);
        this.requestSide = requestSide;
    }

    /**
     * Compiles an integration's {@code requestParameters}.
     *
     * @throws IllegalArgumentException naming the bad key or expression
     */
    public static ParameterMapping compileRequest(Map<String, String> integrationRequestParameters) {
        Objects.requireNonNull(integrationRequestParameters, "integrationRequestParameters");
        List<Rule> rules = new ArrayList<>();
        integrationRequestParameters.forEach((key, expression) -> {
            if (!key.startsWith(REQUEST_TARGET)) {
                throw new IllegalArgumentException(
                        key + " (expected: integration.request.{path|querystring|header}.NAME)");
            }
            String rest = key.substring(REQUEST_TARGET.length());
            int dot = rest.indexOf('.');
            Target target = dot < 0 ? null : Target.of(rest.substring(0, dot));
            if (target == null) {
                throw new IllegalArgumentException(
                        key + " (expected: integration.request.{path|querystring|header}.NAME)");
            }
            rules.add(new Rule(target, name(key, rest.substring(dot + 1)), source(key, expression, true)));
        });
        return new ParameterMapping(rules, true);
    }

    /**
     * Compiles an integration response's {@code responseParameters}.
     *
     * @throws IllegalArgumentException naming the bad key or expression
     */
    public static ParameterMapping compileResponse(Map<String, String> integrationResponseParameters) {
        Objects.requireNonNull(integrationResponseParameters, "integrationResponseParameters");
        List<Rule> rules = new ArrayList<>();
        integrationResponseParameters.forEach((key, expression) -> {
            if (!key.startsWith(RESPONSE_TARGET)) {
                throw new IllegalArgumentException(key + " (expected: method.response.header.NAME)");
            }
            String name = name(key, key.substring(RESPONSE_TARGET.length()));
            rules.add(new Rule(Target.HEADER, name, source(key, expression, false)));
        });
        return new ParameterMapping(rules, false);
    }

    /** Whether there is nothing to map (the common case; lets the pipeline skip the step). */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Evaluates every mapping against one request (or integration response).
     *
     * @throws InvalidJsonBodyException when a body mapping meets a body that starts like JSON but is
     *     not (AWS: 400 on the request side, 500 on the response side)
     */
    public MappedParameters apply(MappingSource source) {
        Map<String, String> path = new LinkedHashMap<>();
        Map<String, List<String>> querystring = new LinkedHashMap<>();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Bodies bodies = new Bodies(source, requestSide);
        for (Rule rule : rules) {
            List<String> values = rule.source().values(source, bodies);
            if (values.isEmpty() || (values.size() == 1 && values.get(0).isEmpty())) {
                continue;
            }
            switch (rule.target()) {
                case PATH -> path.put(rule.name(), String.join(",", values));
                case QUERYSTRING -> querystring.put(rule.name(), values);
                case HEADER -> headers.put(rule.name(), values);
            }
        }
        return new MappedParameters(path, querystring, headers);
    }

    private static String name(String key, String name) {
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException(key + " (expected: a parameter name without spaces after the prefix)");
        }
        return name;
    }

    private static Source source(String key, String expression, boolean requestSide) {
        if (expression == null) {
            throw new IllegalArgumentException(key + ": null (expected: a mapping expression)");
        }
        if (expression.length() >= 2 && expression.startsWith("'") && expression.endsWith("'")) {
            String literal = expression.substring(1, expression.length() - 1);
            return (s, b) -> List.of(literal);
        }
        if (expression.startsWith("stageVariables.") && expression.length() > "stageVariables.".length()) {
            String variable = expression.substring("stageVariables.".length());
            return (s, b) -> single(s.stageVariables().get(variable));
        }
        if (expression.startsWith("context.") && expression.length() > "context.".length()) {
            String[] steps = expression.substring("context.".length()).split("\\.", -1);
            for (String step : steps) {
                if (step.isEmpty()) {
                    throw bad(key, expression, requestSide);
                }
            }
            return (s, b) -> single(text(navigate(s.context(), steps)));
        }
        String prefix = requestSide ? METHOD_REQUEST : INTEGRATION_RESPONSE;
        if (!expression.startsWith(prefix)) {
            throw bad(key, expression, requestSide);
        }
        String rest = expression.substring(prefix.length());
        if (rest.equals("body")) {
            return (s, b) -> single(b.text());
        }
        if (rest.startsWith("body.")) {
            JsonPath jsonPath;
            try {
                jsonPath = VtlJson.compile("$." + rest.substring("body.".length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": '" + expression + "' " + e.getMessage(), e);
            }
            return (s, b) -> single(text(selected(VtlJson.select(b.document(), jsonPath))));
        }
        int dot = rest.indexOf('.');
        String kind = dot < 0 ? "" : rest.substring(0, dot);
        String name = dot < 0 ? "" : rest.substring(dot + 1);
        if (name.isEmpty()) {
            throw bad(key, expression, requestSide);
        }
        Source parsed = requestSide ? requestParameter(kind, name) : responseHeader(kind, name);
        if (parsed == null) {
            throw bad(key, expression, requestSide);
        }
        return parsed;
    }

    private static Source requestParameter(String kind, String name) {
        return switch (kind) {
            case "path" -> (s, b) -> single(s.pathParams().get(name));
            case "querystring" -> (s, b) -> single(last(s.queryParams().get(name)));
            case "multivaluequerystring" -> (s, b) -> {
                List<String> values = s.queryParams().get(name);
                return values == null ? List.of() : values;
            };
            case "header" -> (s, b) -> single(last(header(s.headers(), name)));
            case "multivalueheader" -> (s, b) -> single(joined(header(s.headers(), name)));
            default -> null;
        };
    }

    private static Source responseHeader(String kind, String name) {
        return switch (kind) {
            case "header" -> (s, b) -> single(last(header(s.integrationResponseHeaders(), name)));
            case "multivalueheader" -> (s, b) -> single(joined(header(s.integrationResponseHeaders(), name)));
            default -> null;
        };
    }

    private static IllegalArgumentException bad(String key, String expression, boolean requestSide) {
        String expected = requestSide
                ? "method.request.{path|querystring|multivaluequerystring|header|multivalueheader}.NAME,"
                        + " method.request.body[.JSONPATH]"
                : "integration.response.{header|multivalueheader}.NAME, integration.response.body[.JSONPATH]";
        return new IllegalArgumentException(key + ": '" + expression + "' (expected: " + expected
                + ", context.NAME, stageVariables.NAME or" + " 'static value')");
    }

    /** Every value of a header, matching the name in any case, in the order received. */
    private static List<String> header(Map<String, List<String>> headers, String name) {
        List<String> exact = headers.get(name);
        List<String> all = null;
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getKey().equals(name)) {
                if (all == null) {
                    all = new ArrayList<>(exact == null ? List.of() : exact);
                }
                all.addAll(entry.getValue());
            }
        }
        return all != null ? all : exact;
    }

    private static String last(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    private static String joined(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    private static List<String> single(String value) {
        return value == null ? List.of() : List.of(value);
    }

    private static Object navigate(Map<String, Object> root, String[] steps) {
        Object current = root;
        for (String step : steps) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(step);
        }
        return current;
    }

    private static Object selected(Object value) {
        return value == VtlJson.NOT_FOUND ? null : value;
    }

    /** A value as a parameter: text as is, objects and arrays as JSON, numbers and booleans as written. */
    private static String text(Object value) {
        if (value == null || value instanceof MissingValue) {
            return null;
        }
        if (value instanceof String string) {
            return string;
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            return VtlJson.write(value);
        }
        return value.toString();
    }

    private enum Target {
        PATH,
        QUERYSTRING,
        HEADER;

        static Target of(String location) {
            return switch (location) {
                case "path" -> PATH;
                case "querystring" -> QUERYSTRING;
                case "header" -> HEADER;
                default -> null;
            };
        }
    }

    private record Rule(Target target, String name, Source source) {}

    @FunctionalInterface
    private interface Source {
        List<String> values(MappingSource source, Bodies bodies);
    }

    /**
     * The body a mapping reads, parsed at most once per {@link #apply}. AWS reads an empty body as
     * {@code {}}, trims it, and only treats it as JSON when it starts like JSON ({@code {}, {@code [},
     * {@code "} or {@code '}); such a body must then parse, even for the whole-body source. Anything else
     * is not JSON and every {@code body.X} path finds nothing in it.
     */
    private static final class Bodies {
        private final String raw;
        private final boolean requestSide;
        private String text;
        private Object document;

        Bodies(MappingSource source, boolean requestSide) {
            this.raw = requestSide ? source.body() : source.integrationResponseBody();
            this.requestSide = requestSide;
        }

        String text() {
            parse();
            return text;
        }

        Object document() {
            parse();
            return document;
        }

        private void parse() {
            if (text != null) {
                return;
            }
            String trimmed = raw.strip();
            text = trimmed.isEmpty() ? "{}" : trimmed;
            char first = text.charAt(0);
            if (first == '{' || first == '[' || first == '"' || first == '\'') {
                try {
                    document = VtlJson.parseLenient(text);
                } catch (IllegalArgumentException e) {
                    throw new InvalidJsonBodyException(requestSide, e.getMessage());
                }
            } else {
                document = new JsonMap();
            }
        }
    }
}
