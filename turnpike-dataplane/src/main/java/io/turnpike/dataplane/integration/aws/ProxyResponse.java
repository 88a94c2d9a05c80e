package io.turnpike.dataplane.integration.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.turnpike.dataplane.integration.ProxyHeaders;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a Lambda proxy function answered, checked as strictly as AWS checks it (spec data-plane-rest
 * §10): a JSON object with at most {@code statusCode}, {@code headers}, {@code multiValueHeaders},
 * {@code body} and {@code isBase64Encoded}. Anything else is a malformed response, which the caller
 * answers with 502 {@code Internal server error}.
 */
public final class ProxyResponse {

    private static final JsonMapper JSON = new JsonMapper();

    private static final Set<String> KNOWN =
            Set.of("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded");

    private ProxyResponse() {}

    /** The outcome: the client's response, or why the function's answer is unusable. */
    public sealed interface Result {}

    public record Valid(InvokeResponse response) implements Result {}

    /** @param reason for the execution log (our words; AWS logs only "Malformed Lambda proxy response") */
    public record Malformed(String reason) implements Result {}

    /**
     * Reads a function's answer.
     *
     * @param payload what the function returned
     * @param clientWantsBinary whether the first media type of the request's {@code Accept} is one of the
     *     API's binary media types: only then is a body marked {@code isBase64Encoded} decoded (otherwise
     *     the client receives the base64 text, as recorded on AWS)
     */
    public static Result read(byte[] payload, boolean clientWantsBinary) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            return new Malformed("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return new Malformed("not a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!KNOWN.contains(name)) {
                return new Malformed("unknown field " + name);
            }
        }
        int status = 200;
        JsonNode code = root.get("statusCode");
        if (code != null && !code.isNull()) {
            Integer parsed = status(code);
            if (parsed == null) {
                return new Malformed("statusCode " + code + " is not a status code");
            }
            status = parsed;
        }

        // multiValueHeaders first (their spelling wins), then the single values merged after them
        Map<String, String> spelling = new LinkedHashMap<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        JsonNode multi = root.get("multiValueHeaders");
        if (multi != null && !multi.isNull()) {
            if (!multi.isObject()) {
                return new Malformed("multiValueHeaders is not an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = multi.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    continue;
                }
                if (!e.getValue().isArray()) {
                    return new Malformed("multiValueHeaders." + e.getKey() + " is not a list");
                }
                for (JsonNode v : e.getValue()) {
                    String text = scalar(v);
                    if (text == null && !v.isNull()) {
                        return new Malformed("multiValueHeaders." + e.getKey() + " holds a non-scalar value");
                    }
                    if (text != null) {
                        add(spelling, values, e.getKey(), text);
                    }
                }
            }
        }
        JsonNode single = root.get("headers");
        if (single != null && !single.isNull()) {
            if (!single.isObject()) {
                return new Malformed("headers is not an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = single.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    continue; // null headers are ignored (recorded)
                }
                String text = scalar(e.getValue());
                if (text == null) {
                    return new Malformed("headers." + e.getKey() + " is not a scalar");
                }
                add(spelling, values, e.getKey(), text);
            }
        }

        JsonNode base64 = root.get("isBase64Encoded");
        if (base64 != null && !base64.isNull() && !base64.isBoolean()) {
            return new Malformed("isBase64Encoded is not a boolean");
        }
        JsonNode bodyNode = root.get("body");
        byte[] body;
        if (bodyNode == null || bodyNode.isNull()) {
            body = new byte[0];
        } else if (!bodyNode.isTextual()) {
            return new Malformed("body is not a string");
        } else if (base64 != null && base64.asBoolean() && clientWantsBinary) {
            try {
                body = Base64.getMimeDecoder().decode(bodyNode.textValue());
            } catch (IllegalArgumentException e) {
                return new Malformed("body is not base64: " + e.getMessage());
            }
        } else {
            body = bodyNode.textValue().getBytes(StandardCharsets.UTF_8);
        }

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        boolean contentType = false;
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            String name = spelling.get(e.getKey());
            if (e.getKey().equals("transfer-encoding")) {
                continue;
            }
            if (e.getKey().equals("content-type")) {
                contentType = true;
            }
            String sent = ProxyHeaders.mappedResponseHeaderName(name);
            for (String v : e.getValue()) {
                headers.add(Map.entry(sent, v));
            }
        }
        if (!contentType) {
            headers.add(0, Map.entry("Content-Type", "application/json"));
        }
        return new Valid(new InvokeResponse(status, headers, body));
    }

    /** An integer status (or a string holding one) in 100..599; null otherwise. */
    private static Integer status(JsonNode code) {
        String text;
        if (code.isIntegralNumber()) {
            text = code.asText();
        } else if (code.isTextual()) {
            text = code.textValue().trim();
        } else {
            return null;
        }
        try {
            int s = Integer.parseInt(text);
            // AWS's limits beyond "a number" are unrecorded; the HTTP range is ours
            return s >= 100 && s <= 599 ? s : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Strings as they are; numbers and booleans as their JSON text (recorded: {@code true}). */
    private static String scalar(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        return null;
    }

    private static void add(Map<String, String> spelling, Map<String, List<String>> values, String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        spelling.putIfAbsent(lower, name);
        values.computeIfAbsent(lower, k -> new ArrayList<>(2)).add(value);
    }
}
