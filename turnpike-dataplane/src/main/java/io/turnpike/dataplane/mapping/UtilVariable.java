package io.turnpike.dataplane.mapping;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * {@code $util} in a mapping template: the six functions AWS documents. Arguments may be any value
 * (a number from {@code $input.path} works where a string is expected); a null or missing argument
 * gives a null result, which renders as nothing. Stateless, so one instance serves every render.
 * Public only because Velocity calls these methods by reflection.
 */
public final class UtilVariable {
    static final UtilVariable INSTANCE = new UtilVariable();

    private UtilVariable() {}

    /**
     * JavaScript string escaping as Apache Commons Lang's {@code escapeJavaScript} does it, which is
     * what AWS documents: {@code '} becomes {@code \'} (not valid JSON — AWS's docs tell users to
     * {@code .replaceAll("\\'","'")}), {@code "} becomes {@code \"}, a backslash two, {@code /}
     * becomes {@code \/}, control characters become {@code \b \t \n \f \r} or a six-character
     * <code>&#92;u00XX</code> escape, and everything above ASCII a <code>&#92;uXXXX</code> escape
     * (upper-case hex).
     */
    public String escapeJavaScript(Object value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7f) {
                out.append("\\u").append(hex4(c));
            } else if (c < 0x20) {
                switch (c) {
                    case '\b' -> out.append("\\b");
                    case '\n' -> out.append("\\n");
                    case '\t' -> out.append("\\t");
                    case '\f' -> out.append("\\f");
                    case '\r' -> out.append("\\r");
                    default -> out.append("\\u").append(hex4(c));
                }
            } else {
                switch (c) {
                    case '\'' -> out.append("\\'");
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '/' -> out.append("\\/");
                    default -> out.append(c);
                }
            }
        }
        return out.toString();
    }

    /**
     * Parses JSON text into values a template navigates ({@code $obj.key.arr[0]}); objects print the
     * Java way and arrays as JSON, like {@code $input.path} results.
     *
     * @throws IllegalArgumentException when the text is not JSON, which fails the render
     */
    public Object parseJson(Object json) {
        String text = text(json);
        if (text == null) {
            return null;
        }
        try {
            return VtlJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("$util.parseJson: not valid JSON: " + e.getMessage(), e);
        }
    }

    /** {@code application/x-www-form-urlencoded} encoding in UTF-8: a space becomes {@code +}. */
    public String urlEncode(Object value) {
        String text = text(value);
        return text == null ? null : URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /**
     * The inverse of {@link #urlEncode}: {@code +} becomes a space.
     *
     * @throws IllegalArgumentException on a malformed {@code %} escape, which fails the render
     */
    public String urlDecode(Object value) {
        String text = text(value);
        return text == null ? null : URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The UTF-8 bytes of the text in standard base64 with padding. */
    public String base64Encode(Object value) {
        String text = text(value);
        return text == null ? null : Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Base64 (standard or URL-safe alphabet, padding optional, whitespace ignored) decoded and read
     * as UTF-8.
     *
     * @throws IllegalArgumentException when the text is not base64, which fails the render
     */
    public String base64Decode(Object value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        StringBuilder clean = new StringBuilder(text.length() + 3);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-') {
                clean.append('+');
            } else if (c == '_') {
                clean.append('/');
            } else if (!Character.isWhitespace(c)) {
                clean.append(c);
            }
        }
        while (clean.length() % 4 != 0) {
            clean.append('=');
        }
        try {
            return new String(Base64.getDecoder().decode(clean.toString()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("$util.base64Decode: not base64: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "$util";
    }

    private static String text(Object value) {
        if (value == null || value instanceof MissingValue) {
            return null;
        }
        return value.toString();
    }

    private static String hex4(char c) {
        String hex = Integer.toHexString(c).toUpperCase(Locale.ROOT);
        return "0000".substring(hex.length()) + hex;
    }
}
