package io.turnpike.aws.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The signer against botocore's signatures and against Turnpike's own verifier. */
class SigV4SignerTest {

    private static final AwsCredentials KEYS =
            new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    static Stream<BotocoreFixture> botocoreHeaderSigned() {
        return BotocoreFixture.all().stream().filter(f -> !f.presigned()).filter(f -> f.request().headers().stream()
                .anyMatch(h -> h.getKey().equalsIgnoreCase("X-Amz-Date")));
    }

    /** Re-signs what botocore signed, with the headers it chose to sign, and expects its Authorization. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("botocoreHeaderSigned")
    void producesBotocoresSignature(BotocoreFixture f) {
        String authorization = f.header("Authorization");
        Set<String> signedNames = Set.of(authorization
                .substring(authorization.indexOf("SignedHeaders=") + 14, authorization.indexOf(", Signature="))
                .split(";"));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String token = null;
        for (Map.Entry<String, String> h : f.request().headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (signedNames.contains(name) && !name.equals("x-amz-date")) {
                headers.add(h);
            }
            if (name.equals("x-amz-security-token")) {
                token = h.getValue();
            }
        }
        Instant signedAt = LocalDateTime.parse(
                        f.header("X-Amz-Date"), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                .toInstant(ZoneOffset.UTC);
        List<Map.Entry<String, String>> added = SigV4Signer.sign(
                f.request().method(),
                f.request().rawPath(),
                f.request().rawQuery(),
                headers,
                f.request().body(),
                new AwsCredentials(f.accessKeyId(), f.secretKey(), token),
                f.region(),
                f.service(),
                signedAt);
        assertThat(value(added, "Authorization")).isEqualTo(authorization);
        assertThat(value(added, "X-Amz-Date")).isEqualTo(f.header("X-Amz-Date"));
    }

    @Test
    void turnpikesVerifierAcceptsWhatItSigns() {
        for (String[] c : new String[][] {
            {
                "POST",
                "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Afn/invocations",
                "Qualifier=live"
            },
            {"GET", "/things/hello%20world/", "b=2&a=1&a=0&e=x%2By"},
            {"PUT", "/", ""},
        }) {
            byte[] body = "{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8);
            List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(
                    Map.entry("Host", "lambda.us-east-1.amazonaws.com"),
                    Map.entry("Content-Type", "application/json"),
                    Map.entry("X-Amz-Invocation-Type", "RequestResponse"),
                    Map.entry("User-Agent", "turnpike")));
            headers.addAll(SigV4Signer.sign(c[0], c[1], c[2], headers, body, KEYS, "us-east-1", "lambda", NOW));
            VerificationResult r = verifier("lambda").verify(new SignedRequest(c[0], c[1], c[2], headers, body));
            assertThat(r)
                    .as(Arrays.toString(c))
                    .isEqualTo(new VerificationResult.Verified("AKIDEXAMPLE", "us-east-1", "lambda"));

            // a changed body no longer verifies
            VerificationResult changed = verifier("lambda")
                    .verify(new SignedRequest(c[0], c[1], c[2], headers, "{}".getBytes(StandardCharsets.UTF_8)));
            assertThat(changed).isInstanceOf(VerificationResult.Rejected.class);
        }
    }

    @Test
    void temporaryCredentialsSendTheirTokenAndS3GetsThePayloadHash() {
        AwsCredentials temporary = new AwsCredentials("ASIAEXAMPLE", "secret", "token-123");
        byte[] body = {1, 2, 3};
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(Map.entry("Host", "127.0.0.1:9000")));
        List<Map.Entry<String, String>> added =
                SigV4Signer.sign("PUT", "/bucket/a%20b.bin", "", headers, body, temporary, "us-east-1", "s3", NOW);
        assertThat(value(added, "X-Amz-Security-Token")).isEqualTo("token-123");
        assertThat(value(added, "x-amz-content-sha256")).isEqualTo(Hashes.sha256Hex(body));
        assertThat(value(added, "Authorization"))
                .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,");
    }

    @Test
    void refusesARequestWithoutHost() {
        assertThatThrownBy(() -> SigV4Signer.sign("GET", "/", "", List.of(), new byte[0], KEYS, "us-east-1", "s3", NOW))
                .hasMessageContaining("no Host");
    }

    @Test
    void credentialsComeFromTheEnvironmentThenTheProfileFile(@TempDir Path home) throws Exception {
        assertThat(DefaultCredentials.resolve(
                        Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "s", "AWS_SESSION_TOKEN", "t"),
                        home))
                .contains(new AwsCredentials("AKID", "s", "t"));
        assertThat(DefaultCredentials.resolve(Map.of(), home)).isEmpty();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[default]\naws_access_key_id = D\naws_secret_access_key = ds\n\n[other]\n"
                        + "aws_access_key_id=O\naws_secret_access_key=os\naws_session_token=ot\n");
        assertThat(DefaultCredentials.resolve(Map.of(), home)).contains(new AwsCredentials("D", "ds", null));
        assertThat(DefaultCredentials.resolve(Map.of("AWS_PROFILE", "other"), home))
                .contains(new AwsCredentials("O", "os", "ot"));
        assertThat(DefaultCredentials.resolve(Map.of("AWS_PROFILE", "missing"), home))
                .isEmpty();
        assertThat(new AwsCredentials("D", "ds", null).toString()).doesNotContain("ds");
    }

    private static SigV4Verifier verifier(String service) {
        return new SigV4Verifier(
                id -> id.equals("AKIDEXAMPLE") ? Optional.of(KEYS.secretAccessKey()) : Optional.empty(),
                Clock.fixed(NOW, ZoneOffset.UTC),
                "us-east-1",
                Set.of(service),
                Duration.ofMinutes(15));
    }

    private static String value(List<Map.Entry<String, String>> headers, String name) {
        return headers.stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }
}
