package io.turnpike.controlplane.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.turnpike.controlplane.AdminFixture;
import io.turnpike.controlplane.TestMethods;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;

class TagOperationsTest {

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

    private static String apiArn(String id) {
        return "arn:aws:apigateway:us-east-1::/restapis/" + id;
    }

    private static Map<String, String> tags(String arn) {
        return client.getTags(r -> r.resourceArn(arn)).tags();
    }

    @Test
    void tagsARestApiAndShowsThemEverywhere() {
        String id = client.createRestApi(r -> r.name("tagged").tags(Map.of("team", "core")))
                .id();
        assertThat(tags(apiArn(id))).containsExactly(Map.entry("team", "core"));

        client.tagResource(r -> r.resourceArn(apiArn(id)).tags(Map.of("env", "dev", "team", "edge")));
        assertThat(tags(apiArn(id))).containsOnly(Map.entry("team", "edge"), Map.entry("env", "dev"));
        assertThat(client.getRestApi(r -> r.restApiId(id)).tags())
                .containsOnly(Map.entry("team", "edge"), Map.entry("env", "dev"));

        client.untagResource(r -> r.resourceArn(apiArn(id)).tagKeys("team", "absent"));
        assertThat(tags(apiArn(id))).containsExactly(Map.entry("env", "dev"));
        client.untagResource(r -> r.resourceArn(apiArn(id)).tagKeys("env"));
        assertThat(tags(apiArn(id))).isEmpty();
        assertThat(client.getRestApi(r -> r.restApiId(id)).tags()).isEmpty();

        // the wire statuses and body shape
        String path = "/tags/" + URLEncoder.encode(apiArn(id), StandardCharsets.UTF_8);
        HttpResponse<String> put = admin.signed("PUT", path, "{\"tags\":{\"k\":\"v\"}}");
        assertThat(put.statusCode()).isEqualTo(204);
        HttpResponse<String> get = admin.signed("GET", path, null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("{\"tags\":{\"k\":\"v\"}}");
        HttpResponse<String> delete = admin.signed("DELETE", path + "?tagKeys=k", null);
        assertThat(delete.statusCode()).isEqualTo(204);
        assertThat(admin.signed("GET", path, null).body()).isEqualTo("{\"tags\":{}}");
    }

    @Test
    void tagsAStageOnItsOwnRecord() {
        String api = TestMethods.deployableApi(admin, "stage-tags");
        client.tagResource(r -> r.resourceArn(apiArn(api)).tags(Map.of("owner", "api")));
        String deployment = client.createDeployment(r -> r.restApiId(api)).id();
        client.createStage(
                r -> r.restApiId(api).stageName("prod").deploymentId(deployment).tags(Map.of("cost", "1234")));
        String stageArn = apiArn(api) + "/stages/prod";

        // GetTags answers the stage's own tags, not the ones it inherits from its API
        assertThat(tags(stageArn)).containsExactly(Map.entry("cost", "1234"));
        client.tagResource(r -> r.resourceArn(stageArn).tags(Map.of("tier", "gold")));
        assertThat(client.getStage(r -> r.restApiId(api).stageName("prod")).tags())
                .containsOnly(Map.entry("cost", "1234"), Map.entry("tier", "gold"));
        client.untagResource(r -> r.resourceArn(stageArn).tagKeys("cost"));
        assertThat(tags(stageArn)).containsExactly(Map.entry("tier", "gold"));
        assertThat(tags(apiArn(api))).containsExactly(Map.entry("owner", "api"));
    }

    @Test
    void unknownAndMalformedArnsAreRejected() {
        String id = client.createRestApi(r -> r.name("arns")).id();
        assertThatThrownBy(() -> tags("not-an-arn"))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid ARN specified in the request");
        assertThatThrownBy(() -> tags("arn:aws:s3:::bucket"))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid ARN specified in the request");
        assertThatThrownBy(() -> tags(apiArn("nope123456")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid API identifier specified 123456789012:nope123456");
        assertThatThrownBy(() -> tags("arn:aws:apigateway:eu-west-1::/restapis/" + id))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid API identifier specified 123456789012:" + id);
        assertThatThrownBy(() -> client.tagResource(
                        r -> r.resourceArn(apiArn(id) + "/stages/none").tags(Map.of("k", "v"))))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid Stage identifier specified");
        assertThatThrownBy(() -> tags(apiArn(id) + "/resources/abc123"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid resource ARN: " + apiArn(id) + "/resources/abc123");
    }

    @Test
    void enforcesAwsTagLimitsAndChangesNothingWhenOneIsBroken() {
        String id = client.createRestApi(r -> r.name("limits").tags(Map.of("keep", "me")))
                .id();
        String arn = apiArn(id);
        assertThatThrownBy(() -> client.tagResource(r -> r.resourceArn(arn).tags(Map.of("new", "x", "AWS:x", "y"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)");
        assertThatThrownBy(() -> client.tagResource(r -> r.resourceArn(arn).tags(Map.of("k".repeat(129), "v"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("has 129 characters (expected: 1 to 128)");
        assertThatThrownBy(() -> client.tagResource(r -> r.resourceArn(arn).tags(Map.of("k", "v".repeat(257)))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid tag value for key 'k': 257 characters (expected: at most 256)");
        assertThatThrownBy(() -> client.tagResource(r -> r.resourceArn(arn).tags(Map.of("k", "a*b"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid tag value for key 'k': 'a*b'");

        Map<String, String> fortyNine = new LinkedHashMap<>();
        for (int i = 0; i < 49; i++) {
            fortyNine.put("k" + i, "v");
        }
        client.tagResource(r -> r.resourceArn(arn).tags(fortyNine));
        assertThat(tags(arn)).hasSize(50);
        assertThatThrownBy(() -> client.tagResource(r -> r.resourceArn(arn).tags(Map.of("one-more", "v"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Too many tags: 51 (expected: at most 50 per resource)");
        assertThat(tags(arn)).hasSize(50).containsEntry("keep", "me").doesNotContainKey("one-more");
        assertThatThrownBy(() -> client.createRestApi(r -> r.name("reserved").tags(Map.of("aws:cloudformation", "x"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)");
        // replacing an existing key does not count as a new tag
        client.tagResource(r -> r.resourceArn(arn).tags(Map.of("keep", "changed")));
        assertThat(tags(arn)).hasSize(50).containsEntry("keep", "changed");
    }
}
