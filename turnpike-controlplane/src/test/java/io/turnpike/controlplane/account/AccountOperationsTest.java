package io.turnpike.controlplane.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.turnpike.controlplane.AdminFixture;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.GetAccountResponse;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.UpdateAccountResponse;

class AccountOperationsTest {

    static AdminFixture admin;
    static ApiGatewayClient client;

    @BeforeAll
    static void start() {
        admin = new AdminFixture();
        client = admin.client();
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    @Test
    void aNeverUpdatedAccountAnswersAwsDefaults() {
        // its own control plane, so no other test's update is visible
        try (AdminFixture fresh = new AdminFixture()) {
            HttpResponse<String> raw = fresh.signed("GET", "/account", null);
            assertThat(raw.statusCode()).isEqualTo(200);
            assertThat(raw.body())
                    .isEqualTo("{\"throttleSettings\":{\"burstLimit\":5000,\"rateLimit\":10000.0},"
                            + "\"features\":[\"UsagePlans\"],\"apiKeyVersion\":\"4\"}");
            GetAccountResponse viaSdk = fresh.client().getAccount(r -> {});
            assertThat(viaSdk.cloudwatchRoleArn()).isNull();
            assertThat(viaSdk.throttleSettings().burstLimit()).isEqualTo(5000);
            assertThat(viaSdk.throttleSettings().rateLimit()).isEqualTo(10000.0);
        }
    }

    @Test
    void roundTripsTheRoleAndFeatures() {
        String role = "arn:aws:iam::123456789012:role/APIGatewayToCloudWatchLogs";
        UpdateAccountResponse updated = client.updateAccount(r -> r.patchOperations(
                p -> p.op(Op.REPLACE).path("/cloudwatchRoleArn").value(role)));
        assertThat(updated.cloudwatchRoleArn()).isEqualTo(role);
        assertThat(updated.throttleSettings().burstLimit()).isEqualTo(5000);
        GetAccountResponse got = client.getAccount(r -> {});
        assertThat(got.cloudwatchRoleArn()).isEqualTo(role);
        assertThat(got.features()).containsExactly("UsagePlans");
        assertThat(got.apiKeyVersion()).isEqualTo("4");

        UpdateAccountResponse noFeatures = client.updateAccount(
                r -> r.patchOperations(p -> p.op(Op.REMOVE).path("/features").value("UsagePlans")));
        assertThat(noFeatures.features()).isEmpty();
        UpdateAccountResponse withFeatures = client.updateAccount(
                r -> r.patchOperations(p -> p.op(Op.ADD).path("/features").value("UsagePlans")));
        assertThat(withFeatures.features()).containsExactly("UsagePlans");

        // Terraform's aws_api_gateway_account clears the role with an empty value
        UpdateAccountResponse cleared = client.updateAccount(r -> r.patchOperations(
                p -> p.op(Op.REPLACE).path("/cloudwatchRoleArn").value("")));
        assertThat(cleared.cloudwatchRoleArn()).isNull();
        assertThat(client.getAccount(r -> {}).cloudwatchRoleArn()).isNull();
    }

    @Test
    void theAccountThrottleIsSetThroughTurnpikesExtensionPaths() {
        try {
            UpdateAccountResponse updated = client.updateAccount(r -> r.patchOperations(
                    p -> p.op(Op.REPLACE).path("/throttle/rateLimit").value("250.5"),
                    p -> p.op(Op.REPLACE).path("/throttle/burstLimit").value("40")));
            assertThat(updated.throttleSettings().rateLimit()).isEqualTo(250.5);
            assertThat(updated.throttleSettings().burstLimit()).isEqualTo(40);
            GetAccountResponse read = client.getAccount(r -> {});
            assertThat(read.throttleSettings().rateLimit()).isEqualTo(250.5);
            assertThat(read.throttleSettings().burstLimit()).isEqualTo(40);
        } finally {
            client.updateAccount(r -> r.patchOperations(
                    p -> p.op(Op.REPLACE).path("/throttle/rateLimit").value("10000"),
                    p -> p.op(Op.REPLACE).path("/throttle/burstLimit").value("5000")));
        }
    }

    @Test
    void rejectsWhatAwsRejectsAndKeepsTheAccount() {
        String role = "arn:aws:iam::123456789012:role/keep";
        client.updateAccount(r -> r.patchOperations(
                p -> p.op(Op.REPLACE).path("/cloudwatchRoleArn").value(role)));

        assertThatThrownBy(() -> client.updateAccount(r -> r.patchOperations(
                        p -> p.op(Op.REPLACE).path("/cloudwatchRoleArn").value("arn:aws:s3:::not-a-role"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("The role ARN does not have required permissions set to API Gateway");
        assertThatThrownBy(() -> client.updateAccount(r -> r.patchOperations(
                        p -> p.op(Op.REMOVE).path("/features").value("UsagePlans"), p -> p.op(Op.REPLACE)
                                .path("/throttleSettings/burstLimit")
                                .value("10"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid patch path  '/throttleSettings/burstLimit' specified for op 'replace'."
                        + " Must be one of: [/cloudwatchRoleArn, /throttle/rateLimit, /throttle/burstLimit]");
        assertThatThrownBy(() -> client.updateAccount(r -> r.patchOperations(
                        p -> p.op(Op.REPLACE).path("/throttle/burstLimit").value("-1"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid throttle burstLimit: -1 (expected: an integer >= 0)");
        assertThatThrownBy(() -> client.updateAccount(r -> r.patchOperations(
                        p -> p.op(Op.REPLACE).path("/throttle/rateLimit").value("fast"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid throttle rateLimit: fast (expected: a number >= 0)");
        assertThatThrownBy(() -> client.updateAccount(r ->
                        r.patchOperations(p -> p.op(Op.ADD).path("/features").value("Everything"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid feature: Everything (expected: one of [UsagePlans])");

        GetAccountResponse unchanged = client.getAccount(r -> {});
        assertThat(unchanged.cloudwatchRoleArn()).isEqualTo(role);
        assertThat(unchanged.features()).containsExactly("UsagePlans");
        assertThat(unchanged.throttleSettings().burstLimit()).isEqualTo(5000);
        assertThat(unchanged.throttleSettings().rateLimit()).isEqualTo(10000.0);
    }
}
