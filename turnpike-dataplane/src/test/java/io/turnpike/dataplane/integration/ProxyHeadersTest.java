package io.turnpike.dataplane.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyHeadersTest {

    @Test
    void requestsLoseHopByHopHostAndSigv4() {
        var out = ProxyHeaders.forwardedRequestHeaders(List.of(
                Map.entry("Host", "abc.execute-api.localhost"),
                Map.entry("Connection", "keep-alive"),
                Map.entry("Content-Length", "3"),
                Map.entry("Transfer-Encoding", "chunked"),
                Map.entry("Content-Encoding", "gzip"),
                Map.entry("Authorization", "AWS4-HMAC-SHA256 Credential=x"),
                Map.entry("X-Custom", "1"),
                Map.entry("Accept", "text/plain")));
        assertThat(out).containsExactly(Map.entry("X-Custom", "1"), Map.entry("Accept", "text/plain"));
        assertThat(ProxyHeaders.forwardedRequestHeaders(List.of(Map.entry("authorization", "Bearer t"))))
                .containsExactly(Map.entry("authorization", "Bearer t"));
    }

    @Test
    void responsesRemapCollidingHeaders() {
        var out = ProxyHeaders.proxiedResponseHeaders(List.of(
                Map.entry("Server", "gunicorn/19.9.0"),
                Map.entry("Date", "Sat, 21 Nov 2026 00:00:00 GMT"),
                Map.entry("Transfer-Encoding", "chunked"),
                Map.entry("Content-Type", "application/json"),
                Map.entry("Via", "1.1 proxy")));
        assertThat(out)
                .containsExactly(
                        Map.entry("x-amzn-Remapped-Server", "gunicorn/19.9.0"),
                        Map.entry("x-amzn-Remapped-Date", "Sat, 21 Nov 2026 00:00:00 GMT"),
                        Map.entry("Content-Type", "application/json"));
        assertThat(ProxyHeaders.mappedResponseHeaderName("User-Agent")).isEqualTo("x-amzn-Remapped-User-Agent");
        assertThat(ProxyHeaders.mappedResponseHeaderName("X-Ok")).isEqualTo("X-Ok");
    }

    @Test
    void streamedResponsesGetTheSameRemappingAsBufferedOnes() {
        List<Map.Entry<String, String>> given = List.of(
                Map.entry("Server", "gunicorn/19.9.0"),
                Map.entry("Date", "Sat, 21 Nov 2026 00:00:00 GMT"),
                Map.entry("connection", "keep-alive"),
                Map.entry("Keep-Alive", "timeout=5"),
                Map.entry("Content-Length", "12"),
                Map.entry("Content-Encoding", "gzip"),
                Map.entry("Transfer-Encoding", "chunked"),
                Map.entry("Content-Type", "application/json"),
                Map.entry("Via", "1.1 proxy"),
                Map.entry("X-Many", "1"),
                Map.entry("X-Many", "2"),
                Map.entry("SERVER", "shouting"),
                Map.entry("dAtE", "odd"));
        io.netty.handler.codec.http.HttpHeaders from = new io.netty.handler.codec.http.DefaultHttpHeaders();
        given.forEach(h -> from.add(h.getKey(), h.getValue()));
        io.netty.handler.codec.http.HttpHeaders to = new io.netty.handler.codec.http.DefaultHttpHeaders();
        ProxyHeaders.proxiedResponseHeaders(from, to);
        List<Map.Entry<String, String>> streamed = new java.util.ArrayList<>();
        to.forEach(e -> streamed.add(Map.entry(e.getKey(), e.getValue())));
        assertThat(streamed).containsExactlyElementsOf(ProxyHeaders.proxiedResponseHeaders(given));
        assertThat(streamed)
                .contains(
                        Map.entry("x-amzn-Remapped-connection", "keep-alive"),
                        Map.entry("x-amzn-Remapped-Content-Length", "12"),
                        Map.entry("x-amzn-Remapped-SERVER", "shouting"), // spelled as the upstream did
                        Map.entry("x-amzn-Remapped-dAtE", "odd"));
    }
}
