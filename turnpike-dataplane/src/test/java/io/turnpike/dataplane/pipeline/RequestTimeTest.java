package io.turnpike.dataplane.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code $context.requestTime} is formatted once per second and shared by the requests in it. */
class RequestTimeTest {

    @Test
    void formatsAsAwsDoesAndChangesWithTheSecond() {
        // 2023-11-14T22:13:20Z
        assertThat(ContextVariables.requestTime(1_700_000_000_000L)).isEqualTo("14/Nov/2023:22:13:20 +0000");
        assertThat(ContextVariables.requestTime(1_700_000_000_999L)).isEqualTo("14/Nov/2023:22:13:20 +0000");
        assertThat(ContextVariables.requestTime(1_700_000_001_000L)).isEqualTo("14/Nov/2023:22:13:21 +0000");
        // back to an earlier second (requests finishing out of order): still that second's text
        assertThat(ContextVariables.requestTime(1_699_999_999_999L)).isEqualTo("14/Nov/2023:22:13:19 +0000");
        assertThat(ContextVariables.requestTime(0L)).isEqualTo("01/Jan/1970:00:00:00 +0000");
    }

    @Test
    void requestsInTheSameSecondShareTheText() {
        String first = ContextVariables.requestTime(1_700_000_500_100L);
        String second = ContextVariables.requestTime(1_700_000_500_900L);

        assertThat(second).isSameAs(first);
    }
}
