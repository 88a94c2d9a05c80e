package io.turnpike.dataplane.integration;

import java.util.Locale;
import java.util.Map;

/**
 * Which mapping template applies, as API Gateway chooses (spec data-plane-rest §7).
 *
 * <p>Request side: the key is the request's media type (parameters ignored; no {@code Content-Type}
 * means {@code application/json}), then {@code $default}; when no template matches, {@code
 * passthroughBehavior} decides between passing the body through and 415:
 *
 * <pre>
 *                                 WHEN_NO_MATCH   WHEN_NO_TEMPLATES   NEVER
 *  a template for the type        transform       transform           transform
 *  templates, none for the type   pass through    415                 415
 *  no templates at all            pass through    pass through        415
 * </pre>
 *
 * Response side: the key is the first media type of {@code Accept} (none means {@code
 * application/json}); otherwise the {@code application/json} template, otherwise the first one;
 * without templates the body passes through.
 */
public final class TemplateSelection {

    public static final String JSON = "application/json";

    private TemplateSelection() {}

    /** The outcome for a request: a template key, pass-through, or 415. */
    public sealed interface Choice {
        record Template(String contentType) implements Choice {}

        record PassThrough() implements Choice {}

        record Unsupported() implements Choice {}
    }

    public static Choice forRequest(Map<String, String> templates, String contentType, String passthroughBehavior) {
        String behavior = passthroughBehavior == null ? "WHEN_NO_MATCH" : passthroughBehavior;
        if (templates == null || templates.isEmpty()) {
            return behavior.equals("NEVER") ? new Choice.Unsupported() : new Choice.PassThrough();
        }
        String key = mediaType(contentType, JSON);
        if (templates.containsKey(key)) {
            return new Choice.Template(key);
        }
        for (String k : templates.keySet()) {
            if (k.equalsIgnoreCase(key)) {
                return new Choice.Template(k);
            }
        }
        if (templates.containsKey("$default")) {
            return new Choice.Template("$default");
        }
        return behavior.equals("WHEN_NO_MATCH") ? new Choice.PassThrough() : new Choice.Unsupported();
    }

    /** The response template's key, or null to pass the body through. */
    public static String forResponse(Map<String, String> templates, String accept) {
        if (templates == null || templates.isEmpty()) {
            return null;
        }
        String key = mediaType(accept == null ? null : accept.split(",")[0], JSON);
        if (templates.containsKey(key)) {
            return key;
        }
        if (templates.containsKey(JSON)) {
            return JSON;
        }
        return templates.keySet().iterator().next();
    }

    /** The media type of a Content-Type or Accept value, lower-cased, without parameters. */
    public static String mediaType(String value, String fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int semi = value.indexOf(';');
        String m = (semi < 0 ? value : value.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return m.isEmpty() ? fallback : m;
    }
}
