package io.turnpike.dataplane.gatewayresponse;

import io.turnpike.model.rest.GatewayResponse;
import io.turnpike.model.rest.GatewayResponseDefaults;
import io.turnpike.model.rest.GatewayResponseType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stage's gateway responses, resolved once per snapshot for every type (own customization, else the
 * {@code DEFAULT_4XX}/{@code DEFAULT_5XX} umbrella, else AWS's built-in default).
 *
 * <p>Bodies are not VTL: AWS substitutes only {@code $context.*} and {@code $stageVariables.*}
 * references, with {@code $context.error.messageString} being the message as a JSON string literal (or
 * {@code null}), so the default template {@code {"message":$context.error.messageString}} is always
 * valid JSON.
 */
public final class GatewayResponses {

    /** {@code $context.a.b} or {@code ${context.a.b}} (groups 1-2 or 3-4). */
    private static final Pattern REFERENCE = Pattern.compile(
            "\\$\\{(context|stageVariables)((?:\\.[A-Za-z0-9_-]+)+)\\}|\\$(context|stageVariables)((?:\\.[A-Za-z0-9_-]+)+)");

    private final Map<GatewayResponseType, GatewayResponse> effective;

    private GatewayResponses(Map<GatewayResponseType, GatewayResponse> effective) {
        this.effective = effective;
    }

    public static GatewayResponses compile(List<GatewayResponse> customizations) {
        Map<String, GatewayResponse> byType = new HashMap<>();
        if (customizations != null) {
            for (GatewayResponse g : customizations) {
                byType.put(g.responseType(), g);
            }
        }
        Map<GatewayResponseType, GatewayResponse> out = new EnumMap<>(GatewayResponseType.class);
        for (GatewayResponseType t : GatewayResponseType.values()) {
            out.put(t, GatewayResponseDefaults.effective(t, byType));
        }
        return new GatewayResponses(out);
    }

    /** Everything a rendering reads about the request. */
    public interface Source {
        /** A {@code $context} value by dotted path below {@code context} ("error.messageString"), or null. */
        Object context(String path);

        String stageVariable(String name);

        /** {@code method.request.header|path|querystring|multivalueheader.NAME}, or null. */
        String methodRequest(String kind, String name);
    }

    /** A rendered gateway response: status, headers (Content-Type first), body. */
    public record Rendered(int status, List<Map.Entry<String, String>> headers, byte[] body) {}

    /**
     * Renders {@code type} for a request. {@code errorType} goes into {@code x-amzn-ErrorType}; {@code
     * accept} picks the template (the {@code application/json} one unless the client asked for another
     * that exists).
     */
    public Rendered render(GatewayResponseType type, String errorType, String accept, Source source) {
        GatewayResponse r = effective.get(type);
        int status = r.statusCode() == null ? fallbackStatus(type) : Integer.parseInt(r.statusCode());
        Map<String, String> templates = r.responseTemplates() == null ? Map.of() : r.responseTemplates();
        String contentType = chooseTemplate(templates, accept);
        String template = contentType == null ? "" : templates.get(contentType);
        String body = substitute(template, source);

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", contentType == null ? GatewayResponseDefaults.JSON : contentType));
        headers.add(Map.entry("x-amzn-ErrorType", errorType));
        if (r.responseParameters() != null) {
            for (Map.Entry<String, String> p : r.responseParameters().entrySet()) {
                String key = p.getKey();
                if (!key.startsWith("gatewayresponse.header.")) {
                    continue;
                }
                String value = parameterValue(p.getValue(), source);
                if (value != null) {
                    headers.add(Map.entry(key.substring("gatewayresponse.header.".length()), value));
                }
            }
        }
        return new Rendered(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The response AWS would send for {@code type} (for tests and TestInvokeMethod logs). */
    public GatewayResponse effective(GatewayResponseType type) {
        return effective.get(type);
    }

    private static int fallbackStatus(GatewayResponseType type) {
        // DEFAULT_4XX/5XX have no status of their own; they are never raised directly
        return type.name().contains("5XX") ? 500 : 400;
    }

    private static String chooseTemplate(Map<String, String> templates, String accept) {
        if (templates.isEmpty()) {
            return null;
        }
        if (accept != null) {
            String first = accept.split(",")[0].split(";")[0].trim();
            if (templates.containsKey(first)) {
                return first;
            }
        }
        if (templates.containsKey(GatewayResponseDefaults.JSON)) {
            return GatewayResponseDefaults.JSON;
        }
        return templates.keySet().iterator().next();
    }

    static String substitute(String template, Source source) {
        if (template == null || template.indexOf('$') < 0) {
            return template == null ? "" : template;
        }
        Matcher m = REFERENCE.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 32);
        while (m.find()) {
            String root = m.group(1) != null ? m.group(1) : m.group(3);
            String path = (m.group(2) != null ? m.group(2) : m.group(4)).substring(1);
            Object value = root.equals("context") ? source.context(path) : source.stageVariable(path);
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value.toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String parameterValue(String expression, Source source) {
        if (expression == null) {
            return null;
        }
        if (expression.length() >= 2 && expression.startsWith("'") && expression.endsWith("'")) {
            return expression.substring(1, expression.length() - 1);
        }
        Function<String, String> after = prefix -> expression.substring(prefix.length());
        if (expression.startsWith("method.request.")) {
            String rest = after.apply("method.request.");
            int dot = rest.indexOf('.');
            return dot < 0 ? null : source.methodRequest(rest.substring(0, dot), rest.substring(dot + 1));
        }
        if (expression.startsWith("stageVariables.")) {
            return source.stageVariable(after.apply("stageVariables."));
        }
        if (expression.startsWith("context.")) {
            Object v = source.context(after.apply("context."));
            return v == null ? null : v.toString();
        }
        return null;
    }
}
