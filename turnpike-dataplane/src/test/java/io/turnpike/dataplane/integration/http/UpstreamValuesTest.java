package io.turnpike.dataplane.integration.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.turnpike.dataplane.integration.http.UpstreamException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The public values' validation and the origin parsing, without sockets. */
class UpstreamValuesTest {

    private static final URI URI_OK = URI.create("http://example.com/");

    private static UpstreamRequest requestWithHeader(String name, String value) {
        return new UpstreamRequest(
                "GET", URI_OK, List.of(Map.entry(name, value)), new byte[0], Duration.ofSeconds(1), false);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        UpstreamSettings d = UpstreamSettings.defaults();

        assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.idleTimeout()).isEqualTo(Duration.ofSeconds(55));
        assertThat(d.maxConnectionsPerOrigin()).isEqualTo(1024);
        assertThat(d.maxResponseBytes()).isEqualTo(10 * 1024 * 1024);
    }

    @Test
    void settingsNameTheBadValueAndTheExpectation() {
        assertThatThrownBy(() -> new UpstreamSettings(Duration.ZERO, Duration.ofSeconds(1), 1, 1))
                .hasMessage("connectTimeout: PT0S (expected: > 0 and <= 2147483647 ms)");
        assertThatThrownBy(() -> new UpstreamSettings(Duration.ofSeconds(1), Duration.ofSeconds(-1), 1, 1))
                .hasMessage("idleTimeout: PT-1S (expected: > 0)");
        assertThatThrownBy(() -> new UpstreamSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 0, 1))
                .hasMessage("maxConnectionsPerOrigin: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new UpstreamSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, -1))
                .hasMessage("maxResponseBytes: -1 (expected: >= 0)");
    }

    @Test
    void aHeaderValueCannotSmuggleInAnotherHeader() {
        assertThatThrownBy(() -> requestWithHeader("X-A", "ok\r\nX-Injected: yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value of header X-A: control character 0xd at index 2 (expected: none but tab)");
        assertThatThrownBy(() -> requestWithHeader("X-A", "nul\0")).hasMessageContaining("control character 0x0");
        assertThat(requestWithHeader("X-A", "tab\tis fine, and so is ünïcode").headers())
                .hasSize(1);
    }

    @Test
    void headerNamesAndMethodsMustBeTokens() {
        assertThatThrownBy(() -> requestWithHeader("X A", "v"))
                .hasMessage("header name: \"X A\" (expected: an HTTP token)");
        assertThatThrownBy(() -> requestWithHeader("", "v")).hasMessage("header name: \"\" (expected: an HTTP token)");
        assertThatThrownBy(
                        () -> new UpstreamRequest("GE T", URI_OK, List.of(), new byte[0], Duration.ofSeconds(1), false))
                .hasMessage("method: \"GE T\" (expected: an HTTP token such as GET)");
    }

    @Test
    void theTimeoutMustBePositive() {
        assertThatThrownBy(() -> new UpstreamRequest("GET", URI_OK, List.of(), new byte[0], Duration.ZERO, false))
                .hasMessage("timeout: PT0S (expected: > 0)");
    }

    @Test
    void requestHeadersAreCopiedSoLaterChangesDoNotLeakIn() {
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(Map.entry("X-A", "1")));
        UpstreamRequest request =
                new UpstreamRequest("GET", URI_OK, headers, new byte[0], Duration.ofSeconds(1), false);
        headers.add(Map.entry("X-B", "2"));

        assertThat(request.headers()).containsExactly(Map.entry("X-A", "1"));
    }

    @Test
    void aRequestMadeFromAUriSendsItsRawPathAndQueryAndResolvesItsOriginWhenSent() {
        UpstreamRequest request = new UpstreamRequest(
                "GET",
                URI.create("https://example.com:8443?a=%20b"),
                List.of(),
                new byte[0],
                Duration.ofSeconds(1),
                true);

        assertThat(request.target()).isEqualTo("/?a=%20b");
        assertThat(request.origin()).isEqualTo(new Origin(true, "example.com", 8443, true));
        UpstreamRequest unusable = new UpstreamRequest(
                "GET", URI.create("ftp://example.com/f"), List.of(), new byte[0], Duration.ofSeconds(1), false);
        assertThatThrownBy(unusable::origin).isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind())
                .isEqualTo(Kind.INVALID_URI));
    }

    @Test
    void aRequestMadeFromAnOriginPutsItsUriTogetherOnlyForWhoeverAsks() {
        Origin origin = new Origin(true, "example.com", 443, true);
        UpstreamRequest request = new UpstreamRequest(
                "POST", origin, "https://example.com", "/items/1?x=y", List.of(), new byte[0], Duration.ofSeconds(1));

        assertThat(request.origin()).isSameAs(origin);
        assertThat(request.target()).isEqualTo("/items/1?x=y");
        assertThat(request.insecureSkipVerification()).isTrue();
        assertThat(request.uri()).isEqualTo(URI.create("https://example.com/items/1?x=y"));
        assertThat(new UpstreamRequest("GET", origin, null, "/a", List.of(), new byte[0], Duration.ofSeconds(1)).uri())
                .as("without a base: the origin's own form")
                .isEqualTo(URI.create("https://example.com:443/a"));
        assertThatThrownBy(() -> new UpstreamRequest(
                        "GE T", origin, "https://example.com", "/", List.of(), new byte[0], Duration.ofSeconds(1)))
                .hasMessage("method: \"GE T\" (expected: an HTTP token such as GET)");
    }

    @Test
    void onlyTheListedMethodsAreRetried() {
        for (String m : List.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE")) {
            assertThat(new UpstreamRequest(m, URI_OK, List.of(), new byte[0], Duration.ofSeconds(1), false)
                            .idempotent())
                    .as(m)
                    .isTrue();
        }
        for (String m : List.of("POST", "PATCH", "get", "CONNECT")) {
            assertThat(new UpstreamRequest(m, URI_OK, List.of(), new byte[0], Duration.ofSeconds(1), false)
                            .idempotent())
                    .as(m)
                    .isFalse();
        }
    }

    @Test
    void responseHeaderLookupIgnoresCase() {
        UpstreamResponse response = new UpstreamResponse(
                200, List.of(Map.entry("Content-Type", "text/plain"), Map.entry("content-type", "x")), new byte[0]);

        assertThat(response.header("CONTENT-TYPE")).contains("text/plain");
        assertThat(response.header("X-Missing")).isEmpty();
    }

    @Test
    void originsDefaultTheirPortsAndKeepIpv6Brackets() {
        assertThat(Origin.of(URI.create("http://Example.com/x"), false))
                .isEqualTo(new Origin(false, "Example.com", 80, false));
        assertThat(Origin.of(URI.create("https://example.com/x"), false))
                .isEqualTo(new Origin(true, "example.com", 443, false));
        Origin v6 = Origin.of(URI.create("http://[::1]:8080/x"), false);
        assertThat(v6.host()).isEqualTo("[::1]");
        assertThat(v6.bareHost()).isEqualTo("::1");
        assertThat(v6.hostHeader()).isEqualTo("[::1]:8080");
    }

    @Test
    void skippingVerificationOnlyCountsForHttps() {
        assertThat(Origin.of(URI.create("http://example.com/"), true).insecure())
                .isFalse();
        assertThat(Origin.of(URI.create("https://example.com/"), true).insecure())
                .isTrue();
        assertThat(Origin.of(URI.create("https://example.com/"), true))
                .isNotEqualTo(Origin.of(URI.create("https://example.com/"), false));
    }

    @Test
    void hostNamesThatJavaNetUriRejectsStillWork() {
        // java.net.URI has no host for names with underscores; internal service names often have them
        Origin origin = Origin.of(URI.create("http://my_service.internal:9000/path"), false);

        assertThat(origin).isEqualTo(new Origin(false, "my_service.internal", 9000, false));
        assertThat(Origin.of(URI.create("http://user:pw@my_service/"), false).host())
                .isEqualTo("my_service");
    }

    @Test
    void unusableUrisAreInvalidUri() {
        for (String uri : List.of(
                "ftp://example.com/",
                "mailto:a@b.c",
                "http:///path",
                "http://exa mple/".replace(" ", "%20"),
                "http://example.com:0/",
                "http://example.com:65536/")) {
            assertThatThrownBy(() -> Origin.of(URI.create(uri), false))
                    .as(uri)
                    .isInstanceOfSatisfying(
                            UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_URI));
        }
    }

    @Test
    void aConnectionHeaderAsksForCloseOnlyWithTheWholeToken() {
        for (String value :
                List.of("close", "Close", " close ", "keep-alive, CLOSE", "close,upgrade", "a,\tclose\t,b")) {
            assertThat(Exchange.hasCloseToken(value)).as(value).isTrue();
        }
        for (String value : List.of("", "keep-alive", "closed", "enclose", "clo se", ",,", "keep-alive, upgrade")) {
            assertThat(Exchange.hasCloseToken(value)).as(value).isFalse();
        }
    }
}
