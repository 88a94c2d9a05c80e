package io.turnpike.aws.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.turnpike.aws.sigv4.VerificationResult.Rejected;
import io.turnpike.aws.sigv4.VerificationResult.Verified;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The verifier's rejections and the variations of well-formed requests it must accept.
 *
 * <p>Where AWS's wording comes from: {@code Missing Authentication Token}, the {@code Authorization
 * header requires ...} sentences, {@code ... not a valid key=value pair (missing equal-sign) ...}, {@code
 * The security token included in the request is invalid.}, {@code Credential should be scoped to correct
 * service: 'execute-api'. } and the signature-mismatch text are quoted in public issue reports of real
 * API Gateway responses. The expired / not-yet-current formats, the combined scope sentences (terminator,
 * scope date), {@code Date must be in ISO-8601 'basic format'...}, {@code Credential must have exactly 5
 * slash-delimited elements...}, {@code 'Host' or ':authority' must be a 'SignedHeader'...}, {@code
 * Unsupported AWS 'algorithm': '...'.} and the presigned {@code AWS query-string parameters must
 * include ...} sentences follow AWS responses recorded by emulators (dynalite, scratchstack) rather than
 * API Gateway itself. The {@code X-Amz-Expires} messages are S3's; no non-S3 wording was found.
 */
class SigV4VerifierTest {

    private static final String AKID = "AKIDTURNPIKEEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Instant SIGNED_AT = Instant.parse("2015-08-30T12:36:00Z");
    private static final String INCOMPLETE = "IncompleteSignatureException";
    private static final String INVALID = "InvalidSignatureException";
    private static final Rejected MISMATCH = new Rejected(INVALID, Rejections.SIGNATURE_MISMATCH_MESSAGE);
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=(?<credential>[^,]+), SignedHeaders=(?<signedHeaders>[^,]+), Signature=(?<signature>[0-9a-f]+)");

    private static SigV4Verifier verifier(Instant now) {
        return verifier(now, Duration.ofMinutes(15));
    }

    private static SigV4Verifier verifier(Instant now, Duration skew) {
        return new SigV4Verifier(
                id -> id.equals(AKID) ? Optional.of(SECRET) : Optional.empty(),
                Clock.fixed(now, ZoneOffset.UTC),
                "us-east-1",
                Set.of("execute-api"),
                skew);
    }

    /** A request carrying a Host, an X-Amz-Date and the given Authorization; its signature is never valid. */
    private static SignedRequest dated(String amzDate, String authorization) {
        return Requests.request(
                "GET",
                "/",
                "",
                List.of(
                        Map.entry("Host", "api.example.com"),
                        Map.entry("X-Amz-Date", amzDate),
                        Map.entry("Authorization", authorization)));
    }

    private static String authorization(String credential, String signedHeaders) {
        return "AWS4-HMAC-SHA256 Credential=" + credential + ", SignedHeaders=" + signedHeaders + ", Signature="
                + "0".repeat(64);
    }

    // -- missing and malformed parameters --------------------------------------------------------------

    @Test
    void rejectsARequestWithNeitherAnAuthorizationHeaderNorAPresignedQuery() {
        SignedRequest request = Requests.request(
                "GET", "/pets", "X-Amz-Credential=AKID%2F20150830", List.of(Map.entry("Host", "api.example.com")));
        assertThat(verifier(SIGNED_AT).verify(request))
                .isEqualTo(new Rejected("MissingAuthenticationTokenException", "Missing Authentication Token"));
    }

    @Test
    void rejectsABearerTokenTheWayApiGatewayDoes() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl";
        SignedRequest request = dated("20150830T123600Z", "Bearer " + jwt);
        assertThat(verifier(SIGNED_AT).verify(request))
                .isEqualTo(new Rejected(
                        INCOMPLETE,
                        "'" + jwt
                                + "' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer "
                                + jwt + "'."));
    }

    @Test
    void listsEveryMissingPartOfAnAuthorizationHeaderFollowedByTheHeader() {
        SignedRequest request = Requests.request(
                "GET", "/", "", List.of(Map.entry("Host", "h"), Map.entry("Authorization", "some-api-key")));
        assertThat(verifier(SIGNED_AT).verify(request))
                .isEqualTo(new Rejected(
                        INCOMPLETE,
                        "Authorization header requires 'Credential' parameter. Authorization header requires"
                                + " 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."
                                + " Authorization header requires existence of either a 'X-Amz-Date' or a 'Date'"
                                + " header. Authorization=some-api-key"));
    }

    @Test
    void leavesOutTheDateSentenceWhenADateHeaderIsPresent() {
        String basic = "Basic dXNlcjpwYXNzd29yZA==";
        SignedRequest request = Requests.request(
                "GET",
                "/",
                "",
                List.of(
                        Map.entry("Host", "h"),
                        Map.entry("Date", "Sun, 30 Aug 2015 12:36:00 GMT"),
                        Map.entry("Authorization", basic)));
        assertThat(verifier(SIGNED_AT).verify(request))
                .isEqualTo(new Rejected(
                        INCOMPLETE,
                        "Authorization header requires 'Credential' parameter. Authorization header requires"
                                + " 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."
                                + " Authorization=" + basic));
    }

    @Test
    void namesOnlyTheMissingParameters() {
        String header = "AWS4-HMAC-SHA256 Credential=" + AKID + "/20150830/us-east-1/execute-api/aws4_request";
        assertThat(verifier(SIGNED_AT).verify(dated("20150830T123600Z", header)))
                .isEqualTo(new Rejected(
                        INCOMPLETE,
                        "Authorization header requires 'Signature' parameter. Authorization header requires"
                                + " 'SignedHeaders' parameter. Authorization=" + header));
    }

    @Test
    void rejectsAnUnsupportedAlgorithm() {
        BotocoreFixture fixture = BotocoreFixture.named("get-root");
        SignedRequest request = Requests.replacingHeader(
                fixture.request(), "authorization", value -> value.replace("AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA512 "));
        assertThat(fixture.verifier().verify(request))
                .isEqualTo(new Rejected(INCOMPLETE, "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'."));
    }

    @Test
    void requiresHostToBeSigned() {
        String header = authorization(AKID + "/20150830/us-east-1/execute-api/aws4_request", "x-amz-date");
        assertThat(verifier(SIGNED_AT).verify(dated("20150830T123600Z", header)))
                .isEqualTo(new Rejected(
                        INVALID, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."));
    }

    @Test
    void requiresFiveCredentialElements() {
        String credential = AKID + "/20150830/us-east-1/execute-api";
        assertThat(verifier(SIGNED_AT).verify(dated("20150830T123600Z", authorization(credential, "host;x-amz-date"))))
                .isEqualTo(new Rejected(
                        INCOMPLETE,
                        "Credential must have exactly 5 slash-delimited elements, e.g."
                                + " keyid/date/region/service/term, got '" + credential + "'"));
    }

    @Test
    void ignoresTrailingSlashesAfterTheCredential() {
        BotocoreFixture fixture = BotocoreFixture.named("get-root");
        SignedRequest request = Requests.replacingHeader(
                fixture.request(), "authorization", value -> value.replace("/aws4_request,", "/aws4_request//,"));
        assertThat(request.headers().toString()).contains("/aws4_request//,");
        assertThat(fixture.verifier().verify(request)).isEqualTo(fixture.expectedVerified());
    }

    @Test
    void rejectsMalformedDates() {
        String header = authorization(AKID + "/20150830/us-east-1/execute-api/aws4_request", "host;x-amz-date");
        assertThat(verifier(SIGNED_AT).verify(dated("2015-08-30T12:36:00Z", header)))
                .isEqualTo(new Rejected(
                        INCOMPLETE,
                        "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See"
                                + " http://en.wikipedia.org/wiki/ISO_8601"));
        assertThat(verifier(SIGNED_AT).verify(dated("20150231T123600Z", header)))
                .isEqualTo(new Rejected(
                        INCOMPLETE,
                        "Date must be in ISO-8601 'basic format'. Got '20150231T123600Z'. See"
                                + " http://en.wikipedia.org/wiki/ISO_8601"));
    }

    // -- credential scope -----------------------------------------------------------------------------

    @Test
    void rejectsAScopeForAnotherRegion() {
        BotocoreFixture fixture = BotocoreFixture.named("get-root");
        SigV4Verifier euWest = new SigV4Verifier(
                id -> Optional.of(SECRET),
                Clock.fixed(fixture.now(), ZoneOffset.UTC),
                "eu-west-1",
                Set.of("execute-api"),
                Duration.ofMinutes(15));
        assertThat(euWest.verify(fixture.request()))
                .isEqualTo(new Rejected(INVALID, "Credential should be scoped to a valid region. "));
    }

    @Test
    void rejectsAScopeForAnotherServiceNamingTheAlphabeticallyFirstAllowedOne() {
        BotocoreFixture fixture = BotocoreFixture.named("lambda-invoke-arn");
        SigV4Verifier gateway = new SigV4Verifier(
                id -> Optional.of(SECRET),
                Clock.fixed(fixture.now(), ZoneOffset.UTC),
                "us-east-1",
                Set.of("execute-api", "apigateway"),
                Duration.ofMinutes(15));
        assertThat(gateway.verify(fixture.request()))
                .isEqualTo(new Rejected(INVALID, "Credential should be scoped to correct service: 'apigateway'. "));
    }

    @Test
    void acceptsAnyOfTheConfiguredServices() {
        for (String name : List.of("get-root", "get-path-arn", "lambda-invoke-arn")) {
            BotocoreFixture fixture = BotocoreFixture.named(name);
            SigV4Verifier verifier = new SigV4Verifier(
                    id -> Optional.of(SECRET),
                    Clock.fixed(fixture.now(), ZoneOffset.UTC),
                    "us-east-1",
                    Set.of("execute-api", "apigateway", "lambda"),
                    Duration.ofMinutes(15));
            assertThat(verifier.verify(fixture.request())).isEqualTo(fixture.expectedVerified());
        }
    }

    @Test
    void reportsEveryScopeProblemAtOnce() {
        String header = authorization(AKID + "/20150829/eu-west-1/s3/aws5_request", "host;x-amz-date");
        assertThat(verifier(SIGNED_AT).verify(dated("20150830T123600Z", header)))
                .isEqualTo(new Rejected(
                        INVALID,
                        "Credential should be scoped to a valid region. Credential should be scoped to correct"
                                + " service: 'execute-api'. Credential should be scoped with a valid terminator:"
                                + " 'aws4_request', not 'aws5_request'. Date in Credential scope does not match"
                                + " YYYYMMDD from ISO-8601 version of date from HTTP: '20150829' != '20150830', from"
                                + " '20150830T123600Z'."));
    }

    @Test
    void checksTheScopeBeforeLookingUpTheKey() {
        // An unknown key with a bad scope is reported as the bad scope, as AWS does.
        String header = authorization("AKIDUNKNOWN/20150830/us-west-2/execute-api/aws4_request", "host;x-amz-date");
        assertThat(verifier(SIGNED_AT).verify(dated("20150830T123600Z", header)))
                .isEqualTo(new Rejected(INVALID, "Credential should be scoped to a valid region. "));
        String valid = authorization("AKIDUNKNOWN/20150830/us-east-1/execute-api/aws4_request", "host;x-amz-date");
        assertThat(verifier(SIGNED_AT).verify(dated("20150830T123600Z", valid)))
                .isEqualTo(new Rejected(
                        "UnrecognizedClientException", "The security token included in the request is invalid."));
    }

    // -- time --------------------------------------------------------------------------------------------

    @Test
    void reportsAnExpiredSignatureWithTheRequestDateAndTheWindow() {
        String header = authorization(AKID + "/20150830/us-east-1/execute-api/aws4_request", "host;x-amz-date");
        assertThat(verifier(Instant.parse("2015-08-30T12:56:00Z")).verify(dated("20150830T123600Z", header)))
                .isEqualTo(new Rejected(
                        INVALID,
                        "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T125600Z"
                                + " - 15 min.)"));
    }

    @Test
    void reportsASignatureFromTheFuture() {
        String header = authorization(AKID + "/20150830/us-east-1/execute-api/aws4_request", "host;x-amz-date");
        assertThat(verifier(Instant.parse("2015-08-30T12:45:00Z")).verify(dated("20150830T130100Z", header)))
                .isEqualTo(new Rejected(
                        INVALID,
                        "Signature not yet current: 20150830T130100Z is still later than 20150830T130000Z"
                                + " (20150830T124500Z + 15 min.)"));
    }

    @Test
    void describesTheConfiguredSkewInTheMessage() {
        String header = authorization(AKID + "/20150830/us-east-1/execute-api/aws4_request", "host;x-amz-date");
        assertThat(verifier(Instant.parse("2015-08-30T12:42:00Z"), Duration.ofMinutes(5))
                        .verify(dated("20150830T123600Z", header)))
                .isEqualTo(new Rejected(
                        INVALID,
                        "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T124200Z"
                                + " - 5 min.)"));
        assertThat(verifier(Instant.parse("2015-08-30T12:38:00Z"), Duration.ofSeconds(90))
                        .verify(dated("20150830T123600Z", header)))
                .isEqualTo(new Rejected(
                        INVALID,
                        "Signature expired: 20150830T123600Z is now earlier than 20150830T123630Z (20150830T123800Z"
                                + " - 90 sec.)"));
    }

    @Test
    void prefersXAmzDateOverTheDateHeader() {
        BotocoreFixture fixture = BotocoreFixture.named("date-header");
        SignedRequest withBoth = Requests.addingHeader(fixture.request(), "X-Amz-Date", "20150830T123605Z");
        assertThat(fixture.verifier().verify(withBoth)).isEqualTo(MISMATCH);
        SignedRequest sameInstant = Requests.addingHeader(fixture.request(), "X-Amz-Date", "20150830T123600Z");
        assertThat(fixture.verifier().verify(sameInstant)).isEqualTo(fixture.expectedVerified());
    }

    // -- presigned URLs -----------------------------------------------------------------------------------

    @Test
    void listsTheMissingPresignedParameters() {
        SignedRequest request = Requests.request(
                "GET", "/pets", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=", List.of(Map.entry("Host", "h")));
        assertThat(verifier(SIGNED_AT).verify(request))
                .isEqualTo(new Rejected(
                        INCOMPLETE,
                        "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters"
                                + " must include 'X-Amz-Signature'. AWS query-string parameters must include"
                                + " 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'."
                                + " Re-examine the query-string parameters."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "", "1e3"})
    void rejectsAnExpiryThatIsNotANumber(String expires) {
        BotocoreFixture fixture = BotocoreFixture.named("presigned-get");
        String query = fixture.request().rawQuery().replace("X-Amz-Expires=300", "X-Amz-Expires=" + expires);
        assertThat(fixture.verifier().verify(Requests.withQuery(fixture.request(), query)))
                .isEqualTo(new Rejected(INCOMPLETE, "X-Amz-Expires should be a number"));
    }

    @Test
    void rejectsAnExpiryLongerThanAWeek() {
        BotocoreFixture fixture = BotocoreFixture.named("presigned-week");
        String query = fixture.request().rawQuery().replace("X-Amz-Expires=604800", "X-Amz-Expires=604801");
        assertThat(fixture.verifier().verify(Requests.withQuery(fixture.request(), query)))
                .isEqualTo(
                        new Rejected(INCOMPLETE, "X-Amz-Expires must be less than a week (in seconds) that is 604800"));
    }

    // -- the payload -------------------------------------------------------------------------------------

    @Test
    void rejectsABodyThatDoesNotMatchTheDeclaredContentHash() {
        // The declared hash is signed and used in the canonical request, so without comparing it to the
        // body a changed body would still verify.
        BotocoreFixture fixture = BotocoreFixture.named("content-sha256-header");
        SignedRequest request = Requests.withBody(fixture.request(), "{\"a\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(fixture.verifier().verify(request)).isEqualTo(MISMATCH);
    }

    @Test
    void rejectsAnUnsignedContentHashHeaderThatDisagreesWithTheBody() {
        BotocoreFixture fixture = BotocoreFixture.named("post-json");
        SignedRequest request =
                Requests.addingHeader(fixture.request(), "X-Amz-Content-Sha256", Hashes.sha256Hex(new byte[] {1}));
        assertThat(fixture.verifier().verify(request)).isEqualTo(MISMATCH);
        SignedRequest agreeing = Requests.addingHeader(
                fixture.request(),
                "X-Amz-Content-Sha256",
                Hashes.sha256Hex(fixture.request().body()));
        assertThat(fixture.verifier().verify(agreeing)).isEqualTo(fixture.expectedVerified());
    }

    @Test
    void doesNotLetAnAddedUnsignedPayloadMarkerUncoverTheBody() {
        BotocoreFixture fixture = BotocoreFixture.named("post-json");
        SignedRequest request = Requests.addingHeader(fixture.request(), "X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD");
        assertThat(fixture.verifier().verify(request)).isEqualTo(MISMATCH);
    }

    // -- accepted variations -----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "AWS4-HMAC-SHA256 Credential={c},SignedHeaders={h},Signature={s}",
                "  AWS4-HMAC-SHA256   Credential={c} ,  SignedHeaders={h},\tSignature={s}  ",
                "AWS4-HMAC-SHA256 Signature={s}, Credential={c}, SignedHeaders={h}",
                "AWS4-HMAC-SHA256\tCredential={c}, SignedHeaders={h}, Signature={s},",
            })
    void toleratesTheSeparatorsAndOrderClientsUse(String template) {
        for (String name : List.of("get-root", "post-json", "client-tag-resource")) {
            BotocoreFixture fixture = BotocoreFixture.named(name);
            Matcher parts = AUTHORIZATION.matcher(fixture.header("authorization"));
            assertThat(parts.matches()).as(fixture.header("authorization")).isTrue();
            String rewritten = template.replace("{c}", parts.group("credential"))
                    .replace("{h}", parts.group("signedHeaders"))
                    .replace("{s}", parts.group("signature"));
            SignedRequest request = Requests.replacingHeader(fixture.request(), "authorization", value -> rewritten);
            assertThat(fixture.verifier().verify(request)).as(rewritten).isEqualTo(fixture.expectedVerified());
        }
    }

    @Test
    void rejectsASignatureThatDiffersOnlyInCase() {
        BotocoreFixture fixture = BotocoreFixture.named("get-root");
        SignedRequest request = Requests.replacingHeader(fixture.request(), "authorization", value -> {
            int at = value.indexOf("Signature=") + "Signature=".length();
            return value.substring(0, at) + value.substring(at).toUpperCase(Locale.ROOT);
        });
        assertThat(fixture.verifier().verify(request)).isEqualTo(MISMATCH);
    }

    @Test
    void verifiesAwsPublishedTestSuiteVectors() {
        // get-vanilla and get-vanilla-query-order-key-case from AWS's SigV4 test suite (AKIDEXAMPLE, service
        // "service", 20150830T123600Z).
        SigV4Verifier verifier = new SigV4Verifier(
                id -> id.equals("AKIDEXAMPLE") ? Optional.of(SECRET) : Optional.empty(),
                Clock.fixed(SIGNED_AT, ZoneOffset.UTC),
                "us-east-1",
                Set.of("service"),
                Duration.ofMinutes(15));
        String prefix = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=";
        SignedRequest vanilla = Requests.request(
                "GET",
                "/",
                "",
                List.of(
                        Map.entry("Host", "example.amazonaws.com"),
                        Map.entry("X-Amz-Date", "20150830T123600Z"),
                        Map.entry(
                                "Authorization",
                                prefix + "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")));
        SignedRequest queryOrder = Requests.request(
                "GET",
                "/",
                "Param2=value2&Param1=value1",
                List.of(
                        Map.entry("Host", "example.amazonaws.com"),
                        Map.entry("X-Amz-Date", "20150830T123600Z"),
                        Map.entry(
                                "Authorization",
                                prefix + "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")));
        Verified expected = new Verified("AKIDEXAMPLE", "us-east-1", "service");
        assertThat(verifier.verify(vanilla)).isEqualTo(expected);
        assertThat(verifier.verify(queryOrder)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "AWS4-HMAC-SHA256",
                "AWS4-HMAC-SHA256 =",
                "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=",
                "AWS4-HMAC-SHA256 Credential=/////, SignedHeaders=host, Signature=zz",
                "AWS4-HMAC-SHA256 Credential=A/B/C/D/E, SignedHeaders=;;;, Signature=\u0000",
                "AWS4-HMAC-SHA256 Credential=AKIDTURNPIKEEXAMPLE/20150830/us-east-1/execute-api/aws4_request,"
                        + " SignedHeaders=host, Signature=\u00ff\u20ac",
            })
    void answersMalformedHeadersWithARejection(String authorization) {
        assertThat(verifier(SIGNED_AT).verify(dated("20150830T123600Z", authorization)))
                .isInstanceOf(Rejected.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "%",
                "%%%&==&=",
                "X-Amz-Algorithm",
                "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%&X-Amz-Signature=%zz&X-Amz-SignedHeaders=;"
                        + "&X-Amz-Date=20150830T123600Z&X-Amz-Expires=99999999999999999999",
                "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2Fb%2Fc%2Fd%2Fe&X-Amz-Signature=00"
                        + "&X-Amz-SignedHeaders=host&X-Amz-Date=20150830T123600Z&X-Amz-Expires=0",
            })
    void answersMalformedQueriesWithARejection(String rawQuery) {
        SignedRequest request = Requests.request("GET", "/", rawQuery, List.of(Map.entry("Host", "h")));
        assertThat(verifier(SIGNED_AT).verify(request)).isInstanceOf(Rejected.class);
    }

    // -- configuration -----------------------------------------------------------------------------------

    @Test
    void refusesConfigurationThatCouldNeverVerify() {
        Clock clock = Clock.systemUTC();
        CredentialLookup none = id -> Optional.empty();
        assertThatThrownBy(() -> new SigV4Verifier(none, clock, " ", Set.of("execute-api"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("region: ' ' (expected: a region name such as us-east-1)");
        assertThatThrownBy(() -> new SigV4Verifier(none, clock, "us-east-1", Set.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("services: [] (expected: one or more signing names such as execute-api)");
        assertThatThrownBy(() -> new SigV4Verifier(none, clock, "us-east-1", Set.of("lambda"), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowedSkew: PT-1S (expected: >= 0)");
    }
}
