package io.turnpike.dataplane.mapping;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.AbstractJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON as templates and parameter mappings see it: parsed into {@link JsonMap}/{@link JsonList}/
 * String/Number/Boolean/null, written back as compact JSON, and queried with Jayway JSONPath (the
 * library AWS's documentation points to for {@code $input.path}/{@code $input.json}).
 *
 * <p>Numbers keep their JSON kind: integers become Integer, Long or BigInteger, fractions Double,
 * so {@code $input.path('$.count') + 1} is integer arithmetic in a template.
 */
final class VtlJson {
    /** What {@link #select} returns when the path matches nothing; distinct from a JSON null. */
    static final Object NOT_FOUND = new Object();

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final JsonFactory LENIENT = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .build();
    private static final int MAX_WRITE_DEPTH = 1_000;
    private static final int PATH_CACHE_LIMIT = 4_096;
    private static final Map<String, JsonPath> PATHS = new ConcurrentHashMap<>();
    private static final Configuration JSON_PATH_CONFIG = Configuration.builder()
            .jsonProvider(new Provider())
            .mappingProvider(new JacksonMappingProvider())
            .build();

    private VtlJson() {}

    /**
     * Parses JSON text.
     *
     * @throws IllegalArgumentException when the text is not exactly one JSON value
     */
    static Object parse(String text) {
        return parse(FACTORY, text);
    }

    /**
     * Parses JSON text that may use single-quoted strings and unquoted names. Parameter mapping
     * treats a body starting with {@code '} as JSON, which only makes sense for such a parser.
     *
     * @throws IllegalArgumentException when the text is not one such value
     */
    static Object parseLenient(String text) {
        return parse(LENIENT, text);
    }

    private static Object parse(JsonFactory factory, String text) {
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("no JSON value in the text");
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("text continues after the JSON value at column "
                        + parser.currentLocation().getColumnNr());
            }
            return value;
        } catch (JsonProcessingException e) {
            // Jackson's own message names a redacted source and repeats the location; say it once.
            String message = firstLine(e.getOriginalMessage());
            int marker = message.indexOf(" (start marker");
            if (marker >= 0) {
                message = message.substring(0, marker);
            }
            JsonLocation location = e.getLocation();
            throw new IllegalArgumentException(
                    location == null
                            ? message
                            : message + " at line " + location.getLineNr() + ", column " + location.getColumnNr(),
                    e);
        } catch (IOException e) {
            throw new IllegalArgumentException(firstLine(e.getMessage()), e);
        }
    }

    /**
     * The document a payload stands for when a template or mapping queries it: an empty (or blank)
     * payload is {@code {}} (AWS: an empty body behaves as an empty object), JSON is parsed, and
     * anything else is the text itself as a JSON string — which is why AWS templates can run {@code
     * $input.path('$').split('&')} over a form-encoded body.
     */
    static Object document(String payload) {
        if (payload.isBlank()) {
            return new JsonMap();
        }
        try {
            return parse(payload);
        } catch (IllegalArgumentException notJson) {
            return payload;
        }
    }

    /**
     * Evaluates a JSONPath against a parsed document.
     *
     * @return the selected value (indefinite paths give a {@link JsonList}), {@code null} for a JSON
     *     null, or {@link #NOT_FOUND}
     * @throws IllegalArgumentException when the path is not valid JSONPath
     */
    static Object select(Object document, String path) {
        return select(document, compile(path));
    }

    /** {@link #select(Object, String)} with a path compiled beforehand. */
    static Object select(Object document, JsonPath compiled) {
        try {
            return compiled.read(document, JSON_PATH_CONFIG);
        } catch (PathNotFoundException notFound) {
            return NOT_FOUND;
        }
    }

    /**
     * Compiles (and caches) a JSONPath; a path without a leading {@code $} is taken from the root,
     * as Jayway does.
     *
     * @throws IllegalArgumentException when the path is not valid JSONPath
     */
    static JsonPath compile(String path) {
        JsonPath cached = PATHS.get(path);
        if (cached != null) {
            return cached;
        }
        JsonPath compiled;
        try {
            compiled = JsonPath.compile(path);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid JSONPath '" + path + "': " + firstLine(e.getMessage()), e);
        }
        // Paths come from templates and mappings, a bounded set per snapshot; the limit only guards
        // against a template that builds paths from request data.
        if (PATHS.size() >= PATH_CACHE_LIMIT) {
            PATHS.clear();
        }
        PATHS.put(path, compiled);
        return compiled;
    }

    /** Compact JSON text of a template value; values that are not JSON-like become JSON strings. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, int depth) {
        if (depth > MAX_WRITE_DEPTH) {
            throw new TemplateAbort("value is nested more than " + MAX_WRITE_DEPTH + " levels deep");
        }
        if (value == null || value instanceof MissingValue) {
            out.append("null");
        } else if (value instanceof CharSequence text) {
            quote(text, out);
        } else if (value instanceof Boolean || value instanceof Number) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(String.valueOf(entry.getKey()), out);
                out.append(':');
                write(entry.getValue(), out, depth + 1);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object element : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(element, out, depth + 1);
            }
            out.append(']');
        } else {
            quote(String.valueOf(value), out);
        }
    }

    /** JSON string escaping as Jackson writes it: quote, backslash and control characters only. */
    private static void quote(CharSequence text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                JsonMap map = new JsonMap();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    map.put(name, read(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY -> {
                JsonList list = new JsonList();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(read(parser, t));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> parser.getIntValue();
                    case LONG -> parser.getLongValue();
                    default -> parser.getBigIntegerValue();
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected JSON token " + token);
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /**
     * Lets Jayway walk the {@link JsonMap}/{@link JsonList} tree directly and build its result lists
     * as {@link JsonList}s, so selections keep AWS's printing rules without a conversion pass.
     */
    private static final class Provider extends AbstractJsonProvider {
        @Override
        public Object parse(String json) {
            return VtlJson.parse(json);
        }

        @Override
        public Object parse(InputStream jsonStream, String charset) {
            try {
                return VtlJson.parse(new String(jsonStream.readAllBytes(), Charset.forName(charset)));
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        }

        @Override
        public String toJson(Object obj) {
            return write(obj);
        }

        @Override
        public Object createArray() {
            return new JsonList();
        }

        @Override
        public Object createMap() {
            return new JsonMap();
        }
    }
}
