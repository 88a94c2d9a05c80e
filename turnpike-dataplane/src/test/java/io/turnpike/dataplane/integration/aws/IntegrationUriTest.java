package io.turnpike.dataplane.integration.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntegrationUriTest {

    private static final String P = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/";

    @Test
    void lambdaFunctionsWithAndWithoutQualifier() {
        assertThat(IntegrationUri.parse(P + "arn:aws:lambda:eu-west-1:123456789012:function:fn/invocations"))
                .isEqualTo(new IntegrationUri.Lambda(
                        "eu-west-1", "arn:aws:lambda:eu-west-1:123456789012:function:fn", null));
        assertThat(IntegrationUri.parse(P + "arn:aws:lambda:eu-west-1:123456789012:function:fn:live/invocations"))
                .isEqualTo(new IntegrationUri.Lambda(
                        "eu-west-1", "arn:aws:lambda:eu-west-1:123456789012:function:fn", "live"));
        assertThat(IntegrationUri.parse(P + "arn:aws:lambda:eu-west-1:123456789012:function:fn:$LATEST/invocations"))
                .isEqualTo(new IntegrationUri.Lambda(
                        "eu-west-1", "arn:aws:lambda:eu-west-1:123456789012:function:fn", "$LATEST"));
        assertThat(IntegrationUri.parse(P + "my-fn:7/invocations"))
                .isEqualTo(new IntegrationUri.Lambda("eu-west-1", "my-fn", "7"));
    }

    @Test
    void serviceActionsAndPaths() {
        assertThat(IntegrationUri.parse("arn:aws:apigateway:us-east-1:sqs:action/SendMessage"))
                .isEqualTo(new IntegrationUri.ServiceAction("us-east-1", "sqs", null, "SendMessage"));
        assertThat(IntegrationUri.parse("arn:aws:apigateway:us-east-1:my-bucket.s3:path/{key}"))
                .isEqualTo(new IntegrationUri.ServicePath("us-east-1", "s3", "my-bucket", "{key}"));
        assertThat(IntegrationUri.parse("arn:aws:apigateway:us-east-1:s3:path/b/{folder}/{item}"))
                .isEqualTo(new IntegrationUri.ServicePath("us-east-1", "s3", null, "b/{folder}/{item}"));
    }

    @Test
    void anythingElseIsRefusedWithTheUriInTheMessage() {
        assertThatThrownBy(() -> IntegrationUri.parse("https://example.com/x"))
                .hasMessageContaining("uri: https://example.com/x (expected: arn:aws:apigateway:");
        assertThatThrownBy(() -> IntegrationUri.parse("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"))
                .hasMessageContaining("/invocations");
    }
}
