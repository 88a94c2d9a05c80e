package io.turnpike.dataplane.pipeline;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code $context} variables of a REST API request (spec/vtl.md §3), as the nested map templates,
 * parameter mappings and gateway responses read. Built once per request, when first needed.
 */
public final class ContextVariables {

    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private static final Attr<Map<String, Object>> CONTEXT = Attr.of("context");

    /**
     * {@code $context.identity} values that replace the defaults, for requests API Gateway makes on a
     * caller's behalf: TestInvokeMethod fills in the identity AWS gives test invocations.
     */
    public static final Attr<Map<String, Object>> IDENTITY = Attr.of("identity");

    /** {@code $context.identity} keys that are null unless an authorizer or a caller fills them. */
    private static final String[] IDENTITY_DEFAULTS = {
        "accountId",
        "apiKey",
        "apiKeyId",
        "caller",
        "cognitoAuthenticationProvider",
        "cognitoAuthenticationType",
        "cognitoIdentityId",
        "cognitoIdentityPoolId",
        "principalOrgId",
        "user",
        "userArn",
        "accessKey",
        "vpcId",
        "vpceId"
    };

    /** The last second formatted as {@code requestTime}; requests in the same second share the text. */
    private record FormattedSecond(long epochSecond, String text) {}

    private static volatile FormattedSecond lastRequestTime = new FormattedSecond(Long.MIN_VALUE, "");

    private ContextVariables() {}

    /** {@code $context.requestTime} ({@code dd/MMM/yyyy:HH:mm:ss +0000}) of a request time. */
    static String requestTime(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000L);
        FormattedSecond last = lastRequestTime;
        if (last.epochSecond() != second) {
            last = new FormattedSecond(second, REQUEST_TIME.format(Instant.ofEpochSecond(second)));
            lastRequestTime = last; // a race only formats the same second twice
        }
        return last.text();
    }

    /** The request's {@code $context} map (created on first use, then shared by later steps). */
    public static Map<String, Object> of(Exchange ex) {
        Map<String, Object> ctx = ex.get(CONTEXT);
        if (ctx == null) {
            ctx = build(ex);
            ex.set(CONTEXT, ctx);
        }
        return ctx;
    }

    /** Adds {@code $context.error.*} for a gateway response. */
    public static Map<String, Object> withError(Exchange ex, GatewayError error) {
        Map<String, Object> ctx = new HashMap<>(of(ex));
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("message", error.message());
        err.put("messageString", error.message() == null ? "null" : quote(error.message()));
        err.put("responseType", error.type().name());
        err.put("validationErrorString", error.validationErrorString());
        ctx.put("error", err);
        return ctx;
    }

    private static Map<String, Object> build(Exchange ex) {
        InvokeRequest r = ex.request();
        Map<String, Object> ctx = new HashMap<>(48);
        var stage = ex.stage();
        ctx.put("accountId", stage.config().accountId());
        ctx.put("apiId", stage.apiId());
        ctx.put("stage", stage.stageName());
        ctx.put("deploymentId", stage.stage().deploymentId());
        ctx.put("domainName", r.domainName());
        ctx.put("domainPrefix", domainPrefix(r.domainName()));
        ctx.put("extendedRequestId", ex.extendedRequestId());
        ctx.put("requestId", ex.requestId());
        ctx.put("httpMethod", r.method());
        ctx.put("path", r.stagePath());
        ctx.put("protocol", "HTTP/1.1"); // AWS reports HTTP/1.1 here even for HTTP/2 clients
        ctx.put("isCanaryRequest", false);
        ctx.put("requestTime", requestTime(ex.requestTimeEpochMillis()));
        ctx.put("requestTimeEpoch", ex.requestTimeEpochMillis());
        if (ex.method() != null) {
            ctx.put("resourceId", ex.method().resource().id());
            ctx.put("resourcePath", ex.method().resource().path());
            ctx.put("operationName", ex.method().method().operationName());
        }
        // sized for the defaults, sourceIp and userAgent without a resize; filled key by key, which is
        // cheaper than copying a map of defaults (an iterator and a table walk per request)
        Map<String, Object> identity = new HashMap<>(32);
        for (String k : IDENTITY_DEFAULTS) {
            identity.put(k, null);
        }
        identity.put("sourceIp", r.sourceIp());
        identity.put("userAgent", ex.header("User-Agent"));
        RequestIdentity.ApiKeyUse key = ex.get(RequestIdentity.API_KEY);
        if (key != null) {
            identity.put("apiKey", key.value());
            identity.put("apiKeyId", key.id());
        }
        Map<String, Object> given = ex.get(IDENTITY);
        if (given != null) {
            identity.putAll(given);
        }
        ctx.put("identity", identity);
        ctx.put("authorizer", authorizer(ex.get(RequestIdentity.AUTHORIZER)));
        return ctx;
    }

    /**
     * Sets {@code $context.authorizer} from {@link RequestIdentity#AUTHORIZER}; the authorize step calls
     * it. A map not built yet needs nothing: it reads the attribute when it is built.
     */
    public static void authorized(Exchange ex) {
        Map<String, Object> ctx = ex.get(CONTEXT);
        if (ctx != null) {
            ctx.put("authorizer", authorizer(ex.get(RequestIdentity.AUTHORIZER)));
        }
    }

    /**
     * Sets {@code $context.identity.apiKey} and {@code apiKeyId} from {@link RequestIdentity#API_KEY};
     * the API key step calls it. The map may already be built (a REQUEST authorizer reads it before the
     * key is checked); one not built yet reads the attribute when it is.
     */
    @SuppressWarnings("unchecked")
    public static void apiKeyUsed(Exchange ex) {
        Map<String, Object> ctx = ex.get(CONTEXT);
        RequestIdentity.ApiKeyUse key = ex.get(RequestIdentity.API_KEY);
        if (ctx != null && key != null && ctx.get("identity") instanceof Map<?, ?> identity) {
            ((Map<String, Object>) identity).put("apiKey", key.value());
            ((Map<String, Object>) identity).put("apiKeyId", key.id());
        }
    }

    /**
     * {@code $context.authorizer}: {@code principalId} and the Lambda authorizer's context values,
     * stringified as AWS does ({@code 1} → {@code "1"}), and {@code claims.*} for Cognito.
     */
    private static Map<String, Object> authorizer(RequestIdentity.Authorized a) {
        Map<String, Object> m = new HashMap<>();
        if (a != null) {
            for (Map.Entry<String, Object> e : a.context().entrySet()) {
                m.put(e.getKey(), String.valueOf(e.getValue()));
            }
            if (a.principalId() != null) {
                m.put("principalId", a.principalId());
            }
            if (!a.claims().isEmpty()) {
                Map<String, Object> claims = new HashMap<>();
                a.claims().forEach((k, v) -> claims.put(k, String.valueOf(v)));
                m.put("claims", claims);
            }
        }
        return m;
    }

    private static String domainPrefix(String domainName) {
        if (domainName == null) {
            return null;
        }
        int dot = domainName.indexOf('.');
        return dot < 0 ? domainName : domainName.substring(0, dot);
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
