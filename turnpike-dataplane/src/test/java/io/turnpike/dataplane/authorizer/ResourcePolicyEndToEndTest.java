package io.turnpike.dataplane.authorizer;

import static io.turnpike.dataplane.authorizer.AuthFixture.ARN;
import static io.turnpike.dataplane.authorizer.AuthFixture.method;
import static io.turnpike.dataplane.authorizer.AuthFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resource policies over real sockets from 127.0.0.1 and ::1, alone and together with a Lambda
 * authorizer (spec auth.md §5, Table A).
 */
class ResourcePolicyEndToEndTest {

    private final AuthFixture f;

    ResourcePolicyEndToEndTest() throws Exception {
        f = new AuthFixture();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static String statement(String effect, String resource, String condition) {
        return "{\"Effect\":\"" + effect + "\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\""
                + resource + "\"" + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
    }

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static String ip(String operator, String... blocks) {
        return "{\"" + operator + "\":{\"aws:SourceIp\":[\"" + String.join("\",\"", blocks) + "\"]}}";
    }

    private static void assertDenied(HttpResponse<String> r, String resource, boolean explicit) {
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body())
                .isEqualTo(
                        "{\"Message\":\"User: anonymous is not authorized to perform: execute-api:Invoke on resource: "
                                + resource + (explicit ? " with an explicit deny" : "") + "\"}");
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
    }

    @Test
    void ipv4AllowListLetsLoopbackIn() throws Exception {
        f.deploy(policy(statement("Allow", "execute-api:/*", ip("IpAddress", "127.0.0.0/8"))), List.of(), null, null);
        assertThat(f.get("/pets/1").statusCode()).isEqualTo(200);
        assertThat(f.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void ipv4AllowListOfOtherNetworksIsAnImplicitDeny() throws Exception {
        f.deploy(
                policy(statement("Allow", "execute-api:/*", ip("IpAddress", "10.0.0.0/8", "192.168.1.7"))),
                List.of(),
                null,
                null);
        assertDenied(f.get("/pets/1"), ARN + "/prod/GET/pets/1", false);
        assertDenied(f.get("/"), ARN + "/prod/GET/", false);
    }

    @Test
    void ipv4DenyWinsOverAllow() throws Exception {
        f.deploy(
                policy(
                        statement("Allow", "execute-api:/*", null),
                        statement("Deny", "execute-api:/prod/GET/pets/*", ip("IpAddress", "127.0.0.1/32"))),
                List.of(),
                null,
                null);
        assertDenied(f.get("/pets/1"), ARN + "/prod/GET/pets/1", true);
        assertThat(f.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void notIpAddressDeniesEveryoneOutsideTheBlock() throws Exception {
        f.deploy(
                policy(
                        statement("Allow", "execute-api:/*", null),
                        statement("Deny", "execute-api:/*", ip("NotIpAddress", "10.0.0.0/8"))),
                List.of(),
                null,
                null);
        assertDenied(f.get("/pets/1"), ARN + "/prod/GET/pets/1", true);
    }

    @Test
    void ipv6AllowAndDeny() throws Exception {
        f.deploy(policy(statement("Allow", "execute-api:/*", ip("IpAddress", "::1/128"))), List.of(), null, null);
        assertThat(f.getFrom("[::1]", "/pets/1").statusCode()).isEqualTo(200);
        // the IPv6 block does not admit an IPv4 caller
        assertDenied(f.get("/pets/1"), ARN + "/prod/GET/pets/1", false);

        f.deploy(
                policy(
                        statement("Allow", "execute-api:/*", null),
                        statement("Deny", "execute-api:/*", ip("IpAddress", "::/0"))),
                List.of(),
                null,
                null);
        assertDenied(f.getFrom("[::1]", "/pets/1"), ARN + "/prod/GET/pets/1", true);
        assertThat(f.get("/pets/1").statusCode()).isEqualTo(200);
    }

    @Test
    void fullArnResourcesWithWildcards() throws Exception {
        f.deploy(policy(statement("Allow", ARN + "/prod/GET/pets/?", null)), List.of(), null, null);
        assertThat(f.get("/pets/1").statusCode()).isEqualTo(200);
        assertDenied(f.get("/pets/12"), ARN + "/prod/GET/pets/12", false);
    }

    @Test
    void sourceVpceFromTheTrustedProxyHeader() throws Exception {
        f.deploy(
                policy(statement(
                        "Allow",
                        "execute-api:/*",
                        "{\"StringEquals\":{\"aws:SourceVpce\":\"vpce-0123456789abcdef0\"}}")),
                List.of(),
                null,
                null);
        assertThat(f.get("/pets/1", "x-vpce-id", "vpce-0123456789abcdef0").statusCode())
                .isEqualTo(200);
        assertDenied(f.get("/pets/1", "x-vpce-id", "vpce-other"), ARN + "/prod/GET/pets/1", false);
        assertDenied(f.get("/pets/1"), ARN + "/prod/GET/pets/1", false);
    }

    @Test
    void stringNotEqualsOnAMissingVpceDenies() throws Exception {
        f.deploy(
                policy(
                        statement("Allow", "execute-api:/*", null),
                        statement(
                                "Deny",
                                "execute-api:/*",
                                "{\"StringNotEquals\":{\"aws:SourceVpce\":\"vpce-0123456789abcdef0\"}}")),
                List.of(),
                null,
                null);
        assertDenied(f.get("/pets/1"), ARN + "/prod/GET/pets/1", true);
        assertThat(f.get("/pets/1", "x-vpce-id", "vpce-0123456789abcdef0").statusCode())
                .isEqualTo(200);
    }

    @Test
    void explicitDenyRejectsBeforeTheLambdaAuthorizerRuns() throws Exception {
        f.deploy(
                policy(statement("Deny", "execute-api:/*", ip("IpAddress", "127.0.0.1/32"))),
                List.of(token("tok001", 0, null)),
                null,
                method("CUSTOM", "tok001", null));
        assertDenied(f.get("/pets/1", "Authorization", "allow"), ARN + "/prod/GET/pets/1", true);
        assertThat(f.functions.calls()).isZero();
    }

    @Test
    void resourcePolicyAllowCoversAnAuthorizerThatIsSilent() throws Exception {
        f.deploy(
                policy(statement("Allow", "execute-api:/*", null)),
                List.of(token("tok001", 0, null)),
                null,
                method("CUSTOM", "tok001", null));
        assertThat(f.get("/pets/1", "Authorization", "silent").statusCode()).isEqualTo(200);
        HttpResponse<String> deny = f.get("/pets/1", "Authorization", "deny");
        assertThat(deny.statusCode()).isEqualTo(403);
        assertThat(deny.body())
                .isEqualTo("{\"message\":\"User is not authorized to access this resource with an explicit deny\"}");
    }

    @Test
    void silentResourcePolicyLeavesTheDecisionToTheAuthorizer() throws Exception {
        f.deploy(
                policy(statement("Allow", "execute-api:/prod/POST/*", null)),
                List.of(token("tok001", 0, null)),
                null,
                method("CUSTOM", "tok001", null));
        assertThat(f.get("/pets/1", "Authorization", "allow").statusCode()).isEqualTo(200);
        HttpResponse<String> silent = f.get("/pets/1", "Authorization", "silent");
        assertThat(silent.statusCode()).isEqualTo(403);
        assertThat(silent.body()).isEqualTo("{\"message\":\"User is not authorized to access this resource\"}");
    }

    @Test
    void policyWithAnUnsupportedConditionAnswers500() throws Exception {
        f.deploy(
                policy(statement(
                        "Allow", "execute-api:/*", "{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01\"}}")),
                List.of(),
                null,
                null);
        assertThat(f.get("/pets/1").statusCode()).isEqualTo(500);
    }
}
