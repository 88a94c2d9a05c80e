package io.turnpike.controlplane.tags;

import io.turnpike.aws.AwsException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The limits AWS puts on one resource's tags: at most 50, keys of 1 to 128 characters that do not start
 * with {@code aws:}, values of at most 256 characters, both drawn from letters, digits, spaces and
 * {@code _ . : / = + - @}.
 */
public final class Tags {

    public static final int MAX_TAGS = 50;
    public static final int MAX_KEY_LENGTH = 128;
    public static final int MAX_VALUE_LENGTH = 256;

    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private Tags() {}

    /** Checks the complete tag set a resource would have; a violation is AWS's 400. */
    public static void check(Map<String, String> tags) {
        if (tags == null) {
            return;
        }
        if (tags.size() > MAX_TAGS) {
            throw AwsException.badRequest(
                    "Too many tags: " + tags.size() + " (expected: at most " + MAX_TAGS + " per resource)");
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            String value = tag.getValue() == null ? "" : tag.getValue();
            if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw AwsException.badRequest("Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)");
            }
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
                throw AwsException.badRequest("Invalid tag key: '" + key + "' has " + key.length()
                        + " characters (expected: 1 to " + MAX_KEY_LENGTH + ")");
            }
            if (value.length() > MAX_VALUE_LENGTH) {
                throw AwsException.badRequest("Invalid tag value for key '" + key + "': " + value.length()
                        + " characters (expected: at most " + MAX_VALUE_LENGTH + ")");
            }
            if (!ALLOWED.matcher(key).matches()) {
                throw AwsException.badRequest(
                        "Invalid tag key: '" + key + "' (expected: letters, digits, spaces and _ . : / = + - @)");
            }
            if (!ALLOWED.matcher(value).matches()) {
                throw AwsException.badRequest("Invalid tag value for key '" + key + "': '" + value
                        + "' (expected: letters, digits, spaces and _ . : / = + - @)");
            }
        }
    }
}
