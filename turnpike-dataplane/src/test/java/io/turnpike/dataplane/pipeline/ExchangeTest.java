package io.turnpike.dataplane.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-request state a step leaves for a later one, and the body's text. */
class ExchangeTest {

    private static final Attr<String> FIRST = Attr.of("first");
    private static final Attr<Integer> SECOND = Attr.of("second");

    private static Exchange exchange(String body) {
        InvokeRequest r = new InvokeRequest(
                "POST",
                "/items",
                "",
                List.of(),
                body.getBytes(StandardCharsets.UTF_8),
                "192.0.2.1",
                "HTTP/1.1",
                "example.com",
                "/prod/items");
        return new Exchange(r, null, "req-1", "ext=", 0, 0);
    }

    @Test
    void eachKeyKeepsItsOwnValueAndAnUnsetKeyReadsNull() {
        Exchange ex = exchange("");
        ex.set(FIRST, "a");
        ex.set(SECOND, 2);
        ex.set(FIRST, "b");

        assertThat(ex.get(FIRST)).isEqualTo("b");
        assertThat(ex.get(SECOND)).isEqualTo(2);
        ex.set(SECOND, null);
        assertThat(ex.get(SECOND)).isNull();
    }

    @Test
    void keysMadeAfterTheExchangeStillWork() {
        Exchange ex = exchange("");
        ex.set(FIRST, "kept");
        Attr<String> late = Attr.of("late");
        Attr<String> later = Attr.of("later");

        assertThat(ex.get(late)).isNull();
        ex.set(later, "2");
        ex.set(late, "1");

        assertThat(ex.get(late)).isEqualTo("1");
        assertThat(ex.get(later)).isEqualTo("2");
        assertThat(ex.get(FIRST)).isEqualTo("kept");
        assertThat(exchange("").get(later)).as("another exchange").isNull();
    }

    @Test
    void theBodyIsDecodedAsUtf8Once() {
        Exchange ex = exchange("{\"name\":\"caf\u00e9\"}");

        assertThat(ex.bodyText()).isEqualTo("{\"name\":\"caf\u00e9\"}");
        assertThat(ex.bodyText()).isSameAs(ex.bodyText());
    }
}
