package io.turnpike.dataplane.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code $input} in a mapping template: the payload and the request parameters.
 *
 * <p>One instance per render (it caches the parsed payload), so it is not shared between threads.
 * Public only because Velocity calls these methods by reflection.
 */
public final class InputVariable {
    private final String body;
    private final Map<String, String> path;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> headers;
    private Object document;
    private Map<String, Object> params;

    InputVariable(
            String body, Map<String, String> path, Map<String, List<String>> query, Map<String, List<String>> headers) {
        this.body = body;
        this.path = path;
        this.query = query;
        this.headers = headers;
    }

    /** {@code $input.body}: the raw payload; AWS renders an empty payload as {@code {}}. */
    public String getBody() {
        return body.isEmpty() ? "{}" : body;
    }

    /**
     * {@code $input.json('$.x')}: the selection as JSON text (a string comes back quoted). A path that
     * matches nothing gives {@code ""} (two quote characters), so {@code "k": $input.json('$.missing')}
     * stays valid JSON.
     */
    public String json(String jsonPath) {
        Object selected = VtlJson.select(document(), orRoot(jsonPath));
        return selected == VtlJson.NOT_FOUND ? "\"\"" : VtlJson.write(selected);
    }

    /**
     * {@code $input.path('$.x')}: the selection as a value a template can navigate — a map
     * ({@code .get()}, {@code .keySet()}, {@code .size()}), a list ({@code [0]}, {@code .size()},
     * {@code #foreach}), a string, a number or a boolean; {@link MissingValue} when nothing matches.
     */
    public Object path(String jsonPath) {
        Object selected = VtlJson.select(document(), orRoot(jsonPath));
        return selected == VtlJson.NOT_FOUND || selected == null ? MissingValue.INSTANCE : selected;
    }

    /**
     * {@code $input.params()}: {@code {path={..}, querystring={..}, header={..}}}, one value per name
     * (the last one received). Header names keep the client's case; {@code .get()} on the header map
     * also finds a name written in another case.
     */
    public Map<String, Object> params() {
        if (params == null) {
            Map<String, String> queryLast = new LinkedHashMap<>();
            query.forEach((name, values) -> {
                if (!values.isEmpty()) {
                    queryLast.put(name, values.get(values.size() - 1));
                }
            });
            HeaderMap headerLast = new HeaderMap();
            headers.forEach((name, values) -> {
                if (!values.isEmpty()) {
                    headerLast.put(name, values.get(values.size() - 1));
                }
            });
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("path", new LinkedHashMap<>(path));
            all.put("querystring", queryLast);
            all.put("header", headerLast);
            params = all;
        }
        return params;
    }

    /**
     * {@code $input.params('x')}: the first non-empty value named {@code x} among path parameters,
     * then query parameters, then headers (any case); {@code ""} when there is none.
     */
    public String params(String name) {
        if (params != null || name == null) {
            // the template may have changed the maps $input.params() handed out: read what it sees
            Map<String, Object> all = params();
            for (String location : LOCATIONS) {
                Object value = ((Map<?, ?>) all.get(location)).get(name);
                if (value != null && !value.toString().isEmpty()) {
                    return value.toString();
                }
            }
            return "";
        }
        // the same lookup as through params(), without building its three maps for one name
        String value = path.get(name);
        if (value != null && !value.isEmpty()) {
            return value;
        }
        value = last(query.get(name));
        if (value != null && !value.isEmpty()) {
            return value;
        }
        value = last(headers.get(name));
        if (value == null) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                String v = last(entry.getValue());
                if (v != null && entry.getKey().equalsIgnoreCase(name)) {
                    value = v;
                    break;
                }
            }
        }
        return value == null ? "" : value;
    }

    private static final List<String> LOCATIONS = List.of("path", "querystring", "header");

    private static String last(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    @Override
    public String toString() {
        // What "$input" alone prints; AWS's object has no meaningful text form either.
        return "$input";
    }

    private Object document() {
        if (document == null) {
            document = VtlJson.document(body);
        }
        return document;
    }

    private static String orRoot(String jsonPath) {
        return jsonPath == null || jsonPath.isEmpty() ? "$" : jsonPath;
    }

    /**
     * Headers in the order and case received, with a lookup that falls back to any case: HTTP/2
     * clients send every name in lower case, and templates written for {@code Authorization} should
     * still find it.
     */
    static final class HeaderMap extends LinkedHashMap<String, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String get(Object key) {
            String exact = super.get(key);
            if (exact != null || !(key instanceof String name)) {
                return exact;
            }
            for (Map.Entry<String, String> entry : entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue();
                }
            }
            return null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null || super.containsKey(key);
        }
    }
}
