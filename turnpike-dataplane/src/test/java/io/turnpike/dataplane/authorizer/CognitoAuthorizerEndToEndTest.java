package io.turnpike.dataplane.authorizer;

import static io.turnpike.dataplane.authorizer.AuthFixture.json;
import static io.turnpike.dataplane.authorizer.AuthFixture.method;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.turnpike.model.rest.Authorizer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cognito user pool authorizers against a real JWKS endpoint on loopback (standing in for Cognito via
 * the issuer base), with real RSA keys that rotate and tokens signed by nimbus.
 */
class CognitoAuthorizerEndToEndTest {

    static final String POOL = "us-east-1_TestPool1";
    static final String POOL_ARN = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/" + POOL;

    private HttpServer idp;
    private String base;
    private String issuer;
    /** The keys the JWKS endpoint serves now (public parts). */
    private final List<RSAKey> published = new CopyOnWriteArrayList<>();

    private final AtomicInteger fetches = new AtomicInteger();
    private volatile int jwksStatus = 200;
    private RSAKey k1;
    private AuthFixture f;

    @BeforeEach
    void start() throws Exception {
        idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        idp.createContext("/" + POOL + "/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = new JWKSet(List.copyOf(published.stream()
                            .map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK())
                            .toList()))
                    .toString()
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(jwksStatus, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        idp.start();
        base = "http://127.0.0.1:" + idp.getAddress().getPort();
        issuer = base + "/" + POOL;
        k1 = new RSAKeyGenerator(2048).keyID("k1").generate();
        published.add(k1);
        f = new AuthFixture(new AuthorizerSettings(base, null, null, Duration.ofSeconds(2), Duration.ofSeconds(10)));
    }

    @AfterEach
    void stop() {
        f.close();
        idp.stop(0);
    }

    private static Authorizer pool(String validation) {
        return new Authorizer(
                "cog001",
                "pool",
                "COGNITO_USER_POOLS",
                List.of(POOL_ARN),
                null,
                null,
                null,
                "method.request.header.Authorization",
                validation,
                300);
    }

    private void deploy(List<String> scopes, String policy) throws Exception {
        f.deploy(policy, List.of(pool(null)), null, method("COGNITO_USER_POOLS", "cog001", scopes));
    }

    private JWTClaimsSet.Builder idClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("sub-1")
                .audience("client-abc")
                .claim("token_use", "id")
                .claim("email", "ann@example.com")
                .claim("cognito:groups", List.of("admins", "users"))
                .issueTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plusSeconds(3600)));
    }

    private JWTClaimsSet.Builder accessClaims(String scope) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("sub-1")
                .claim("token_use", "access")
                .claim("client_id", "client-abc")
                .claim("scope", scope)
                .expirationTime(Date.from(now.plusSeconds(3600)));
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private String idToken(Consumer<JWTClaimsSet.Builder> change) throws Exception {
        JWTClaimsSet.Builder b = idClaims();
        change.accept(b);
        return sign(k1, b.build());
    }

    private static void assertUnauthorized(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("UnauthorizedException");
    }

    @Test
    void validIdTokenPassesAndItsClaimsReachContext() throws Exception {
        deploy(null, null);
        HttpResponse<String> r = f.get("/pets/1", "Authorization", idToken(b -> {}));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("email").asText()).isEqualTo("ann@example.com");
        assertThat(json(r).path("exp").asText())
                .matches("[A-Z][a-z]{2} [A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2} UTC \\d{4}");
        assertThat(json(r).path("principal").asText()).isEmpty();
        assertThat(fetches.get()).isEqualTo(1);
        // keys are kept: a second token does not fetch again
        assertThat(f.get("/pets/1", "Authorization", idToken(b -> {})).statusCode())
                .isEqualTo(200);
        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void missingTokenIsUnauthorized() throws Exception {
        deploy(null, null);
        assertUnauthorized(f.get("/pets/1"));
    }

    @Test
    void unsignedTokenIsUnauthorized() throws Exception {
        deploy(null, null);
        String header = Base64URL.encode("{\"alg\":\"none\"}").toString();
        String payload = idClaims().build().toPayload().toBase64URL().toString();
        assertUnauthorized(f.get("/pets/1", "Authorization", header + "." + payload + "."));
    }

    @Test
    void hmacTokenKeyedWithThePublicKeyIsUnauthorized() throws Exception {
        deploy(null, null);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                idClaims().build());
        jwt.sign(new MACSigner(k1.toRSAPublicKey().getEncoded()));
        assertUnauthorized(f.get("/pets/1", "Authorization", jwt.serialize()));
    }

    @Test
    void expiredAndNotYetValidTokensAreUnauthorized() throws Exception {
        deploy(null, null);
        assertUnauthorized(f.get(
                "/pets/1",
                "Authorization",
                idToken(b -> b.expirationTime(Date.from(Instant.now().minusSeconds(5))))));
        assertUnauthorized(f.get(
                "/pets/1",
                "Authorization",
                idToken(b -> b.notBeforeTime(Date.from(Instant.now().plusSeconds(600))))));
    }

    @Test
    void foreignIssuerAndWrongSignatureAreUnauthorized() throws Exception {
        deploy(null, null);
        assertUnauthorized(f.get("/pets/1", "Authorization", idToken(b -> b.issuer(base + "/us-east-1_Other"))));
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("k1").generate();
        assertUnauthorized(
                f.get("/pets/1", "Authorization", sign(impostor, idClaims().build())));
    }

    @Test
    void accessTokenOnAMethodWithoutScopesIsUnauthorized() throws Exception {
        deploy(null, null);
        assertUnauthorized(f.get(
                "/pets/1", "Authorization", sign(k1, accessClaims("pets/read").build())));
    }

    @Test
    void scopedMethodTakesAccessTokensWithOneOfItsScopes() throws Exception {
        deploy(List.of("pets/read", "pets/write"), null);
        assertThat(f.get(
                                "/pets/1",
                                "Authorization",
                                sign(k1, accessClaims("openid pets/read").build()))
                        .statusCode())
                .isEqualTo(200);
        assertUnauthorized(f.get(
                "/pets/1",
                "Authorization",
                sign(k1, accessClaims("openid profile").build())));
        assertUnauthorized(f.get("/pets/1", "Authorization", idToken(b -> {})));
    }

    @Test
    void identityValidationExpressionAppliesToTheAudience() throws Exception {
        f.deploy(null, List.of(pool("client-a.*")), null, method("COGNITO_USER_POOLS", "cog001", null));
        assertThat(f.get("/pets/1", "Authorization", idToken(b -> {})).statusCode())
                .isEqualTo(200);
        assertUnauthorized(f.get("/pets/1", "Authorization", idToken(b -> b.audience("other-client"))));
    }

    @Test
    void rotatedKeyIsFetchedOnceItsIdAppearsButNotMoreOftenThanAllowed() throws Exception {
        deploy(null, null);
        assertThat(f.get("/pets/1", "Authorization", idToken(b -> {})).statusCode())
                .isEqualTo(200);
        assertThat(fetches.get()).isEqualTo(1);

        RSAKey k2 = new RSAKeyGenerator(2048).keyID("k2").generate();
        // k2 is not published yet, and the last fetch was just now: no refetch, unauthorized
        assertUnauthorized(f.get("/pets/1", "Authorization", sign(k2, idClaims().build())));
        assertThat(fetches.get()).isEqualTo(1);

        published.add(k2);
        f.advance(Duration.ofSeconds(11));
        assertThat(f.get("/pets/1", "Authorization", sign(k2, idClaims().build()))
                        .statusCode())
                .isEqualTo(200);
        assertThat(fetches.get()).isEqualTo(2);

        // an unknown kid right after the refetch does not fetch again
        RSAKey k3 = new RSAKeyGenerator(2048).keyID("k3").generate();
        assertUnauthorized(f.get("/pets/1", "Authorization", sign(k3, idClaims().build())));
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void unreachableKeysAnswer500AuthorizerFailure() throws Exception {
        jwksStatus = 503;
        deploy(null, null);
        HttpResponse<String> r = f.get("/pets/1", "Authorization", idToken(b -> {}));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"message\":null}");
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("AuthorizerFailureException");
        // the failed fetch is retried by the next request
        jwksStatus = 200;
        assertThat(f.get("/pets/1", "Authorization", idToken(b -> {})).statusCode())
                .isEqualTo(200);
    }

    @Test
    void resourcePolicyMustAllowCognitoCallers() throws Exception {
        String otherIpOnly = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"execute-api:Invoke\",\"Resource\":\"execute-api:/*\","
                + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}]}";
        deploy(null, otherIpOnly);
        HttpResponse<String> r = f.get("/pets/1", "Authorization", idToken(b -> {}));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body())
                .isEqualTo(
                        "{\"Message\":\"User: anonymous is not authorized to perform: execute-api:Invoke on resource: "
                                + AuthFixture.ARN + "/prod/GET/pets/1\"}");
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
    }
}
