package io.turnpike.dataplane.integration.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.turnpike.dataplane.content.ContentHandling;
import io.turnpike.dataplane.integration.TraceIds;
import io.turnpike.dataplane.pipeline.ContextVariables;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.RequestIdentity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Lambda proxy integration's input event, payload format 1.0 (spec data-plane-rest §9), written
 * field by field in AWS's order. Fields AWS sends as {@code null} are sent as {@code null}: {@code
 * queryStringParameters} and its multi-value twin without a query string, {@code pathParameters} and
 * {@code stageVariables} when empty, {@code body} for an empty body, and the identity fields nobody
 * established. {@code requestContext.authorizer} appears only when an authorizer ran, as on AWS.
 */
public final class ProxyEvent {

    private static final JsonFactory JSON = new JsonFactory();

    /** Hop-by-hop and recomputed headers AWS takes out before the event is built (§5.1). */
    private static final Set<String> DROPPED = Set.of(
            "connection",
            "content-length",
            "content-md5",
            "expect",
            "max-forwards",
            "proxy-authenticate",
            "server",
            "te",
            "transfer-encoding",
            "trailer",
            "upgrade",
            "www-authenticate",
            "keep-alive",
            "proxy-connection");

    /** The identity fields every REST event carries, null unless something established them. */
    private static final String[] IDENTITY = {
        "cognitoIdentityPoolId",
        "accountId",
        "cognitoIdentityId",
        "caller",
        "sourceIp",
        "principalOrgId",
        "accessKey",
        "cognitoAuthenticationType",
        "cognitoAuthenticationProvider",
        "userArn",
        "userAgent",
        "user"
    };

    private ProxyEvent() {}

    /** The event for this request, as UTF-8 JSON. */
    public static byte[] of(Exchange ex, ContentHandling content) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(1024 + ex.request().body().length * 4 / 3);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, ex, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Exchange ex, ContentHandling content) throws IOException {
        Map<String, Object> ctx = ContextVariables.of(ex);
        g.writeStartObject();
        g.writeStringField("resource", ex.method().resource().path());
        g.writeStringField("path", ex.request().resourcePath());
        g.writeStringField("httpMethod", ex.request().method());

        Map<String, List<String>> headers = headers(ex);
        if (headers.isEmpty()) {
            g.writeNullField("headers");
            g.writeNullField("multiValueHeaders");
        } else {
            g.writeObjectFieldStart("headers");
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                g.writeStringField(h.getKey(), last(h.getValue()));
            }
            g.writeEndObject();
            writeMulti(g, "multiValueHeaders", headers);
        }

        Map<String, List<String>> query = ex.query();
        if (query.isEmpty()) {
            g.writeNullField("queryStringParameters");
            g.writeNullField("multiValueQueryStringParameters");
        } else {
            g.writeObjectFieldStart("queryStringParameters");
            for (Map.Entry<String, List<String>> q : query.entrySet()) {
                g.writeStringField(q.getKey(), last(q.getValue()));
            }
            g.writeEndObject();
            writeMulti(g, "multiValueQueryStringParameters", query);
        }
        writeStrings(g, "pathParameters", ex.pathParams());
        writeStrings(g, "stageVariables", ex.stage().variables());

        g.writeObjectFieldStart("requestContext");
        g.writeStringField("resourceId", (String) ctx.get("resourceId"));
        RequestIdentity.Authorized authorized = ex.get(RequestIdentity.AUTHORIZER);
        if (authorized != null) {
            writeAuthorizer(g, authorized);
        }
        g.writeStringField("resourcePath", (String) ctx.get("resourcePath"));
        g.writeStringField("httpMethod", ex.request().method());
        g.writeStringField("extendedRequestId", ex.extendedRequestId());
        g.writeStringField("requestTime", (String) ctx.get("requestTime"));
        g.writeStringField("path", ex.request().stagePath());
        g.writeStringField("accountId", ex.stage().config().accountId());
        g.writeStringField("protocol", "HTTP/1.1");
        g.writeStringField("stage", ex.stage().stageName());
        g.writeStringField("domainPrefix", (String) ctx.get("domainPrefix"));
        g.writeNumberField("requestTimeEpoch", ex.requestTimeEpochMillis());
        g.writeStringField("requestId", ex.requestId());
        g.writeObjectFieldStart("identity");
        @SuppressWarnings("unchecked")
        Map<String, Object> identity = (Map<String, Object>) ctx.get("identity");
        for (String k : IDENTITY) {
            Object v = identity == null ? null : identity.get(k);
            if (v == null) {
                g.writeNullField(k);
            } else {
                g.writeStringField(k, v.toString());
            }
        }
        RequestIdentity.ApiKeyUse key = ex.get(RequestIdentity.API_KEY);
        if (key != null) {
            g.writeStringField("apiKey", key.value());
            g.writeStringField("apiKeyId", key.id());
        }
        g.writeEndObject();
        g.writeStringField("domainName", ex.request().domainName());
        g.writeStringField("deploymentId", ex.stage().stage().deploymentId());
        g.writeStringField("apiId", ex.stage().apiId());
        g.writeEndObject();

        byte[] body = ex.request().body();
        boolean binary = content.isBinary(ex.header("Content-Type"));
        if (body.length == 0) {
            g.writeNullField("body");
        } else if (binary) {
            g.writeStringField("body", Base64.getEncoder().encodeToString(body));
        } else {
            g.writeStringField("body", new String(body, StandardCharsets.UTF_8));
        }
        g.writeBooleanField("isBase64Encoded", binary && body.length > 0);
        g.writeEndObject();
    }

    /**
     * A Lambda authorizer's answer ({@code principalId}, its context entries, {@code integrationLatency})
     * or a Cognito user pool's ({@code claims} as strings, and {@code scopes} for access tokens).
     */
    private static void writeAuthorizer(JsonGenerator g, RequestIdentity.Authorized a) throws IOException {
        g.writeObjectFieldStart("authorizer");
        if (a.principalId() != null) {
            g.writeStringField("principalId", a.principalId());
            for (Map.Entry<String, Object> e : a.context().entrySet()) {
                Object v = e.getValue();
                if (v instanceof Number n) {
                    g.writeFieldName(e.getKey());
                    g.writeNumber(n.toString());
                } else if (v instanceof Boolean b) {
                    g.writeBooleanField(e.getKey(), b);
                } else if (v == null) {
                    g.writeNullField(e.getKey());
                } else {
                    g.writeStringField(e.getKey(), v.toString());
                }
            }
            // AWS reports the authorizer call's latency; the authorization step does not record it yet
            g.writeNumberField("integrationLatency", 0);
        } else {
            g.writeObjectFieldStart("claims");
            for (Map.Entry<String, Object> e : new TreeMap<>(a.claims()).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue() == null ? null : claimText(e.getValue()));
            }
            g.writeEndObject();
            if (!a.scopes().isEmpty()) {
                g.writeArrayFieldStart("scopes");
                for (String s : a.scopes()) {
                    g.writeString(s);
                }
                g.writeEndArray();
            }
        }
        g.writeEndObject();
    }

    /** Claims are strings in the event; lists (such as {@code cognito:groups}) as AWS prints them. */
    private static String claimText(Object v) {
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>(l.size());
            l.forEach(x -> parts.add(String.valueOf(x)));
            return "[" + String.join(" ", parts) + "]";
        }
        return v.toString();
    }

    /**
     * The client's headers in wire order, grouped case-insensitively under the first spelling, without
     * the dropped ones, plus what API Gateway adds: {@code X-Forwarded-For} (the client's address
     * appended), {@code X-Forwarded-Port}, {@code X-Forwarded-Proto} and {@code X-Amzn-Trace-Id}.
     */
    static Map<String, List<String>> headers(Exchange ex) {
        Map<String, List<String>> byLower = new LinkedHashMap<>();
        Map<String, String> spelling = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : ex.request().headers()) {
            String lower = h.getKey().toLowerCase(Locale.ROOT);
            if (DROPPED.contains(lower)) {
                continue;
            }
            spelling.putIfAbsent(lower, h.getKey());
            byLower.computeIfAbsent(lower, k -> new ArrayList<>(1)).add(h.getValue());
        }
        String sourceIp = ex.request().sourceIp();
        if (sourceIp != null) {
            List<String> xff = byLower.get("x-forwarded-for");
            if (xff == null) {
                spelling.put("x-forwarded-for", "X-Forwarded-For");
                byLower.put("x-forwarded-for", new ArrayList<>(List.of(sourceIp)));
            } else {
                xff.set(xff.size() - 1, xff.get(xff.size() - 1) + ", " + sourceIp);
            }
        }
        spelling.putIfAbsent("x-forwarded-port", "X-Forwarded-Port");
        byLower.put("x-forwarded-port", List.of(port(ex.header("Host"))));
        spelling.putIfAbsent("x-forwarded-proto", "X-Forwarded-Proto");
        byLower.put("x-forwarded-proto", List.of("http")); // the data plane serves plain HTTP
        spelling.putIfAbsent("x-amzn-trace-id", "X-Amzn-Trace-Id");
        byLower.put("x-amzn-trace-id", List.of(TraceIds.of(ex)));
        Map<String, List<String>> out = new LinkedHashMap<>();
        byLower.forEach((lower, values) -> out.put(spelling.get(lower), values));
        return out;
    }

    private static String port(String host) {
        if (host != null) {
            int colon = host.lastIndexOf(':');
            if (colon > 0 && host.indexOf(']', colon) < 0) {
                String p = host.substring(colon + 1);
                if (!p.isEmpty() && p.chars().allMatch(Character::isDigit)) {
                    return p;
                }
            }
        }
        return "80";
    }

    private static void writeMulti(JsonGenerator g, String field, Map<String, List<String>> values) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            g.writeArrayFieldStart(e.getKey());
            for (String v : e.getValue()) {
                g.writeString(v);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String field, Map<String, String> values) throws IOException {
        if (values == null || values.isEmpty()) {
            g.writeNullField(field);
            return;
        }
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : values.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static String last(List<String> values) {
        return values.get(values.size() - 1);
    }
}
