package io.turnpike.aws.sigv4;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One request signed by botocore and captured off the wire by {@code
 * src/test/resources/sigv4/generate_fixtures.py}, with the time it was signed at.
 */
record BotocoreFixture(
        String name,
        String signer,
        String accessKeyId,
        String secretKey,
        String region,
        String service,
        Instant now,
        long expiresSeconds,
        SignedRequest request) {

    static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);

    static List<BotocoreFixture> all() {
        try (InputStream in = BotocoreFixture.class.getResourceAsStream("/sigv4/botocore-fixtures.json")) {
            if (in == null) {
                throw new IllegalStateException("sigv4/botocore-fixtures.json is not on the test classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<BotocoreFixture> fixtures = new ArrayList<>();
            for (JsonNode node : root.get("fixtures")) {
                List<Map.Entry<String, String>> headers = new ArrayList<>();
                for (JsonNode header : node.get("headers")) {
                    headers.add(Map.entry(header.get(0).asText(), header.get(1).asText()));
                }
                fixtures.add(new BotocoreFixture(
                        node.get("name").asText(),
                        node.get("signer").asText(),
                        node.get("accessKeyId").asText(),
                        node.get("secretKey").asText(),
                        node.get("region").asText(),
                        node.get("service").asText(),
                        Instant.parse(node.get("now").asText()),
                        node.has("expiresSeconds") ? node.get("expiresSeconds").asLong() : -1,
                        new SignedRequest(
                                node.get("method").asText(),
                                node.get("rawPath").asText(),
                                node.get("rawQuery").asText(),
                                headers,
                                Base64.getDecoder()
                                        .decode(node.get("bodyBase64").asText()))));
            }
            return fixtures;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BotocoreFixture named(String name) {
        return all().stream()
                .filter(fixture -> fixture.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fixture named " + name));
    }

    boolean presigned() {
        return expiresSeconds >= 0;
    }

    /** A verifier that knows this fixture's key, for its region and service, with AWS's 15 minutes. */
    SigV4Verifier verifier() {
        return verifierAt(now);
    }

    SigV4Verifier verifierAt(Instant clockTime) {
        return verifier(Clock.fixed(clockTime, ZoneOffset.UTC), secretKey);
    }

    SigV4Verifier verifier(Clock clock, String secret) {
        CredentialLookup lookup = id -> id.equals(accessKeyId) ? Optional.of(secret) : Optional.empty();
        return new SigV4Verifier(lookup, clock, region, Set.of(service), FIFTEEN_MINUTES);
    }

    VerificationResult.Verified expectedVerified() {
        return new VerificationResult.Verified(accessKeyId, region, service);
    }

    BotocoreFixture with(UnaryOperator<SignedRequest> change) {
        return new BotocoreFixture(
                name, signer, accessKeyId, secretKey, region, service, now, expiresSeconds, change.apply(request));
    }

    String header(String headerName) {
        return request.headers().stream()
                .filter(header -> header.getKey().equalsIgnoreCase(headerName))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no " + headerName + " header"));
    }

    @Override
    public String toString() {
        return name;
    }
}
