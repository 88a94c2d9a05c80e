package io.turnpike.aws.sigv4;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Signs a request with AWS Signature Version 4 ({@code Authorization} header form), the counterpart of
 * {@link SigV4Verifier}: the canonical request is built by the same {@link Canonical} rules, so what
 * this signs that verifier accepts, and both agree with botocore (see the tests).
 *
 * <p>Every header given is signed except those a proxy on the way may add or change ({@code
 * User-Agent}, {@code X-Amzn-Trace-Id}, {@code Expect}, {@code Connection} and the lengths), the way
 * botocore leaves out the first three. The caller must therefore send exactly the headers it passed,
 * including {@code Host}. For S3 the path is signed as it is sent (S3 does not double-encode) and the
 * payload hash travels in {@code x-amz-content-sha256}, which S3 requires.
 *
 * <p>Stateless and thread-safe; nothing secret is logged.
 */
public final class SigV4Signer {

    private static final Set<String> UNSIGNED = Set.of(
            "user-agent",
            "x-amzn-trace-id",
            "expect",
            "connection",
            "content-length",
            "transfer-encoding",
            "authorization",
            "keep-alive");

    private SigV4Signer() {}

    /**
     * The headers to add to a request so that it is signed: {@code X-Amz-Date}, {@code
     * X-Amz-Security-Token} (temporary credentials), {@code x-amz-content-sha256} (S3) and {@code
     * Authorization}.
     *
     * @param method the request method
     * @param rawPath the path exactly as it will be sent (percent-encoded), starting with {@code /}
     * @param rawQuery the query exactly as it will be sent, without {@code ?}; {@code ""} when none
     * @param headers the headers that will be sent, {@code Host} among them
     * @param body the body that will be sent
     * @param credentials who signs
     * @param region the signing region, such as {@code us-east-1}
     * @param service the signing name, such as {@code lambda}, {@code s3}, {@code dynamodb}
     * @param now the signing time
     */
    public static List<Map.Entry<String, String>> sign(
            String method,
            String rawPath,
            String rawQuery,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            AwsCredentials credentials,
            String region,
            String service,
            Instant now) {
        Objects.requireNonNull(credentials, "credentials");
        boolean s3 = service.equals("s3");
        String amzDate = SigV4Verifier.formatAmzDate(now);
        String day = amzDate.substring(0, 8);
        String payloadHash = Hashes.sha256Hex(body);

        List<Map.Entry<String, String>> added = new ArrayList<>(4);
        added.add(Map.entry("X-Amz-Date", amzDate));
        if (credentials.sessionToken() != null && !has(headers, "x-amz-security-token")) {
            added.add(Map.entry("X-Amz-Security-Token", credentials.sessionToken()));
        }
        if (s3 && !has(headers, "x-amz-content-sha256")) {
            added.add(Map.entry("x-amz-content-sha256", payloadHash));
        }
        if (!has(headers, "host")) {
            throw new IllegalArgumentException("headers: no Host (expected: the Host header the request is sent with)");
        }

        TreeMap<String, List<String>> signed = new TreeMap<>();
        for (List<Map.Entry<String, String>> list : List.of(headers, added)) {
            for (Map.Entry<String, String> h : list) {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (name.equals("x-amz-date") && list == headers) {
                    continue; // ours replaces it
                }
                if (!UNSIGNED.contains(name)) {
                    signed.computeIfAbsent(name, k -> new ArrayList<>(1)).add(Canonical.headerValue(h.getValue()));
                }
            }
        }
        String declared = first(headers, "x-amz-content-sha256");
        String hashInRequest = declared != null ? declared.strip() : payloadHash;

        StringBuilder canonical = new StringBuilder(512);
        canonical.append(method).append('\n');
        canonical
                .append(s3 ? (rawPath.isEmpty() ? "/" : rawPath) : Canonical.uri(rawPath))
                .append('\n');
        canonical
                .append(Canonical.query(Canonical.parseQuery(rawQuery), p -> false))
                .append('\n');
        signed.forEach((name, values) -> canonical
                .append(name)
                .append(':')
                .append(String.join(",", values))
                .append('\n'));
        canonical.append('\n');
        String signedHeaders = String.join(";", signed.keySet());
        canonical.append(signedHeaders).append('\n');
        canonical.append(hashInRequest);

        String scope = day + "/" + region + "/" + service + "/" + SigV4Verifier.TERMINATOR;
        String stringToSign = SigV4Verifier.ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + Hashes.sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
        byte[] key = ("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8);
        for (String step : new String[] {day, region, service, SigV4Verifier.TERMINATOR}) {
            key = Hashes.hmacSha256(key, step);
        }
        String signature = Hashes.hex(Hashes.hmacSha256(key, stringToSign));
        added.add(Map.entry(
                "Authorization",
                SigV4Verifier.ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope + ", SignedHeaders="
                        + signedHeaders + ", Signature=" + signature));
        return added;
    }

    private static boolean has(List<Map.Entry<String, String>> headers, String name) {
        return first(headers, name) != null;
    }

    private static String first(List<Map.Entry<String, String>> headers, String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }
}
