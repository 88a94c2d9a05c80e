package io.turnpike.aws.sigv4;

import io.turnpike.aws.sigv4.Canonical.QueryParameter;
import io.turnpike.aws.sigv4.VerificationResult.Rejected;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SigV4 parameters of a request, read from its {@code Authorization} header or, for a presigned
 * URL, from its {@code X-Amz-*} query parameters.
 *
 * @param algorithm as sent, checked later so the error order matches AWS's
 * @param credential {@code AKID/yyyymmdd/region/service/aws4_request}, as sent
 * @param signedHeaders the {@code ;}-separated header names, as sent
 * @param signature the hex signature, as sent
 * @param date the raw value of {@code X-Amz-Date}, or of {@code Date} when {@code rfc1123Date}
 * @param rfc1123Date whether {@code date} came from the {@code Date} header
 * @param presigned whether the parameters came from the query string
 * @param expiresSeconds a presigned URL's {@code X-Amz-Expires}, or {@link #NO_EXPIRY}
 */
record SignatureParameters(
        String algorithm,
        String credential,
        String signedHeaders,
        String signature,
        String date,
        boolean rfc1123Date,
        boolean presigned,
        long expiresSeconds) {

    static final long NO_EXPIRY = -1;
    static final long MAX_EXPIRY_SECONDS = 604_800;

    static final String X_AMZ_ALGORITHM = "X-Amz-Algorithm";
    static final String X_AMZ_CREDENTIAL = "X-Amz-Credential";
    static final String X_AMZ_SIGNATURE = "X-Amz-Signature";
    static final String X_AMZ_SIGNED_HEADERS = "X-Amz-SignedHeaders";
    static final String X_AMZ_DATE = "X-Amz-Date";
    static final String X_AMZ_EXPIRES = "X-Amz-Expires";

    /**
     * Authorization parameters are separated by commas; botocore, the Java SDK and curl write {@code ", "},
     * others {@code ","}, and AWS also splits on whitespace (a Credential with a space in it is reported
     * as two pairs), so any run of commas and whitespace separates.
     */
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

    /** What reading the parameters produced. */
    sealed interface Parsed {}

    record Found(SignatureParameters parameters) implements Parsed {}

    record Invalid(Rejected rejection) implements Parsed {}

    /**
     * Reads the parameters, preferring the {@code Authorization} header over presigned query parameters,
     * and reports what AWS reports when they are absent or incomplete.
     */
    static Parsed read(RequestHeaders headers, List<QueryParameter> query) {
        Optional<String> authorization = headers.first("authorization");
        if (authorization.isPresent()) {
            return fromHeader(authorization.get(), headers);
        }
        if (queryValue(query, X_AMZ_ALGORITHM).isPresent()) {
            return fromQuery(query);
        }
        return new Invalid(Rejections.missingAuthenticationToken());
    }

    private static Parsed fromHeader(String authorization, RequestHeaders headers) {
        String trimmed = authorization.strip();
        int end = 0;
        while (end < trimmed.length() && !Character.isWhitespace(trimmed.charAt(end))) {
            end++;
        }
        String algorithm = trimmed.substring(0, end);
        Map<String, String> fields = new HashMap<>();
        for (String pair : SEPARATORS.split(trimmed.substring(end).strip())) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals < 0) {
                return new Invalid(Rejections.notKeyValuePair(pair, authorization));
            }
            fields.putIfAbsent(pair.substring(0, equals), pair.substring(equals + 1));
        }

        Optional<String> amzDate = headers.first("x-amz-date").filter(value -> !value.isBlank());
        Optional<String> httpDate = headers.first("date").filter(value -> !value.isBlank());
        List<String> problems = new ArrayList<>();
        String credential = fields.getOrDefault("Credential", "");
        String signature = fields.getOrDefault("Signature", "");
        if (credential.isEmpty()) {
            problems.add(Rejections.headerRequiresParameter("Credential"));
        }
        if (signature.isEmpty()) {
            problems.add(Rejections.headerRequiresParameter("Signature"));
        }
        if (!fields.containsKey("SignedHeaders")) {
            problems.add(Rejections.headerRequiresParameter("SignedHeaders"));
        }
        if (amzDate.isEmpty() && httpDate.isEmpty()) {
            problems.add(Rejections.headerRequiresDate());
        }
        if (!problems.isEmpty()) {
            return new Invalid(Rejections.incompleteHeader(problems, authorization));
        }
        return new Found(new SignatureParameters(
                algorithm,
                credential,
                fields.get("SignedHeaders"),
                signature,
                amzDate.orElseGet(httpDate::orElseThrow).strip(),
                amzDate.isEmpty(),
                false,
                NO_EXPIRY));
    }

    private static Parsed fromQuery(List<QueryParameter> query) {
        List<String> missing = new ArrayList<>();
        for (String name :
                List.of(X_AMZ_ALGORITHM, X_AMZ_CREDENTIAL, X_AMZ_SIGNATURE, X_AMZ_SIGNED_HEADERS, X_AMZ_DATE)) {
            if (queryValue(query, name).filter(value -> !value.isEmpty()).isEmpty()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            return new Invalid(Rejections.incompleteQuery(missing));
        }
        long expires = NO_EXPIRY;
        Optional<String> rawExpires = queryValue(query, X_AMZ_EXPIRES);
        if (rawExpires.isPresent()) {
            String value = rawExpires.get();
            if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return new Invalid(Rejections.expiresNotANumber());
            }
            expires = Long.parseLong(value);
            if (expires > MAX_EXPIRY_SECONDS) {
                return new Invalid(Rejections.expiresTooLong(MAX_EXPIRY_SECONDS));
            }
        }
        return new Found(new SignatureParameters(
                queryValue(query, X_AMZ_ALGORITHM).orElseThrow(),
                queryValue(query, X_AMZ_CREDENTIAL).orElseThrow(),
                queryValue(query, X_AMZ_SIGNED_HEADERS).orElseThrow(),
                queryValue(query, X_AMZ_SIGNATURE).orElseThrow(),
                queryValue(query, X_AMZ_DATE).orElseThrow(),
                false,
                true,
                expires));
    }

    private static Optional<String> queryValue(List<QueryParameter> query, String name) {
        for (QueryParameter parameter : query) {
            if (parameter.name().equals(name)) {
                return Optional.of(parameter.value());
            }
        }
        return Optional.empty();
    }
}
