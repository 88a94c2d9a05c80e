package io.turnpike.controlplane.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.turnpike.controlplane.AdminFixture;
import io.turnpike.controlplane.TestAuth;
import io.turnpike.model.rest.AuthorizerCacheFlush;
import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.store.Kinds;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;
import software.amazon.awssdk.services.apigateway.model.Authorizer;
import software.amazon.awssdk.services.apigateway.model.AuthorizerType;
import software.amazon.awssdk.services.apigateway.model.CreateAuthorizerRequest;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.TestInvokeAuthorizerResponse;

/** The Authorizers family through the AWS SDK for Java v2: every operation and error path. */
class AuthorizerOperationsTest {

    static final String FN_URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
            + "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations";
    static final String POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCd1234";
    static final String REQUIRED = "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or"
            + " COGNITO_USER_POOLS requires a valid authorizer.";

    static AdminFixture admin;
    static ApiGatewayClient client;
    static final AtomicReference<AuthorizerTester.Test> lastTest = new AtomicReference<>();

    @BeforeAll
    static void start() {
        admin = new AdminFixture(TestAuth.sigv4(), AdminFixture.NO_DATA_PLANE, test -> {
            lastTest.set(test);
            return new AuthorizerTester.Result(
                    200,
                    "Starting authorizer\n",
                    7,
                    "user-1",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
                    Map.of("role", List.of("admin")),
                    null);
        });
        client = admin.client();
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    static String newApi() {
        return client.createRestApi(r -> r.name("authorizers")).id();
    }

    static String root(String api) {
        return client.getResources(r -> r.restApiId(api)).items().get(0).id();
    }

    static void fails(ThrowingCallable call, int status, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiGatewayException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    static void badRequest(ThrowingCallable call, String message) {
        fails(call, 400, "BadRequestException", message);
    }

    private static String token(String api) {
        return client.createAuthorizer(r -> r.restApiId(api)
                        .name("tok")
                        .type(AuthorizerType.TOKEN)
                        .authorizerUri(FN_URI)
                        .identitySource("method.request.header.Authorization"))
                .id();
    }

    @Test
    void createsTokenAuthorizerWithAwsDefaultsAndReadsItBack() {
        String api = newApi();
        var created = client.createAuthorizer(r -> r.restApiId(api)
                .name("tok")
                .type(AuthorizerType.TOKEN)
                .authType("custom")
                .authorizerUri(FN_URI)
                .identitySource("method.request.header.Authorization")
                .identityValidationExpression("^Bearer .+$"));
        assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(created.id()).matches("[a-z0-9]{6}");
        assertThat(created.authorizerResultTtlInSeconds()).isEqualTo(300);
        assertThat(created.authType()).isEqualTo("custom");
        assertThat(created.providerARNs()).isEmpty();

        var got = client.getAuthorizer(r -> r.restApiId(api).authorizerId(created.id()));
        assertThat(got.name()).isEqualTo("tok");
        assertThat(got.type()).isEqualTo(AuthorizerType.TOKEN);
        assertThat(got.authorizerUri()).isEqualTo(FN_URI);
        assertThat(got.identitySource()).isEqualTo("method.request.header.Authorization");
        assertThat(got.identityValidationExpression()).isEqualTo("^Bearer .+$");

        String second = client.createAuthorizer(r -> r.restApiId(api)
                        .name("req")
                        .type(AuthorizerType.REQUEST)
                        .authorizerUri(FN_URI)
                        .identitySource("method.request.header.A, method.request.querystring.b, stageVariables.c,"
                                + " context.identity.sourceIp")
                        .authorizerResultTtlInSeconds(0))
                .id();
        assertThat(client.getAuthorizers(r -> r.restApiId(api)).items())
                .extracting(Authorizer::id)
                .containsExactlyInAnyOrder(created.id(), second);
        assertThat(client.getAuthorizers(r -> r.restApiId(api).limit(1)).items())
                .hasSize(1);
    }

    @Test
    void createsCognitoAuthorizer() {
        String api = newApi();
        var created = client.createAuthorizer(r -> r.restApiId(api)
                .name("pool")
                .type(AuthorizerType.COGNITO_USER_POOLS)
                .providerARNs(POOL)
                .identitySource("method.request.header.Authorization"));
        assertThat(created.providerARNs()).containsExactly(POOL);
        assertThat(created.authorizerResultTtlInSeconds()).isEqualTo(300);
    }

    @Test
    void requestAuthorizerWithoutIdentitySourceOnlyWithoutCaching() {
        String api = newApi();
        var noCache = client.createAuthorizer(r -> r.restApiId(api)
                .name("req")
                .type(AuthorizerType.REQUEST)
                .authorizerUri(FN_URI)
                .authorizerResultTtlInSeconds(0));
        assertThat(noCache.identitySource()).isNull();
        badRequest(
                () -> client.createAuthorizer(r -> r.restApiId(api)
                        .name("req")
                        .type(AuthorizerType.REQUEST)
                        .authorizerUri(FN_URI)),
                "Identity source is required for a REQUEST authorizer while caching is enabled");
    }

    @Test
    void rejectsInvalidDefinitions() {
        String api = newApi();
        java.util.function.Function<java.util.function.Consumer<CreateAuthorizerRequest.Builder>, ThrowingCallable>
                create = change -> () -> client.createAuthorizer(r -> {
            r.restApiId(api)
                    .name("tok")
                    .type(AuthorizerType.TOKEN)
                    .authorizerUri(FN_URI)
                    .identitySource("method.request.header.Authorization");
            change.accept(r);
        });
        badRequest(
                create.apply(r -> r.authorizerResultTtlInSeconds(3601)),
                "Invalid authorizer TTL specified: 3601. Must be between 0 and 3600 seconds");
        badRequest(
                create.apply(r -> r.authorizerResultTtlInSeconds(-1)),
                "Invalid authorizer TTL specified: -1. Must be between 0 and 3600 seconds");
        badRequest(create.apply(r -> r.authorizerUri(null)), "Authorizer URI is required for authorizer type TOKEN");
        badRequest(
                create.apply(r -> r.authorizerUri("http://example.com/auth")),
                "Invalid authorizer URI specified: http://example.com/auth (expected:"
                        + " arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations)");
        badRequest(
                create.apply(r -> r.identitySource("method.request.querystring.token")),
                "Invalid identity source specified: method.request.querystring.token (expected:"
                        + " method.request.header.{name})");
        badRequest(
                create.apply(r -> r.identityValidationExpression("([")),
                "Invalid identity validation expression specified: ([");
        badRequest(create.apply(r -> r.name(" ")), "Authorizer name must be non-empty");
        badRequest(
                () -> client.createAuthorizer(r -> r.restApiId(api)
                        .name("pool")
                        .type(AuthorizerType.COGNITO_USER_POOLS)
                        .identitySource("method.request.header.Authorization")),
                "Provider ARNs are required for authorizer type COGNITO_USER_POOLS");
        badRequest(
                () -> client.createAuthorizer(r -> r.restApiId(api)
                        .name("pool")
                        .type(AuthorizerType.COGNITO_USER_POOLS)
                        .providerARNs("arn:aws:iam::123456789012:role/x")
                        .identitySource("method.request.header.Authorization")),
                "Invalid provider ARN specified: arn:aws:iam::123456789012:role/x (expected:"
                        + " arn:aws:cognito-idp:{region}:{account}:userpool/{poolId})");
        badRequest(
                () -> client.createAuthorizer(r -> r.restApiId(api)
                        .name("req")
                        .type(AuthorizerType.REQUEST)
                        .authorizerUri(FN_URI)
                        .identitySource("method.request.path.id")),
                "Invalid identity source specified: method.request.path.id");
        fails(
                () -> client.createAuthorizer(r -> r.restApiId("nosuch")
                        .name("tok")
                        .type(AuthorizerType.TOKEN)
                        .authorizerUri(FN_URI)
                        .identitySource("method.request.header.Authorization")),
                404,
                "NotFoundException",
                "Invalid API identifier specified 123456789012:nosuch");
        assertThat(client.getAuthorizers(r -> r.restApiId(api)).items()).isEmpty();
    }

    @Test
    void unknownAuthorizerIs404() {
        String api = newApi();
        fails(
                () -> client.getAuthorizer(r -> r.restApiId(api).authorizerId("nosuch")),
                404,
                "NotFoundException",
                "Invalid Authorizer identifier specified");
        fails(
                () -> client.deleteAuthorizer(r -> r.restApiId(api).authorizerId("nosuch")),
                404,
                "NotFoundException",
                "Invalid Authorizer identifier specified");
        fails(
                () -> client.testInvokeAuthorizer(r -> r.restApiId(api).authorizerId("nosuch")),
                404,
                "NotFoundException",
                "Invalid Authorizer identifier specified");
        fails(
                () -> client.getAuthorizers(r -> r.restApiId("nosuch")),
                404,
                "NotFoundException",
                "Invalid API identifier specified 123456789012:nosuch");
    }

    @Test
    void updatesWithPatchOperationsAndChecksTheResult() {
        String api = newApi();
        String id = client.createAuthorizer(r -> r.restApiId(api)
                        .name("pool")
                        .type(AuthorizerType.COGNITO_USER_POOLS)
                        .providerARNs(POOL)
                        .identitySource("method.request.header.Authorization"))
                .id();
        String second = POOL.replace("AbCd1234", "Other999");
        var updated = client.updateAuthorizer(r -> r.restApiId(api)
                .authorizerId(id)
                .patchOperations(
                        p -> p.op(Op.REPLACE).path("/name").value("renamed"),
                        p -> p.op(Op.REPLACE)
                                .path("/authorizerResultTtlInSeconds")
                                .value("60"),
                        p -> p.op(Op.ADD).path("/providerARNs/" + second.replace("/", "~1")),
                        p -> p.op(Op.REPLACE).path("/identitySource").value("method.request.header.X-Token")));
        assertThat(updated.name()).isEqualTo("renamed");
        assertThat(updated.authorizerResultTtlInSeconds()).isEqualTo(60);
        assertThat(updated.providerARNs()).containsExactly(POOL, second);
        assertThat(updated.identitySource()).isEqualTo("method.request.header.X-Token");

        var removed =
                client.updateAuthorizer(r -> r.restApiId(api).authorizerId(id).patchOperations(p -> p.op(Op.REMOVE)
                        .path("/providerARNs/" + POOL.replace("/", "~1"))));
        assertThat(removed.providerARNs()).containsExactly(second);

        badRequest(
                () -> client.updateAuthorizer(
                        r -> r.restApiId(api).authorizerId(id).patchOperations(p -> p.op(Op.REPLACE)
                                .path("/authorizerResultTtlInSeconds")
                                .value("7200"))),
                "Invalid authorizer TTL specified: 7200. Must be between 0 and 3600 seconds");
        badRequest(
                () -> client.updateAuthorizer(
                        r -> r.restApiId(api).authorizerId(id).patchOperations(p -> p.op(Op.REMOVE)
                                .path("/providerARNs/" + second.replace("/", "~1")))),
                "Provider ARNs are required for authorizer type COGNITO_USER_POOLS");
        assertThatThrownBy(() -> client.updateAuthorizer(r -> r.restApiId(api)
                        .authorizerId(id)
                        .patchOperations(p -> p.op(Op.REPLACE).path("/nosuch").value("x"))))
                .isInstanceOfSatisfying(ApiGatewayException.class, e -> assertThat(e.statusCode())
                        .isEqualTo(400));
        // nothing of the rejected updates stuck
        assertThat(client.getAuthorizer(r -> r.restApiId(api).authorizerId(id)).authorizerResultTtlInSeconds())
                .isEqualTo(60);
    }

    @Test
    void methodsMustNameAnAuthorizerOfTheRightKind() {
        String api = newApi();
        String root = root(api);
        String tok = token(api);
        String pool = client.createAuthorizer(r -> r.restApiId(api)
                        .name("pool")
                        .type(AuthorizerType.COGNITO_USER_POOLS)
                        .providerARNs(POOL)
                        .identitySource("method.request.header.Authorization"))
                .id();
        badRequest(
                () -> client.putMethod(r -> r.restApiId(api)
                        .resourceId(root)
                        .httpMethod("GET")
                        .authorizationType("CUSTOM")
                        .authorizerId("nosuch")),
                REQUIRED);
        badRequest(
                () -> client.putMethod(r -> r.restApiId(api)
                        .resourceId(root)
                        .httpMethod("GET")
                        .authorizationType("CUSTOM")
                        .authorizerId(pool)),
                "Authorizer " + pool
                        + " is of type COGNITO_USER_POOLS and cannot be used with authorization type CUSTOM");
        badRequest(
                () -> client.putMethod(r -> r.restApiId(api)
                        .resourceId(root)
                        .httpMethod("GET")
                        .authorizationType("COGNITO_USER_POOLS")
                        .authorizerId(tok)),
                "Authorizer " + tok
                        + " is of type TOKEN and cannot be used with authorization type COGNITO_USER_POOLS");
        var m = client.putMethod(r -> r.restApiId(api)
                .resourceId(root)
                .httpMethod("GET")
                .authorizationType("CUSTOM")
                .authorizerId(tok));
        assertThat(m.authorizerId()).isEqualTo(tok);
        badRequest(
                () -> client.updateMethod(
                        r -> r.restApiId(api).resourceId(root).httpMethod("GET").patchOperations(p -> p.op(Op.REPLACE)
                                .path("/authorizerId")
                                .value("nosuch"))),
                REQUIRED);
        var cognito = client.updateMethod(r -> r.restApiId(api)
                .resourceId(root)
                .httpMethod("GET")
                .patchOperations(
                        p -> p.op(Op.REPLACE).path("/authorizationType").value("COGNITO_USER_POOLS"),
                        p -> p.op(Op.REPLACE).path("/authorizerId").value(pool)));
        assertThat(cognito.authorizerId()).isEqualTo(pool);
    }

    @Test
    void authorizerInUseCannotBeDeletedNorChangeKind() {
        String api = newApi();
        String root = root(api);
        String tok = token(api);
        client.putMethod(r -> r.restApiId(api)
                .resourceId(root)
                .httpMethod("GET")
                .authorizationType("CUSTOM")
                .authorizerId(tok));
        fails(
                () -> client.deleteAuthorizer(r -> r.restApiId(api).authorizerId(tok)),
                409,
                "ConflictException",
                "Cannot delete authorizer 'tok', is referenced in method: GET//");
        badRequest(
                () -> client.updateAuthorizer(r -> r.restApiId(api)
                        .authorizerId(tok)
                        .patchOperations(
                                p -> p.op(Op.REPLACE).path("/type").value("COGNITO_USER_POOLS"),
                                p -> p.op(Op.ADD).path("/providerARNs/" + POOL.replace("/", "~1")))),
                "Authorizer type COGNITO_USER_POOLS does not fit authorization type CUSTOM of method GET//");
        client.deleteMethod(r -> r.restApiId(api).resourceId(root).httpMethod("GET"));
        var deleted = client.deleteAuthorizer(r -> r.restApiId(api).authorizerId(tok));
        assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(202);
        assertThat(client.getAuthorizers(r -> r.restApiId(api)).items()).isEmpty();
    }

    @Test
    void deploymentsFreezeTheAuthorizers() {
        String api = newApi();
        String root = root(api);
        String tok = token(api);
        client.putMethod(r -> r.restApiId(api)
                .resourceId(root)
                .httpMethod("GET")
                .authorizationType("CUSTOM")
                .authorizerId(tok));
        client.putIntegration(r -> r.restApiId(api)
                .resourceId(root)
                .httpMethod("GET")
                .type("MOCK")
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        String deployment =
                client.createDeployment(r -> r.restApiId(api).stageName("prod")).id();
        client.updateAuthorizer(r -> r.restApiId(api).authorizerId(tok).patchOperations(p -> p.op(Op.REPLACE)
                .path("/authorizerResultTtlInSeconds")
                .value("0")));
        DeploymentContent frozen = admin.store
                .read(tx -> tx.get(Kinds.DEPLOYMENT_CONTENT, api, deployment))
                .orElseThrow();
        assertThat(frozen.authorizers()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo(tok);
            assertThat(a.authorizerResultTtlInSeconds()).isEqualTo(300);
        });

        // FlushStageAuthorizersCache bumps the stage's generation, which the data plane keys its cache by
        var flushed = client.flushStageAuthorizersCache(r -> r.restApiId(api).stageName("prod"));
        assertThat(flushed.sdkHttpResponse().statusCode()).isEqualTo(202);
        client.flushStageAuthorizersCache(r -> r.restApiId(api).stageName("prod"));
        java.util.Optional<AuthorizerCacheFlush> generation =
                admin.store.read(tx -> tx.get(Kinds.AUTHORIZER_CACHE_FLUSH, api, "prod"));
        assertThat(generation).hasValue(new AuthorizerCacheFlush(2));
        fails(
                () -> client.flushStageAuthorizersCache(r -> r.restApiId(api).stageName("nosuch")),
                404,
                "NotFoundException",
                "Invalid Stage identifier specified");
    }

    @Test
    void testInvokeAuthorizerPassesTheRequestAndAnswersAwsShape() {
        String api = newApi();
        String tok = token(api);
        TestInvokeAuthorizerResponse r = client.testInvokeAuthorizer(t -> t.restApiId(api)
                .authorizerId(tok)
                .headers(Map.of("Authorization", "allow"))
                .multiValueHeaders(Map.of("X-Multi", List.of("a", "b")))
                .pathWithQueryString("/pets?x=1")
                .stageVariables(Map.of("sv", "1"))
                .additionalContext(Map.of("extra", "yes")));
        assertThat(r.clientStatus()).isEqualTo(200);
        assertThat(r.principalId()).isEqualTo("user-1");
        assertThat(r.policy()).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[]}");
        assertThat(r.authorization()).containsEntry("role", List.of("admin"));
        assertThat(r.latency()).isEqualTo(7);
        assertThat(r.log()).isEqualTo("Starting authorizer\n");
        assertThat(r.claims()).isEmpty();
        AuthorizerTester.Test seen = lastTest.get();
        assertThat(seen.authorizer().id()).isEqualTo(tok);
        assertThat(seen.headers().get("authorization")).containsExactly("allow");
        assertThat(seen.headers().get("X-Multi")).containsExactly("a", "b");
        assertThat(seen.pathWithQueryString()).isEqualTo("/pets?x=1");
        assertThat(seen.stageVariables()).containsEntry("sv", "1");
        assertThat(seen.additionalContext()).containsEntry("extra", "yes");
    }
}
