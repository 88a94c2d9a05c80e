package io.turnpike.dataplane.entry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvokeTargetTest {

    @Test
    void hostStyleTakesTheFirstSegmentAsStage() {
        InvokeTarget t = InvokeTarget.resolve("abc1234567.execute-api.localhost:8080", "/prod/pets/1");
        assertThat(t).isEqualTo(new InvokeTarget("abc1234567", "prod", "/pets/1", "/prod/pets/1"));
        assertThat(InvokeTarget.resolve("abc1234567.execute-api.example.com", "/prod"))
                .isEqualTo(new InvokeTarget("abc1234567", "prod", "/", "/prod"));
        assertThat(InvokeTarget.resolve("abc1234567.execute-api.example.com", "//prod/x")
                        .stage())
                .isEqualTo("prod");
        assertThat(InvokeTarget.resolve("abc1234567.execute-api.example.com", "/prod//x")
                        .resourcePath())
                .isEqualTo("//x");
    }

    @Test
    void pathStyleWorksOnAnyHost() {
        assertThat(InvokeTarget.resolve("localhost:8080", "/restapis/abc1234567/dev/_user_request_/pets"))
                .isEqualTo(new InvokeTarget("abc1234567", "dev", "/pets", "/dev/pets"));
        assertThat(InvokeTarget.resolve("localhost", "/restapis/abc1234567/dev/_user_request_"))
                .isEqualTo(new InvokeTarget("abc1234567", "dev", "/", "/dev"));
        assertThat(InvokeTarget.resolve("localhost", "/restapis/abc1234567/dev/other"))
                .isNull();
        assertThat(InvokeTarget.resolve("localhost", "/restapis/abc1234567/dev/_user_request_x"))
                .isNull();
    }

    @Test
    void dotSegmentsAreRemovedBeforeTheStageIsRead() {
        assertThat(InvokeTarget.removeDotSegments("/prod/../status/404")).isEqualTo("/status/404");
        assertThat(InvokeTarget.removeDotSegments("/prod/a/./b/%2E%2E/c")).isEqualTo("/prod/a/c");
        assertThat(InvokeTarget.removeDotSegments("/../../x")).isEqualTo("/x");
        assertThat(InvokeTarget.removeDotSegments("/prod/a/..")).isEqualTo("/prod/");
        assertThat(InvokeTarget.removeDotSegments("/prod/v1.2/file.txt")).isEqualTo("/prod/v1.2/file.txt");
        assertThat(InvokeTarget.resolve("abc1234567.execute-api.x", "/prod/../dev/pets")
                        .stage())
                .isEqualTo("dev");
    }

    @Test
    void otherHostsAddressNoApi() {
        assertThat(InvokeTarget.resolve("localhost:8080", "/prod/pets")).isNull();
        assertThat(InvokeTarget.resolve(null, "/prod/pets")).isNull();
        assertThat(InvokeTarget.apiIdFromHost("ABC1234567.execute-api.x")).isEqualTo("abc1234567");
    }
}
