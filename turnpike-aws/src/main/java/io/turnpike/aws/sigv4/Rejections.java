package io.turnpike.aws.sigv4;

import io.turnpike.aws.sigv4.VerificationResult.Rejected;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * AWS's rejections, word for word where AWS's wording is known (see the notes in {@code
 * SigV4VerifierTest}). Several messages end in a space: AWS builds them by appending {@code ". "}-ended
 * sentences and sends the result untrimmed, and clients that compare messages see that space.
 */
final class Rejections {

    static final String MISSING_TOKEN = "MissingAuthenticationTokenException";
    static final String INCOMPLETE = "IncompleteSignatureException";
    static final String INVALID = "InvalidSignatureException";
    static final String UNRECOGNIZED = "UnrecognizedClientException";

    static final String SIGNATURE_MISMATCH_MESSAGE = "The request signature we calculated does not match the"
            + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the"
            + " service documentation for details.";

    private Rejections() {}

    static Rejected missingAuthenticationToken() {
        return new Rejected(MISSING_TOKEN, "Missing Authentication Token");
    }

    static Rejected notKeyValuePair(String token, String authorization) {
        return new Rejected(
                INCOMPLETE,
                "'" + token + "' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                        + authorization + "'.");
    }

    static String headerRequiresParameter(String parameter) {
        return "Authorization header requires '" + parameter + "' parameter.";
    }

    static String headerRequiresDate() {
        return "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";
    }

    static Rejected incompleteHeader(List<String> problems, String authorization) {
        return new Rejected(INCOMPLETE, String.join(" ", problems) + " Authorization=" + authorization);
    }

    static Rejected incompleteQuery(List<String> missingParameters) {
        StringBuilder message = new StringBuilder();
        for (String parameter : missingParameters) {
            message.append("AWS query-string parameters must include '")
                    .append(parameter)
                    .append("'. ");
        }
        return new Rejected(
                INCOMPLETE,
                message.append("Re-examine the query-string parameters.").toString());
    }

    static Rejected expiresNotANumber() {
        return new Rejected(INCOMPLETE, "X-Amz-Expires should be a number");
    }

    static Rejected expiresTooLong(long maximumSeconds) {
        return new Rejected(
                INCOMPLETE, "X-Amz-Expires must be less than a week (in seconds) that is " + maximumSeconds);
    }

    static Rejected malformedDate(String value) {
        return new Rejected(
                INCOMPLETE,
                "Date must be in ISO-8601 'basic format'. Got '" + value
                        + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    static Rejected expired(Instant requestDate, Instant now, Duration window) {
        return new Rejected(
                INVALID,
                "Signature expired: " + SigV4Verifier.formatAmzDate(requestDate) + " is now earlier than "
                        + SigV4Verifier.formatAmzDate(now.minus(window)) + " (" + SigV4Verifier.formatAmzDate(now)
                        + " - " + describe(window) + ")");
    }

    static Rejected notYetCurrent(Instant requestDate, Instant now, Duration window) {
        return new Rejected(
                INVALID,
                "Signature not yet current: " + SigV4Verifier.formatAmzDate(requestDate) + " is still later than "
                        + SigV4Verifier.formatAmzDate(now.plus(window)) + " (" + SigV4Verifier.formatAmzDate(now)
                        + " + " + describe(window) + ")");
    }

    static Rejected hostNotSigned() {
        return new Rejected(INVALID, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    static Rejected unsupportedAlgorithm(String algorithm) {
        return new Rejected(INCOMPLETE, "Unsupported AWS 'algorithm': '" + algorithm + "'.");
    }

    static Rejected credentialParts(String credential) {
        return new Rejected(
                INCOMPLETE,
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term,"
                        + " got '" + credential + "'");
    }

    static String wrongRegion() {
        return "Credential should be scoped to a valid region. ";
    }

    static String wrongService(String expectedService) {
        return "Credential should be scoped to correct service: '" + expectedService + "'. ";
    }

    static String wrongTerminator(String terminator) {
        return "Credential should be scoped with a valid terminator: 'aws4_request', not '" + terminator + "'. ";
    }

    static String wrongScopeDate(String scopeDate, String requestDay, String requestDate) {
        return "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" + scopeDate
                + "' != '" + requestDay + "', from '" + requestDate + "'.";
    }

    static Rejected invalidScope(String problems) {
        return new Rejected(INVALID, problems);
    }

    static Rejected unrecognizedClient() {
        return new Rejected(UNRECOGNIZED, "The security token included in the request is invalid.");
    }

    static Rejected signatureMismatch() {
        return new Rejected(INVALID, SIGNATURE_MISMATCH_MESSAGE);
    }

    /** {@code 15 min.} as AWS writes the clock-skew window; windows that are not whole minutes in seconds. */
    private static String describe(Duration window) {
        long seconds = window.toSeconds();
        return seconds % 60 == 0 ? (seconds / 60) + " min." : seconds + " sec.";
    }
}
