package io.turnpike.aws.sigv4;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the verifier needs of an HTTP request; header names are matched case-insensitively.
 *
 * <p>Everything is as it arrived on the wire, undecoded: {@code rawPath} is the path of the request
 * target and {@code rawQuery} what followed the {@code ?} ({@code ""} when there was none). Request
 * targets are ASCII in practice; any other character is read as one octet if it is at most {@code
 * U+00FF} (the ISO-8859-1 decoding Netty and the JDK's HTTP server apply) and as its UTF-8 octets
 * otherwise. Header values are expected in that same one-char-per-octet form.
 *
 * @param method the request method, exactly as sent ({@code GET}, {@code POST}, ...)
 * @param rawPath the undecoded path, starting with {@code /}
 * @param rawQuery the undecoded query without the {@code ?}; {@code ""} when there is none
 * @param headers every header line in wire order; a name may repeat
 * @param body the complete body; not copied, so the caller must not change it while verifying
 */
public record SignedRequest(
        String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers, byte[] body) {

    public SignedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(rawQuery, "rawQuery");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        headers = headers.stream()
                .map(header -> Map.entry(header.getKey(), header.getValue()))
                .toList();
    }
}
