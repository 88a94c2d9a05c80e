package io.turnpike.dataplane.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Policy evaluation and CIDR matching without sockets. */
class PolicyDocumentTest {

    private static final PolicyDocument.Facts FROM_V4 = new PolicyDocument.Facts("192.168.1.20", null, null);
    private static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:api/prod/GET/pets/1";

    private static Decision eval(String policy, String arn) {
        return PolicyDocument.parse(policy, r -> r).evaluate("execute-api:Invoke", arn, FROM_V4, false);
    }

    @Test
    void actionsAndResourcesTakeStringsOrListsAndWildcards() {
        assertThat(eval(
                        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"execute-api:*\",\"Resource\":\"arn:aws:execute-api:*:*:api/*/GET/pets/?\"}}",
                        ARN))
                .isEqualTo(Decision.ALLOW);
        assertThat(eval(
                        "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"EXECUTE-API:invoke\"],\"Resource\":[\"x\",\""
                                + ARN + "\"]}]}",
                        ARN))
                .isEqualTo(Decision.ALLOW);
        assertThat(eval("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}", ARN))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void denyWinsWhateverTheOrder() {
        String p = "{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
        assertThat(eval(p, ARN)).isEqualTo(Decision.EXPLICIT_DENY);
    }

    @Test
    void notResourceAndNotAction() {
        String p = "{\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":\"s3:*\",\"NotResource\":\"*/POST/*\"}]}";
        assertThat(eval(p, ARN)).isEqualTo(Decision.ALLOW);
        assertThat(eval(p, ARN.replace("/GET/", "/POST/"))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void principalOtherThanEveryoneDoesNotApplyToAnonymousCallers() {
        PolicyDocument p = PolicyDocument.parse(
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::1:root\"},"
                        + "\"Action\":\"*\",\"Resource\":\"*\"}]}",
                r -> r);
        assertThat(p.evaluate("execute-api:Invoke", ARN, FROM_V4, true)).isEqualTo(Decision.IMPLICIT_DENY);
        PolicyDocument everyone = PolicyDocument.parse(
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"*\"]},\"Action\":\"*\",\"Resource\":\"*\"}]}",
                r -> r);
        assertThat(everyone.evaluate("execute-api:Invoke", ARN, FROM_V4, true)).isEqualTo(Decision.ALLOW);
    }

    @Test
    void malformedPoliciesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> PolicyDocument.parse("nope", r -> r)).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> PolicyDocument.parse("{\"Statement\":[{\"Effect\":\"Maybe\"}]}", r -> r))
                .hasMessageContaining("Effect 'Maybe'");
        assertThatThrownBy(() -> PolicyDocument.parse(
                        "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                                + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/33\"}}}]}",
                        r -> r))
                .hasMessageContaining("10.0.0.0/33");
    }

    @Test
    void cidrBlocksOfBothFamilies() {
        assertThat(Cidr.parse("192.168.0.0/16").contains("192.168.1.20")).isTrue();
        assertThat(Cidr.parse("192.168.0.0/24").contains("192.168.1.20")).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains("8.8.8.8")).isTrue();
        assertThat(Cidr.parse("10.1.2.3").contains("10.1.2.3")).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains("2001:db8:1::5")).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains("2001:db9::5")).isFalse();
        assertThat(Cidr.parse("::1/128").contains("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(Cidr.parse("::1/128").contains("127.0.0.1")).isFalse();
        assertThat(Cidr.parse("127.0.0.0/8").contains("::ffff:127.0.0.1")).isTrue();
        assertThat(Cidr.parse("127.0.0.0/8").contains("not-an-ip.example.com")).isFalse();
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessageContaining("example.com/8");
    }
}
