package io.turnpike.dataplane.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request parameter a method declares as required ({@code "method.request.header.h1": true}).
 *
 * <p>AWS's rule, from the developer guide: a required parameter must be "included and not blank"; it
 * checks existence only, never type or format. A single-valued parameter is the last value sent (that
 * is what {@code method.request.querystring.q} and {@code method.request.header.h} resolve to), so
 * {@code ?q=a&q=} lacks {@code q}; a multi-valued one is present when any of its values is not blank.
 *
 * @param key the declaration as written, {@code method.request.querystring.q1}
 * @param location where the parameter is read from
 * @param name the parameter's name, the part of the key after the location
 */
record RequiredParameter(String key, Location location, String name) {

    private static final String PREFIX = "method.request.";

    /** The places a method request parameter can be declared in. */
    enum Location {
        PATH("path"),
        QUERYSTRING("querystring"),
        MULTIVALUEQUERYSTRING("multivaluequerystring"),
        HEADER("header"),
        MULTIVALUEHEADER("multivalueheader");

        private final String keyword;

        Location(String keyword) {
            this.keyword = keyword;
        }

        static Location of(String keyword) {
            for (Location l : values()) {
                if (l.keyword.equals(keyword)) {
                    return l;
                }
            }
            return null;
        }
    }

    RequiredParameter {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(name, "name");
    }

    /**
     * The required parameters of a method's {@code requestParameters}, ordered as AWS lists them in its
     * message. The recording {@code Missing required request parameters: [x-header-param, issuer, qs1]}
     * (a header, a path and a query parameter) is the order of the full keys ({@code header} &lt; {@code
     * path} &lt; {@code querystring}); sorting by key reproduces it and orders names within a location.
     * Keys of an unknown form cannot be checked and are skipped.
     */
    static List<RequiredParameter> of(Map<String, Boolean> requestParameters) {
        List<RequiredParameter> out = new ArrayList<>();
        if (requestParameters == null) {
            return out;
        }
        for (Map.Entry<String, Boolean> e : requestParameters.entrySet()) {
            if (!Boolean.TRUE.equals(e.getValue())) {
                continue;
            }
            String key = e.getKey();
            if (key == null || !key.startsWith(PREFIX)) {
                continue;
            }
            int dot = key.indexOf('.', PREFIX.length());
            if (dot < 0 || dot == key.length() - 1) {
                continue;
            }
            Location location = Location.of(key.substring(PREFIX.length(), dot));
            if (location != null) {
                out.add(new RequiredParameter(key, location, key.substring(dot + 1)));
            }
        }
        out.sort(Comparator.comparing(RequiredParameter::key));
        return out;
    }

    /** Whether the request carries this parameter with a value that is not blank. */
    boolean isPresentIn(ValidationInput input) {
        return switch (location) {
            case PATH -> notBlank(input.pathParams().get(name));
            case QUERYSTRING -> notBlank(last(input.queryParams().get(name)));
            case MULTIVALUEQUERYSTRING -> anyNotBlank(input.queryParams().get(name));
            case HEADER -> notBlank(lastHeader(input.headers(), name));
            case MULTIVALUEHEADER -> anyHeaderNotBlank(input.headers(), name);
        };
    }

    private static String lastHeader(Map<String, List<String>> headers, String name) {
        String last = null;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (name.equalsIgnoreCase(e.getKey())) {
                String v = last(e.getValue());
                if (v != null) {
                    last = v;
                }
            }
        }
        return last;
    }

    private static boolean anyHeaderNotBlank(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (name.equalsIgnoreCase(e.getKey()) && anyNotBlank(e.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static String last(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    private static boolean anyNotBlank(List<String> values) {
        if (values != null) {
            for (String v : values) {
                if (notBlank(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
