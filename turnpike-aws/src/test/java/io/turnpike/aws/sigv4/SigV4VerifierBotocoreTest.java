package io.turnpike.aws.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.aws.sigv4.VerificationResult.Rejected;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays requests that botocore signed and sent (see {@code generate_fixtures.py}): each must verify at
 * the time it was signed, and every change to a signed part must be caught.
 */
class SigV4VerifierBotocoreTest {

    private static final Rejected MISMATCH =
            new Rejected("InvalidSignatureException", Rejections.SIGNATURE_MISMATCH_MESSAGE);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    static Stream<BotocoreFixture> fixtures() {
        return BotocoreFixture.all().stream();
    }

    static Stream<BotocoreFixture> headerSigned() {
        return fixtures().filter(fixture -> !fixture.presigned());
    }

    static Stream<BotocoreFixture> presigned() {
        return fixtures().filter(BotocoreFixture::presigned);
    }

    static Stream<BotocoreFixture> withOwnQueryParameters() {
        return fixtures().filter(fixture -> firstOwnParameter(fixture).isPresent());
    }

    /** The first query parameter that is the request's own, not one of a presigned URL's X-Amz-*. */
    private static Optional<String> firstOwnParameter(BotocoreFixture fixture) {
        String rawQuery = fixture.request().rawQuery();
        return rawQuery.isEmpty()
                ? Optional.empty()
                : Stream.of(rawQuery.split("&"))
                        .filter(parameter -> !parameter.startsWith("X-Amz-"))
                        .findFirst();
    }

    @Test
    void theFixturesCoverWhatTheVerifierMustHandle() {
        List<BotocoreFixture> all = BotocoreFixture.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(40);
        assertThat(all)
                .extracting(fixture -> fixture.request().method())
                .contains("GET", "POST", "PUT", "PATCH", "DELETE");
        assertThat(all).extracting(BotocoreFixture::service).contains("execute-api", "apigateway", "lambda");
        assertThat(all)
                .extracting(fixture -> fixture.request().rawPath())
                .contains(
                        "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fabc",
                        "/restapis/abc123/resources/a%2Fb",
                        "/things/hello%20world",
                        "/files/~1pets~1%7BpetId%7D",
                        "/names/%C3%A9t%C3%A9/%F0%9F%98%80");
        assertThat(all).filteredOn(BotocoreFixture::presigned).hasSizeGreaterThanOrEqualTo(4);
        assertThat(all)
                .filteredOn(fixture -> fixture.signer().startsWith("botocore client"))
                .hasSizeGreaterThanOrEqualTo(9);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void verifiesEveryBotocoreSignedRequestAtItsSigningTime(BotocoreFixture fixture) {
        assertThat(fixture.verifier().verify(fixture.request())).isEqualTo(fixture.expectedVerified());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void rejectsAChangedBodyByte(BotocoreFixture fixture) {
        byte[] body = fixture.request().body();
        byte[] changed = body.length == 0 ? new byte[] {'x'} : body.clone();
        if (body.length > 0) {
            changed[body.length / 2] ^= 0x01;
        }
        VerificationResult result = fixture.verifier().verify(Requests.withBody(fixture.request(), changed));
        if (fixture.name().equals("unsigned-payload")) {
            // UNSIGNED-PAYLOAD is the client saying the body is not covered: any body verifies.
            assertThat(result).isEqualTo(fixture.expectedVerified());
        } else {
            assertThat(result).isEqualTo(MISMATCH);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void rejectsAChangedHostHeader(BotocoreFixture fixture) {
        SignedRequest changed = Requests.replacingHeader(fixture.request(), "host", host -> "evil.example.com");
        assertThat(fixture.verifier().verify(changed)).isEqualTo(MISMATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void rejectsAChangedPath(BotocoreFixture fixture) {
        SignedRequest request = fixture.request();
        assertThat(fixture.verifier().verify(Requests.withPath(request, request.rawPath() + "x")))
                .isEqualTo(MISMATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void rejectsAChangedMethod(BotocoreFixture fixture) {
        String other = fixture.request().method().equals("GET") ? "HEAD" : "GET";
        assertThat(fixture.verifier().verify(Requests.withMethod(fixture.request(), other)))
                .isEqualTo(MISMATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void rejectsAnAddedQueryParameter(BotocoreFixture fixture) {
        String rawQuery = fixture.request().rawQuery();
        String changed = rawQuery.isEmpty() ? "injected=1" : rawQuery + "&injected=1";
        assertThat(fixture.verifier().verify(Requests.withQuery(fixture.request(), changed)))
                .isEqualTo(MISMATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withOwnQueryParameters")
    void rejectsAChangedQueryValue(BotocoreFixture fixture) {
        String rawQuery = fixture.request().rawQuery();
        String parameter = firstOwnParameter(fixture).orElseThrow();
        String changedParameter = parameter.contains("=") ? parameter + "0" : parameter + "=0";
        int at = rawQuery.indexOf(parameter);
        String changed = rawQuery.substring(0, at) + changedParameter + rawQuery.substring(at + parameter.length());
        assertThat(fixture.verifier().verify(Requests.withQuery(fixture.request(), changed)))
                .isEqualTo(MISMATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void rejectsADateMovedByOneSecond(BotocoreFixture fixture) {
        // One second earlier: still the same day for every fixture, so only the signature can catch it.
        assertThat(fixture.verifier().verify(withDateMovedBy(fixture, -1))).isEqualTo(MISMATCH);
    }

    @Test
    void rejectsADateMovedPastMidnightAsAScopeMismatch() {
        BotocoreFixture fixture = BotocoreFixture.named("leap-day-midnight");
        assertThat(fixture.now()).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
        assertThat(fixture.verifier().verify(withDateMovedBy(fixture, 1)))
                .isEqualTo(new Rejected(
                        "InvalidSignatureException",
                        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP:"
                                + " '20240229' != '20240301', from '20240301T000000Z'."));
    }

    private static SignedRequest withDateMovedBy(BotocoreFixture fixture, long seconds) {
        SignedRequest request = fixture.request();
        if (fixture.presigned()) {
            String date = amz(fixture.now());
            assertThat(request.rawQuery()).contains("X-Amz-Date=" + date);
            return Requests.withQuery(
                    request,
                    request.rawQuery()
                            .replace(
                                    "X-Amz-Date=" + date,
                                    "X-Amz-Date=" + amz(fixture.now().plusSeconds(seconds))));
        }
        if (fixture.name().equals("date-header")) {
            return Requests.replacingHeader(
                    request,
                    "date",
                    date -> DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                                    .plusSeconds(seconds)));
        }
        return Requests.replacingHeader(
                request,
                "x-amz-date",
                date -> AMZ_DATE.format(LocalDateTime.parse(date, AMZ_DATE).plusSeconds(seconds)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void rejectsTheWrongSecretWithoutRevealingEitherSecret(BotocoreFixture fixture) {
        String wrongSecret = fixture.secretKey().replace('K', 'Q');
        VerificationResult result = fixture.verifier(Clock.fixed(fixture.now(), ZoneOffset.UTC), wrongSecret)
                .verify(fixture.request());
        assertThat(result).isEqualTo(MISMATCH);
        assertThat(result.toString()).doesNotContain(fixture.secretKey()).doesNotContain(wrongSecret);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void rejectsAnUnknownAccessKey(BotocoreFixture fixture) {
        SigV4Verifier verifier = new SigV4Verifier(
                id -> Optional.empty(),
                Clock.fixed(fixture.now(), ZoneOffset.UTC),
                fixture.region(),
                Set.of(fixture.service()),
                BotocoreFixture.FIFTEEN_MINUTES);
        assertThat(verifier.verify(fixture.request()))
                .isEqualTo(new Rejected(
                        "UnrecognizedClientException", "The security token included in the request is invalid."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void acceptsUnsignedHeadersAddedOnTheWay(BotocoreFixture fixture) {
        SignedRequest proxied = Requests.addingHeader(
                Requests.addingHeader(fixture.request(), "X-Forwarded-For", "198.51.100.4"), "Via", "1.1 proxy");
        assertThat(fixture.verifier().verify(proxied)).isEqualTo(fixture.expectedVerified());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesHeaderNamesCaseInsensitivelyInAnyOrder(BotocoreFixture fixture) {
        SignedRequest changed = Requests.withHeaders(fixture.request(), headers -> {
            List<Map.Entry<String, String>> lowered = new ArrayList<>();
            for (Map.Entry<String, String> header : headers) {
                lowered.add(Map.entry(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
            }
            Collections.reverse(lowered);
            return lowered;
        });
        assertThat(fixture.verifier().verify(changed)).isEqualTo(fixture.expectedVerified());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerSigned")
    void acceptsClockSkewOfUpToFifteenMinutesEitherWay(BotocoreFixture fixture) {
        Duration skew = BotocoreFixture.FIFTEEN_MINUTES;
        assertThat(fixture.verifierAt(fixture.now().plus(skew)).verify(fixture.request()))
                .isEqualTo(fixture.expectedVerified());
        assertThat(fixture.verifierAt(fixture.now().minus(skew)).verify(fixture.request()))
                .isEqualTo(fixture.expectedVerified());
        // Sub-second clock readings count as the second they fall in, as AWS's whole-second dates do.
        assertThat(fixture.verifierAt(fixture.now().plus(skew).plusMillis(999)).verify(fixture.request()))
                .isEqualTo(fixture.expectedVerified());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerSigned")
    void rejectsARequestOneSecondOutsideTheSkew(BotocoreFixture fixture) {
        Instant date = fixture.now();
        Instant late = date.plus(BotocoreFixture.FIFTEEN_MINUTES).plusSeconds(1);
        assertThat(fixture.verifierAt(late).verify(fixture.request()))
                .isEqualTo(new Rejected(
                        "InvalidSignatureException",
                        "Signature expired: " + amz(date) + " is now earlier than " + amz(date.plusSeconds(1)) + " ("
                                + amz(late) + " - 15 min.)"));
        Instant early = date.minus(BotocoreFixture.FIFTEEN_MINUTES).minusSeconds(1);
        assertThat(fixture.verifierAt(early).verify(fixture.request()))
                .isEqualTo(new Rejected(
                        "InvalidSignatureException",
                        "Signature not yet current: " + amz(date) + " is still later than " + amz(date.minusSeconds(1))
                                + " (" + amz(early) + " + 15 min.)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presigned")
    void acceptsAPresignedUrlUntilItExpires(BotocoreFixture fixture) {
        Instant lastSecond = fixture.now().plusSeconds(fixture.expiresSeconds());
        assertThat(fixture.verifierAt(lastSecond).verify(fixture.request())).isEqualTo(fixture.expectedVerified());

        Instant expired = lastSecond.plusSeconds(1);
        Duration lifetime = Duration.ofSeconds(fixture.expiresSeconds());
        String window = fixture.expiresSeconds() % 60 == 0
                ? fixture.expiresSeconds() / 60 + " min."
                : fixture.expiresSeconds() + " sec.";
        assertThat(fixture.verifierAt(expired).verify(fixture.request()))
                .isEqualTo(new Rejected(
                        "InvalidSignatureException",
                        "Signature expired: " + amz(fixture.now()) + " is now earlier than "
                                + amz(expired.minus(lifetime)) + " (" + amz(expired) + " - " + window + ")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presigned")
    void rejectsAPresignedUrlUsedBeforeItsDateBeyondTheSkew(BotocoreFixture fixture) {
        assertThat(fixture.verifierAt(fixture.now().minus(BotocoreFixture.FIFTEEN_MINUTES))
                        .verify(fixture.request()))
                .isEqualTo(fixture.expectedVerified());
        Instant early = fixture.now().minus(BotocoreFixture.FIFTEEN_MINUTES).minusSeconds(1);
        assertThat(fixture.verifierAt(early).verify(fixture.request()))
                .isInstanceOf(Rejected.class)
                .extracting(result -> ((Rejected) result).message())
                .asString()
                .startsWith("Signature not yet current: ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presigned")
    void rejectsAPresignedUrlWithoutItsSignature(BotocoreFixture fixture) {
        String withoutSignature = fixture.request().rawQuery().replaceAll("&X-Amz-Signature=[0-9a-f]+", "");
        assertThat(withoutSignature).isNotEqualTo(fixture.request().rawQuery());
        assertThat(fixture.verifier().verify(Requests.withQuery(fixture.request(), withoutSignature)))
                .isEqualTo(new Rejected(
                        "IncompleteSignatureException",
                        "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string"
                                + " parameters."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presigned")
    void rejectsAPresignedUrlWithAChangedLifetime(BotocoreFixture fixture) {
        // X-Amz-Expires is signed: a URL's lifetime cannot be changed.
        String changed = fixture.request()
                .rawQuery()
                .replace(
                        "X-Amz-Expires=" + fixture.expiresSeconds(), "X-Amz-Expires=" + (fixture.expiresSeconds() - 1));
        assertThat(changed).isNotEqualTo(fixture.request().rawQuery());
        assertThat(fixture.verifier().verify(Requests.withQuery(fixture.request(), changed)))
                .isEqualTo(MISMATCH);
    }

    private static String amz(Instant instant) {
        return AMZ_DATE.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
