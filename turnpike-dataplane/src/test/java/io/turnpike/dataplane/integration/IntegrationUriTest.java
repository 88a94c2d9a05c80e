package io.turnpike.dataplane.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.turnpike.dataplane.integration.http.Origin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntegrationUriTest {

    @Test
    void aLiteralOriginIsResolvedOnceAndThePathFilledPerRequest() {
        IntegrationUri uri = IntegrationUri.compile("http://backend.internal:8080/api/{proxy}", false);
        assertThat(uri.origin(Map.of())).isEqualTo(new Origin(false, "backend.internal", 8080, false));
        assertThat(uri.target(Map.of("proxy", "pets/1%2F2"), "a=1&b=2", Map.of()))
                .isEqualTo("/api/pets/1%2F2?a=1&b=2");
        assertThat(uri.base(Map.of("proxy", "x"))).isEqualTo("http://backend.internal:8080");
    }

    @Test
    void mappedQueryValuesAreEncodedAndAppendedAfterTheTemplatesAndTheClients() {
        IntegrationUri uri = IntegrationUri.compile("https://h/p?fixed=1", false);
        assertThat(uri.target(Map.of(), "c=3", Map.of("q", List.of("a b", "&"))))
                .isEqualTo("/p?fixed=1&c=3&q=a+b&q=%26");
        assertThat(IntegrationUri.compile("https://h", false).target(Map.of(), "", Map.of()))
                .isEqualTo("/");
    }

    @Test
    void aPlaceholderInTheAuthorityIsFilledPerRequest() {
        IntegrationUri uri = IntegrationUri.compile("http://{host}:9000/x", false);
        assertThat(uri.origin(Map.of("host", "10.0.0.7"))).isEqualTo(new Origin(false, "10.0.0.7", 9000, false));
        assertThat(uri.base(Map.of("host", "10.0.0.7"))).isEqualTo("http://10.0.0.7:9000");
    }

    @Test
    void anUnfilledPlaceholderOrAnUnsendableValueIsRefused() {
        IntegrationUri uri = IntegrationUri.compile("http://h/{id}", false);
        assertThatThrownBy(() -> uri.target(Map.of(), "", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> uri.target(Map.of("id", "a b"), "", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> uri.target(Map.of("id", "100%"), "", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawBytesOfTheClientsRequestLineArePercentEncoded() {
        IntegrationUri uri = IntegrationUri.compile("http://h/{id}", false);
        assertThat(uri.target(Map.of("id", "caf\u00c3\u00a9"), "", Map.of())).isEqualTo("/caf%C3%A9");
    }

    @Test
    void aUriWithoutAnOriginFailsPerRequest() {
        IntegrationUri uri = IntegrationUri.compile("not a uri", false);
        assertThatThrownBy(() -> uri.origin(Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IntegrationUri.compile(null, false).origin(Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
