package io.turnpike.controlplane.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.turnpike.aws.AwsException;
import org.junit.jupiter.api.Test;

class AdminDispatcherTest {

    @Test
    void pathSegmentsAreDecodedAfterSplitting() {
        assertThat(AdminDispatcher.segments("/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fabc"))
                .containsExactly("tags", "arn:aws:apigateway:us-east-1::/restapis/abc");
        assertThat(AdminDispatcher.segments("/restapis/a/resources/b/methods/GET/responses/200"))
                .hasSize(8);
        assertThat(AdminDispatcher.segments("/models/a+b%20c")).containsExactly("models", "a+b c");
        assertThat(AdminDispatcher.segments("/x/%C3%A9t%C3%A9")).containsExactly("x", "été");
        assertThat(AdminDispatcher.segments("//restapis//")).containsExactly("restapis");
    }

    @Test
    void badPercentEncodingIsABadRequest() {
        for (String bad : new String[] {"/a%", "/a%2", "/a%zz"}) {
            assertThatThrownBy(() -> AdminDispatcher.segments(bad))
                    .isInstanceOf(AwsException.class)
                    .hasMessageContaining("Invalid percent-encoding");
        }
    }
}
