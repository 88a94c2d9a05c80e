package io.turnpike.aws.sigv4;

import io.turnpike.aws.sigv4.Canonical.QueryParameter;
import io.turnpike.aws.sigv4.SignatureParameters.Found;
import io.turnpike.aws.sigv4.SignatureParameters.Invalid;
import io.turnpike.aws.sigv4.SignatureParameters.Parsed;
import io.turnpike.aws.sigv4.VerificationResult.Rejected;
import io.turnpike.aws.sigv4.VerificationResult.Verified;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verifies an AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}) on a request as it arrived, the way
 * API Gateway checks AWS_IAM methods and AWS's endpoints check control-plane calls. Both forms are
 * read: the {@code Authorization} header, and the {@code X-Amz-*} query parameters of a presigned URL.
 *
 * <p>Checks run in the order AWS reports their failures, and the first failure is the answer:
 *
 * <ol>
 *   <li>an {@code Authorization} header or an {@code X-Amz-Algorithm} parameter is present
 *       ({@code MissingAuthenticationTokenException});
 *   <li>the header parses into {@code key=value} pairs holding Credential, SignedHeaders and Signature,
 *       and there is an {@code X-Amz-Date} or {@code Date} (or the presigned parameters are all there);
 *   <li>the date parses, and lies within {@code allowedSkew} of the clock (for a presigned URL: is not
 *       in the future beyond the skew, and not older than its {@code X-Amz-Expires});
 *   <li>{@code host} is a signed header; the algorithm is {@code AWS4-HMAC-SHA256};
 *   <li>the credential scope names the request's day, the configured region, one of the configured
 *       services, and {@code aws4_request};
 *   <li>the access key is known ({@code UnrecognizedClientException});
 *   <li>an {@code x-amz-content-sha256} header holding a hash agrees with the body, and the signature
 *       recomputed over the canonical request equals the one sent, compared in constant time.
 * </ol>
 *
 * <p>The canonical request is built from the wire form of the request: see {@link Canonical#uri} for
 * why the path is encoded once more and never decoded. Only the headers listed in SignedHeaders take
 * part, so proxies may add others.
 *
 * <p>Thread-safe and without per-request state. Nothing secret — the secret key, the signing key, the
 * expected signature — is logged or returned.
 */
public final class SigV4Verifier {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String TERMINATOR = "aws4_request";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    private final CredentialLookup credentials;
    private final Clock clock;
    private final String region;
    private final Set<String> services;
    private final String namedService;
    private final Duration allowedSkew;

    /**
     * @param credentials finds the secret key of an access key id
     * @param clock the time signatures are checked against
     * @param region the only region a credential scope may name, such as {@code us-east-1}
     * @param services the signing names a credential scope may name ({@code execute-api} for invoked APIs,
     *     {@code apigateway} for the control plane); the alphabetically first is the one a wrong-service
     *     rejection names
     * @param allowedSkew how far the request date may lie from the clock; AWS allows 15 minutes
     */
    public SigV4Verifier(
            CredentialLookup credentials, Clock clock, String region, Set<String> services, Duration allowedSkew) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(region, "region");
        if (region.isBlank()) {
            throw new IllegalArgumentException("region: '" + region + "' (expected: a region name such as us-east-1)");
        }
        Objects.requireNonNull(services, "services");
        if (services.isEmpty() || services.stream().anyMatch(service -> service == null || service.isBlank())) {
            throw new IllegalArgumentException(
                    "services: " + services + " (expected: one or more signing names such as execute-api)");
        }
        Objects.requireNonNull(allowedSkew, "allowedSkew");
        if (allowedSkew.isNegative()) {
            throw new IllegalArgumentException("allowedSkew: " + allowedSkew + " (expected: >= 0)");
        }
        this.region = region;
        this.services = Set.copyOf(services);
        this.namedService = new TreeSet<>(services).first();
        this.allowedSkew = allowedSkew;
    }

    /** Verifies {@code request}'s signature; never throws for anything the client sent. */
    public VerificationResult verify(SignedRequest request) {
        Objects.requireNonNull(request, "request");
        RequestHeaders headers = new RequestHeaders(request.headers());
        List<QueryParameter> query = Canonical.parseQuery(request.rawQuery());

        Parsed parsed = SignatureParameters.read(headers, query);
        if (parsed instanceof Invalid invalid) {
            return invalid.rejection();
        }
        SignatureParameters auth = ((Found) parsed).parameters();

        Optional<Instant> parsedDate = parseDate(auth);
        if (parsedDate.isEmpty()) {
            return Rejections.malformedDate(auth.date());
        }
        Instant requestDate = parsedDate.get();
        Optional<Rejected> untimely = checkTime(requestDate, auth);
        if (untimely.isPresent()) {
            return untimely.get();
        }

        List<String> signedHeaders = new ArrayList<>();
        for (String name : auth.signedHeaders().split(";", -1)) {
            signedHeaders.add(name.strip().toLowerCase(Locale.ROOT));
        }
        if (!signedHeaders.contains("host") && !signedHeaders.contains(":authority")) {
            return Rejections.hostNotSigned();
        }
        if (!auth.algorithm().equals(ALGORITHM)) {
            return Rejections.unsupportedAlgorithm(auth.algorithm());
        }

        String scope = auth.credential();
        while (scope.endsWith("/")) {
            scope = scope.substring(0, scope.length() - 1);
        }
        String[] parts = scope.split("/", -1);
        if (parts.length != 5) {
            return Rejections.credentialParts(auth.credential());
        }
        String accessKeyId = parts[0];
        String scopeDate = parts[1];
        String scopeRegion = parts[2];
        String scopeService = parts[3];
        String terminator = parts[4];
        // The string to sign carries the date in ISO-8601 basic form even when it came from a Date
        // header, as botocore signs it.
        String amzDate = formatAmzDate(requestDate);
        StringBuilder scopeProblems = new StringBuilder();
        if (!scopeRegion.equals(region)) {
            scopeProblems.append(Rejections.wrongRegion());
        }
        if (!services.contains(scopeService)) {
            scopeProblems.append(Rejections.wrongService(namedService));
        }
        if (!terminator.equals(TERMINATOR)) {
            scopeProblems.append(Rejections.wrongTerminator(terminator));
        }
        if (!scopeDate.equals(amzDate.substring(0, 8))) {
            scopeProblems.append(Rejections.wrongScopeDate(scopeDate, amzDate.substring(0, 8), amzDate));
        }
        if (scopeProblems.length() > 0) {
            return Rejections.invalidScope(scopeProblems.toString());
        }

        Optional<String> secret = credentials.secretFor(accessKeyId);
        if (secret.isEmpty()) {
            return Rejections.unrecognizedClient();
        }

        Optional<String> payloadHash = payloadHash(headers, request.body());
        if (payloadHash.isEmpty()) {
            return Rejections.signatureMismatch();
        }

        String canonicalRequest = canonicalRequest(request, query, headers, auth, signedHeaders, payloadHash.get());
        String credentialScope = String.join("/", scopeDate, scopeRegion, scopeService, terminator);
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + credentialScope + "\n"
                + Hashes.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] expected =
                signature(secret.get(), List.of(scopeDate, scopeRegion, scopeService, terminator), stringToSign);
        byte[] provided = auth.signature().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, provided)) {
            return Rejections.signatureMismatch();
        }
        return new Verified(accessKeyId, scopeRegion, scopeService);
    }

    /**
     * The payload hash of the canonical request: the SHA-256 of the body, unless the client declared
     * {@code x-amz-content-sha256}. {@code UNSIGNED-PAYLOAD} is then used as it stands — the client chose
     * not to cover the body, and a header merely added on the way cannot uncover a body that was signed,
     * because the signature was computed over the body's hash. A declared hash is what the client signed
     * with, so it is used only if it is the body's; otherwise the body was changed (empty: reject).
     */
    private static Optional<String> payloadHash(RequestHeaders headers, byte[] body) {
        String bodyHash = Hashes.sha256Hex(body);
        Optional<String> declared = headers.first("x-amz-content-sha256").map(String::strip);
        if (declared.isEmpty()) {
            return Optional.of(bodyHash);
        }
        String value = declared.get();
        if (value.equals(UNSIGNED_PAYLOAD)) {
            return Optional.of(UNSIGNED_PAYLOAD);
        }
        if (Hashes.isSha256Hex(value)) {
            return value.equalsIgnoreCase(bodyHash) ? Optional.of(value) : Optional.empty();
        }
        return Optional.of(bodyHash);
    }

    /**
     * The hex signature as ASCII bytes: HMAC chain from {@code "AWS4" + secret} over the scope steps.
     * The derived signing key depends only on the secret and the scope (date, region, service), so it is
     * cached: a client signing all day costs one HMAC per request instead of five. The cache is keyed by
     * a hash of secret and scope (never the secret itself) and simply emptied when it grows large, which
     * bounds it without a clock.
     */
    private byte[] signature(String secret, List<String> scopeSteps, String stringToSign) {
        String cacheKey =
                Hashes.sha256Hex((secret + "\n" + String.join("/", scopeSteps)).getBytes(StandardCharsets.UTF_8));
        byte[] key = signingKeys.get(cacheKey);
        if (key == null) {
            key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
            for (String step : scopeSteps) {
                key = Hashes.hmacSha256(key, step);
            }
            if (signingKeys.size() >= MAX_CACHED_KEYS) {
                signingKeys.clear();
            }
            signingKeys.put(cacheKey, key);
        }
        return Hashes.hex(Hashes.hmacSha256(key, stringToSign)).getBytes(StandardCharsets.US_ASCII);
    }

    private static final int MAX_CACHED_KEYS = 4096;
    private final java.util.concurrent.ConcurrentHashMap<String, byte[]> signingKeys =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Header requests must be dated within the allowed skew of now. A presigned URL carries its own
     * lifetime: it is good from its date until {@code X-Amz-Expires} seconds later, so only the future
     * side is bounded by the skew. AWS compares whole seconds, so the clock is truncated to them.
     */
    private Optional<Rejected> checkTime(Instant requestDate, SignatureParameters auth) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (requestDate.isAfter(now.plus(allowedSkew))) {
            return Optional.of(Rejections.notYetCurrent(requestDate, now, allowedSkew));
        }
        Duration lifetime = auth.expiresSeconds() == SignatureParameters.NO_EXPIRY
                ? allowedSkew
                : Duration.ofSeconds(auth.expiresSeconds());
        if (requestDate.isBefore(now.minus(lifetime))) {
            return Optional.of(Rejections.expired(requestDate, now, lifetime));
        }
        return Optional.empty();
    }

    private static String canonicalRequest(
            SignedRequest request,
            List<QueryParameter> query,
            RequestHeaders headers,
            SignatureParameters auth,
            List<String> signedHeaders,
            String payloadHash) {
        StringBuilder canonical = new StringBuilder(512);
        canonical.append(request.method()).append('\n');
        canonical.append(Canonical.uri(request.rawPath())).append('\n');
        canonical
                .append(Canonical.query(
                        query,
                        parameter -> auth.presigned() && parameter.name().equals(SignatureParameters.X_AMZ_SIGNATURE)))
                .append('\n');
        for (String name : signedHeaders) {
            canonical.append(name).append(':');
            List<String> values = headers.all(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    canonical.append(',');
                }
                canonical.append(Canonical.headerValue(values.get(i)));
            }
            canonical.append('\n');
        }
        canonical.append('\n');
        canonical.append(String.join(";", signedHeaders)).append('\n');
        canonical.append(payloadHash);
        return canonical.toString();
    }

    private static Optional<Instant> parseDate(SignatureParameters auth) {
        try {
            if (auth.rfc1123Date()) {
                return Optional.of(ZonedDateTime.parse(auth.date(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant());
            }
            return Optional.of(LocalDateTime.parse(auth.date(), AMZ_DATE).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    static String formatAmzDate(Instant instant) {
        return AMZ_DATE.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
