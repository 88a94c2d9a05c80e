package io.turnpike.controlplane.resource;

import io.turnpike.aws.AwsException;
import java.util.regex.Pattern;

/**
 * The {@code statusCode} label of method and integration responses. The service model gives it the
 * pattern {@code [1-5]\d\d}, and AWS checks it before looking anything up, answering a
 * ValidationException that names the label alone (not the operation's input).
 */
final class StatusCodes {

    private static final Pattern STATUS = Pattern.compile("[1-5]\\d\\d");

    private StatusCodes() {}

    /** The status code, or AWS's ValidationException when it is not three digits starting 1 to 5. */
    static String check(String statusCode) {
        if (!STATUS.matcher(statusCode).matches()) {
            throw AwsException.validation("1 validation error detected: Value '" + statusCode
                    + "' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression"
                    + " pattern: [1-5]\\d\\d");
        }
        return statusCode;
    }
}
