package io.turnpike.controlplane.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An admin answer: status, headers and body bytes. */
public record AdminResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    static final String JSON = "application/json";

    /** AWS's error shape: the type in {@code x-amzn-ErrorType}, {@code {"message": "..."}} in the body. */
    public static AdminResponse error(int status, String type, String message, String requestId) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", JSON));
        headers.add(Map.entry("x-amzn-ErrorType", type));
        if (requestId != null) {
            headers.add(Map.entry("x-amzn-RequestId", requestId));
        }
        String body =
                "{\"message\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(message)) + "\"}";
        return new AdminResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
