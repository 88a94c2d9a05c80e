package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.AuthorizerType;

/**
 * The real jar with {@code --cognito-issuer-base} pointing at an identity provider on loopback and
 * {@code --vpce-header}: a Cognito-protected method behind a resource policy, and TestInvokeAuthorizer
 * running on the data plane.
 */
class AuthorizerIT {

    static final String POOL = "us-east-1_ItPool01";

    @TempDir
    static Path dataDir;

    static HttpServer idp;
    static RSAKey key;
    static String issuer;
    static TurnpikeProcess turnpike;
    static ApiGatewayClient api;
    static String apiId;
    static String poolAuthorizer;
    static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("it-key").generate();
        idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        idp.createContext("/" + POOL + "/.well-known/jwks.json", ex -> {
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        idp.start();
        String base = "http://127.0.0.1:" + idp.getAddress().getPort();
        issuer = base + "/" + POOL;
        turnpike = TurnpikeProcess.start(
                dataDir, Map.of(), List.of("--cognito-issuer-base", base, "--vpce-header", "x-vpce-id"));
        api = turnpike.client();

        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"execute-api:Invoke\",\"Resource\":\"execute-api:/*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:SourceVpce\":\"vpce-0abc\"}}}]}";
        apiId = api.createRestApi(r -> r.name("auth-it").policy(policy)).id();
        String root = api.getResources(r -> r.restApiId(apiId)).items().get(0).id();
        poolAuthorizer = api.createAuthorizer(r -> r.restApiId(apiId)
                        .name("pool")
                        .type(AuthorizerType.COGNITO_USER_POOLS)
                        .providerARNs("arn:aws:cognito-idp:us-east-1:000000000000:userpool/" + POOL)
                        .identitySource("method.request.header.Authorization"))
                .id();
        api.putMethod(r -> r.restApiId(apiId)
                .resourceId(root)
                .httpMethod("GET")
                .authorizationType("COGNITO_USER_POOLS")
                .authorizerId(poolAuthorizer));
        api.putIntegration(r -> r.restApiId(apiId)
                .resourceId(root)
                .httpMethod("GET")
                .type("MOCK")
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        api.putMethodResponse(
                r -> r.restApiId(apiId).resourceId(root).httpMethod("GET").statusCode("200"));
        api.putIntegrationResponse(r -> r.restApiId(apiId)
                .resourceId(root)
                .httpMethod("GET")
                .statusCode("200")
                .responseTemplates(Map.of("application/json", "{\"email\":\"$context.authorizer.claims.email\"}")));
        api.createDeployment(r -> r.restApiId(apiId).stageName("prod"));
        // the data plane compiles the deployment after the commit: wait until the stage answers (401: no token)
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> invoke().statusCode() == 401);
    }

    @AfterAll
    static void stop() throws Exception {
        if (turnpike != null) {
            turnpike.close();
        }
        idp.stop(0);
    }

    static String idToken() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("sub-it")
                .audience("client-it")
                .claim("token_use", "id")
                .claim("email", "it@example.com")
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("it-key").build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static HttpResponse<String> invoke(String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create(turnpike.dataEndpoint() + "/restapis/" + apiId + "/prod/_user_request_/"));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void cognitoTokenFromTheAllowedEndpointPasses() throws Exception {
        HttpResponse<String> r = invoke("Authorization", idToken(), "x-vpce-id", "vpce-0abc");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"email\":\"it@example.com\"}");
    }

    @Test
    void badTokenIsUnauthorized() throws Exception {
        HttpResponse<String> r = invoke("Authorization", "not-a-jwt", "x-vpce-id", "vpce-0abc");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("UnauthorizedException");
    }

    @Test
    void resourcePolicyRejectsOtherEndpoints() throws Exception {
        HttpResponse<String> r = invoke("Authorization", idToken(), "x-vpce-id", "vpce-other");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body())
                .isEqualTo(
                        "{\"Message\":\"User: anonymous is not authorized to perform: execute-api:Invoke on resource:"
                                + " arn:aws:execute-api:us-east-1:000000000000:" + apiId + "/prod/GET/\"}");
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
    }

    @Test
    void testInvokeAuthorizerVerifiesTheTokenOnTheDataPlane() throws Exception {
        String token = idToken();
        var ok = api.testInvokeAuthorizer(
                r -> r.restApiId(apiId).authorizerId(poolAuthorizer).headers(Map.of("Authorization", token)));
        assertThat(ok.clientStatus()).isEqualTo(200);
        assertThat(ok.claims()).containsEntry("email", "it@example.com").containsEntry("sub", "sub-it");
        assertThat(ok.log()).contains("Starting authorizer: " + poolAuthorizer);

        var missing = api.testInvokeAuthorizer(r -> r.restApiId(apiId).authorizerId(poolAuthorizer));
        assertThat(missing.clientStatus()).isEqualTo(401);
        assertThat(missing.claims()).isEmpty();
    }

    @Test
    void testInvokeOfALambdaAuthorizerWithoutItsFunctionIs500() {
        String tok = api.createAuthorizer(r -> r.restApiId(apiId)
                        .name("tok")
                        .type(AuthorizerType.TOKEN)
                        .authorizerUri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                + "arn:aws:lambda:us-east-1:000000000000:function:nowhere/invocations")
                        .identitySource("method.request.header.Authorization"))
                .id();
        var r = api.testInvokeAuthorizer(
                t -> t.restApiId(apiId).authorizerId(tok).headers(Map.of("Authorization", "x")));
        assertThat(r.clientStatus()).isEqualTo(500);
        var noToken = api.testInvokeAuthorizer(t -> t.restApiId(apiId).authorizerId(tok));
        assertThat(noToken.clientStatus()).isEqualTo(401);
    }
}
