package io.turnpike.aws.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.aws.sigv4.VerificationResult.Rejected;
import io.turnpike.aws.sigv4.VerificationResult.Verified;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4PresignerParams;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;

/**
 * The second oracle: requests signed by the AWS SDK for Java v2 — its deprecated {@code Aws4Signer},
 * which is what older SDK clients and many proxies sign with, and its current {@code AwsV4HttpSigner},
 * which also signs {@code x-amz-content-sha256} — must verify, in both header and presigned form.
 */
@SuppressWarnings("deprecation") // Aws4Signer is deprecated; it is used here, in tests, as an oracle only.
class SigV4VerifierSdkOracleTest {

    private static final String AKID = "AKIDSDKORACLE";
    private static final String SECRET = "sdkOracleSecret/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Instant NOW = Instant.parse("2026-03-14T15:09:26Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String HOST = "abc123.execute-api.us-east-1.amazonaws.com";
    private static final Duration PRESIGNED_FOR = Duration.ofMinutes(5);

    /** How a case is signed. */
    enum Signing {
        AWS4_SIGNER_HEADER,
        AWS4_SIGNER_PRESIGNED,
        AWS_V4_HTTP_SIGNER_HEADER,
        AWS_V4_HTTP_SIGNER_PRESIGNED;

        boolean presigned() {
            return this == AWS4_SIGNER_PRESIGNED || this == AWS_V4_HTTP_SIGNER_PRESIGNED;
        }
    }

    /** A request to sign: an already-encoded path, unencoded query values, header values, a body. */
    record Case(
            String name,
            String service,
            SdkHttpMethod method,
            String encodedPath,
            List<Map.Entry<String, String>> query,
            List<Map.Entry<String, List<String>>> headers,
            String body) {

        @Override
        public String toString() {
            return name;
        }

        SdkHttpFullRequest toSdk() {
            SdkHttpFullRequest.Builder builder = SdkHttpFullRequest.builder()
                    .method(method)
                    .protocol("https")
                    .host(HOST)
                    .encodedPath(encodedPath);
            query.forEach(parameter -> builder.appendRawQueryParameter(parameter.getKey(), parameter.getValue()));
            headers.forEach(header -> builder.putHeader(header.getKey(), header.getValue()));
            if (!body.isEmpty()) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                builder.contentStreamProvider(() -> new ByteArrayInputStream(bytes));
            }
            return builder.build();
        }
    }

    static List<Case> cases() {
        List<Map.Entry<String, List<String>>> json = List.of(Map.entry("Content-Type", List.of("application/json")));
        return List.of(
                new Case("get-root", "execute-api", SdkHttpMethod.GET, "/", List.of(), List.of(), ""),
                new Case(
                        "get-rest-apis-query",
                        "apigateway",
                        SdkHttpMethod.GET,
                        "/restapis",
                        List.of(Map.entry("position", "abc def+/="), Map.entry("limit", "25")),
                        List.of(),
                        ""),
                new Case(
                        "tag-resource-arn",
                        "apigateway",
                        SdkHttpMethod.PUT,
                        "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fabc123",
                        List.of(),
                        json,
                        "{\"tags\":{\"team\":\"gateway\"}}"),
                new Case(
                        "greedy-path-braces",
                        "execute-api",
                        SdkHttpMethod.GET,
                        "/restapis/abc/resources/%7Bproxy%2B%7D",
                        List.of(),
                        List.of(),
                        ""),
                new Case(
                        "unicode-path-and-query",
                        "execute-api",
                        SdkHttpMethod.GET,
                        "/names/%C3%A9t%C3%A9/%F0%9F%98%80",
                        List.of(Map.entry("q", "\u00e9t\u00e9 \u2713"), Map.entry("tilde", "~*")),
                        List.of(),
                        ""),
                new Case(
                        "lambda-invoke-arn",
                        "lambda",
                        SdkHttpMethod.POST,
                        "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af/invocations",
                        List.of(),
                        List.of(),
                        "{\"n\":1}"),
                new Case(
                        "repeated-and-empty-query",
                        "execute-api",
                        SdkHttpMethod.GET,
                        "/items",
                        List.of(
                                Map.entry("z", "last"),
                                Map.entry("embed", "methods"),
                                Map.entry("embed", "a b"),
                                Map.entry("empty", ""),
                                Map.entry("B", "upper")),
                        List.of(),
                        ""),
                new Case(
                        "repeated-header",
                        "execute-api",
                        SdkHttpMethod.POST,
                        "/things",
                        List.of(),
                        List.of(
                                Map.entry("X-Multi", List.of("a", "  b   c  ")),
                                Map.entry("Content-Type", List.of("text/plain"))),
                        "plain text"),
                new Case(
                        "delete-no-body",
                        "apigateway",
                        SdkHttpMethod.DELETE,
                        "/restapis/abc123/resources/r1",
                        List.of(),
                        List.of(),
                        ""),
                new Case(
                        "patch-json-pointer",
                        "apigateway",
                        SdkHttpMethod.PATCH,
                        "/restapis/abc123/stages/prod",
                        List.of(),
                        json,
                        "{\"patchOperations\":[{\"op\":\"replace\",\"path\":\"/~1pets/GET/logging/loglevel\","
                                + "\"value\":\"INFO\"}]}"),
                new Case(
                        "space-tilde-path",
                        "execute-api",
                        SdkHttpMethod.GET,
                        "/files/hello%20world/~1a",
                        List.of(),
                        List.of(),
                        ""),
                new Case("dot-segments", "execute-api", SdkHttpMethod.GET, "/a/./b/../c", List.of(), List.of(), ""));
    }

    static Stream<Arguments> signedCases() {
        return cases().stream().flatMap(c -> Stream.of(Signing.values()).map(signing -> Arguments.of(c, signing)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("signedCases")
    void verifiesWhatTheJavaSdkSigns(Case c, Signing signing) {
        SignedRequest request = sign(c, signing);
        assertThat(verifier(c.service()).verify(request)).isEqualTo(new Verified(AKID, "us-east-1", c.service()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("signedCases")
    void rejectsAChangedPathOrBody(Case c, Signing signing) {
        SignedRequest request = sign(c, signing);
        Rejected mismatch = new Rejected("InvalidSignatureException", Rejections.SIGNATURE_MISMATCH_MESSAGE);
        assertThat(verifier(c.service()).verify(Requests.withPath(request, request.rawPath() + "x")))
                .isEqualTo(mismatch);
        assertThat(verifier(c.service())
                        .verify(Requests.withBody(request, "tampered".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(mismatch);
    }

    @Test
    void theCurrentSignerSignsTheContentHashHeader() {
        SignedRequest request = sign(cases().get(0), Signing.AWS_V4_HTTP_SIGNER_HEADER);
        String authorization =
                new RequestHeaders(request.headers()).first("authorization").orElseThrow();
        assertThat(authorization).contains("x-amz-content-sha256");
        assertThat(new RequestHeaders(request.headers()).all("x-amz-content-sha256"))
                .containsExactly(Hashes.sha256Hex(new byte[0]));
    }

    @Test
    void joinsRepeatedHeadersInWireOrder() {
        Case repeated = cases().stream()
                .filter(c -> c.name().equals("repeated-header"))
                .findFirst()
                .orElseThrow();
        SignedRequest request = sign(repeated, Signing.AWS4_SIGNER_HEADER);
        assertThat(verifier(repeated.service()).verify(request)).isInstanceOf(Verified.class);
        SignedRequest swapped = Requests.withHeaders(request, headers -> {
            List<Map.Entry<String, String>> multi = new ArrayList<>(headers.stream()
                    .filter(header -> header.getKey().equalsIgnoreCase("x-multi"))
                    .toList());
            headers.removeAll(multi);
            headers.add(multi.get(1));
            headers.add(multi.get(0));
            return headers;
        });
        assertThat(verifier(repeated.service()).verify(swapped))
                .isEqualTo(new Rejected("InvalidSignatureException", Rejections.SIGNATURE_MISMATCH_MESSAGE));
    }

    private static SigV4Verifier verifier(String service) {
        return new SigV4Verifier(
                id -> id.equals(AKID) ? Optional.of(SECRET) : Optional.empty(),
                CLOCK,
                "us-east-1",
                Set.of(service),
                Duration.ofMinutes(15));
    }

    private static SignedRequest sign(Case c, Signing signing) {
        SdkHttpFullRequest unsigned = c.toSdk();
        byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
        switch (signing) {
            case AWS4_SIGNER_HEADER:
                return toWire(
                        Aws4Signer.create()
                                .sign(
                                        unsigned,
                                        Aws4SignerParams.builder()
                                                .awsCredentials(AwsBasicCredentials.create(AKID, SECRET))
                                                .signingName(c.service())
                                                .signingRegion(Region.US_EAST_1)
                                                .signingClockOverride(CLOCK)
                                                .build()),
                        body);
            case AWS4_SIGNER_PRESIGNED:
                return toWire(
                        Aws4Signer.create()
                                .presign(
                                        unsigned,
                                        Aws4PresignerParams.builder()
                                                .awsCredentials(AwsBasicCredentials.create(AKID, SECRET))
                                                .signingName(c.service())
                                                .signingRegion(Region.US_EAST_1)
                                                .signingClockOverride(CLOCK)
                                                .expirationTime(NOW.plus(PRESIGNED_FOR))
                                                .build()),
                        body);
            case AWS_V4_HTTP_SIGNER_HEADER:
            case AWS_V4_HTTP_SIGNER_PRESIGNED:
                software.amazon.awssdk.http.auth.spi.signer.SignedRequest signed = AwsV4HttpSigner.create()
                        .sign(r -> {
                            r.identity(AwsCredentialsIdentity.create(AKID, SECRET))
                                    .request(unsigned)
                                    .payload(ContentStreamProvider.fromByteArray(body))
                                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, c.service())
                                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                                    .putProperty(HttpSigner.SIGNING_CLOCK, CLOCK);
                            if (signing.presigned()) {
                                r.putProperty(
                                                AwsV4FamilyHttpSigner.AUTH_LOCATION,
                                                AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, PRESIGNED_FOR);
                            }
                        });
                return toWire(signed.request(), body);
            default:
                throw new IllegalArgumentException("signing: " + signing);
        }
    }

    /** The request as an HTTP client would put it on the wire: one header line per value, Host included. */
    private static SignedRequest toWire(SdkHttpRequest request, byte[] body) {
        URI uri = request.getUri();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (request.firstMatchingHeader("Host").isEmpty()) {
            headers.add(Map.entry("Host", request.host()));
        }
        request.forEachHeader((name, values) -> values.forEach(value -> headers.add(Map.entry(name, value))));
        byte[] sentBody = request instanceof SdkHttpFullRequest full
                ? full.contentStreamProvider()
                        .map(SigV4VerifierSdkOracleTest::readAll)
                        .orElse(new byte[0])
                : body;
        return new SignedRequest(
                request.method().name(),
                uri.getRawPath(),
                uri.getRawQuery() == null ? "" : uri.getRawQuery(),
                headers,
                sentBody);
    }

    private static byte[] readAll(ContentStreamProvider provider) {
        try (InputStream in = provider.newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
