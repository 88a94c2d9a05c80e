package io.turnpike.model.lambda;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function as Lambda's {@code FunctionName} names it: {@code my-function}, {@code my-function:alias},
 * a partial ARN {@code 123456789012:function:my-function[:qualifier]} or a full ARN {@code
 * arn:aws:lambda:us-east-1:123456789012:function:my-function[:qualifier]}.
 *
 * @param name the function's name
 * @param qualifier the qualifier inside the reference, or null
 * @param region the region of a full ARN, or null
 * @param accountId the account of an ARN, or null
 */
public record FunctionRef(String name, String qualifier, String region, String accountId) {

    /** botocore's pattern for {@code NamespacedFunctionName} (the loosest the API accepts). */
    public static final String PATTERN =
            "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?";

    private static final Pattern FULL = Pattern.compile(
            "arn:(aws[a-zA-Z-]*)?:lambda:([a-z]{2}(?:(?:-gov)|(?:-iso[a-z]?))?-[a-z]+-\\d):(\\d{12}):function:([a-zA-Z0-9-_]+)(?::(\\$LATEST|[a-zA-Z0-9-_]+))?");
    private static final Pattern PARTIAL =
            Pattern.compile("(\\d{12}):function:([a-zA-Z0-9-_]+)(?::(\\$LATEST|[a-zA-Z0-9-_]+))?");
    private static final Pattern PLAIN = Pattern.compile("([a-zA-Z0-9-_]+)(?::(\\$LATEST|[a-zA-Z0-9-_]+))?");

    /** Parses a reference, or empty when it is none of the accepted forms. */
    public static Optional<FunctionRef> parse(String reference) {
        Matcher m = FULL.matcher(reference);
        if (m.matches()) {
            return Optional.of(new FunctionRef(m.group(4), m.group(5), m.group(2), m.group(3)));
        }
        m = PARTIAL.matcher(reference);
        if (m.matches()) {
            return Optional.of(new FunctionRef(m.group(2), m.group(3), null, m.group(1)));
        }
        m = PLAIN.matcher(reference);
        if (m.matches()) {
            return Optional.of(new FunctionRef(m.group(1), m.group(2), null, null));
        }
        return Optional.empty();
    }

    /** {@code arn:aws:lambda:{region}:{account}:function:{name}}. */
    public static String arn(String region, String accountId, String name) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }

    /** The ARN, qualified when {@code qualifier} is not null. */
    public static String arn(String region, String accountId, String name, String qualifier) {
        return qualifier == null ? arn(region, accountId, name) : arn(region, accountId, name) + ":" + qualifier;
    }

    /** Whether a qualifier names a published version (digits only). */
    public static boolean isVersion(String qualifier) {
        return !qualifier.isEmpty() && qualifier.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
