package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The endpoint flags: parsed once at startup, refused with the flag's name when they are not URLs. */
class ServerConfigEndpointsTest {

    private static ServerConfig config(String lambda, String aws, List<String> services) {
        return new ServerConfig(
                8080,
                "0.0.0.0",
                8081,
                "127.0.0.1",
                Path.of("d"),
                "us-east-1",
                "000000000000",
                "localhost",
                ServerConfig.uri("--lambda-endpoint", lambda),
                ServerConfig.uri("--aws-endpoint", aws),
                ServerConfig.serviceEndpoints(services),
                null,
                null,
                null);
    }

    @Test
    void endpointsAreParsed() {
        ServerConfig c = config(
                "https://lambda.us-east-1.amazonaws.com",
                "http://127.0.0.1:4566",
                List.of("s3=http://127.0.0.1:9000", "sqs=http://127.0.0.1:9324, dynamodb=http://127.0.0.1:8000"));
        assertThat(c.lambdaEndpoint()).isEqualTo(URI.create("https://lambda.us-east-1.amazonaws.com"));
        assertThat(c.awsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
        assertThat(c.awsServiceEndpoints())
                .isEqualTo(Map.of(
                        "s3", URI.create("http://127.0.0.1:9000"),
                        "sqs", URI.create("http://127.0.0.1:9324"),
                        "dynamodb", URI.create("http://127.0.0.1:8000")));
        ServerConfig none = config("", null, List.of(""));
        assertThat(none.lambdaEndpoint()).isNull();
        assertThat(none.awsServiceEndpoints()).isEmpty();
    }

    @Test
    void badValuesNameTheFlag() {
        assertThatThrownBy(() -> config("ftp://x", null, List.of()))
                .hasMessage("--lambda-endpoint: ftp://x (expected: an http(s) URL such as http://127.0.0.1:4566)");
        assertThatThrownBy(() -> config(null, "not a url", List.of()))
                .hasMessage("--aws-endpoint: not a url (expected: an http(s) URL)");
        assertThatThrownBy(() -> config(null, null, List.of("s3")))
                .hasMessage("--aws-service-endpoint: s3 (expected: SERVICE=URL, such as s3=http://127.0.0.1:9000)");
        assertThatThrownBy(() -> config(null, null, List.of("S 3=http://x")))
                .hasMessageStartingWith("--aws-service-endpoint: S 3");
    }
}
