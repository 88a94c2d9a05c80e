package io.turnpike.model.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway responses an API has when it customizes nothing, and how customizations combine with
 * them. The control plane shows the result in {@code GetGatewayResponse(s)}; the data plane answers
 * with it.
 *
 * <p>What a type resolves to, in AWS's order (recorded against AWS: a {@code DEFAULT_5XX} put changes
 * every uncustomized 5xx type in {@code GetGatewayResponses}, still marked {@code defaultResponse:
 * true}):
 *
 * <ol>
 *   <li>the API's own customization of the type ({@code defaultResponse: false}); when it was put
 *       without a status code it shows the type's default status, not the umbrella's;
 *   <li>else, when the API customized the type's umbrella ({@code DEFAULT_4XX} or {@code DEFAULT_5XX}),
 *       the umbrella's status code (or the type's own default when the umbrella has none), parameters
 *       and templates, with {@code defaultResponse: true};
 *   <li>else the built-in response: the type's default status, no parameters, and the template
 *       {@value #DEFAULT_TEMPLATE} for {@code application/json}.
 * </ol>
 */
public final class GatewayResponseDefaults {

    /** The body template every built-in gateway response has, for {@code application/json}. */
    public static final String DEFAULT_TEMPLATE = "{\"message\":$context.error.messageString}";

    public static final String JSON = "application/json";

    private GatewayResponseDefaults() {}

    /** The response AWS answers for a type when the API customizes neither it nor its umbrella. */
    public static GatewayResponse builtIn(GatewayResponseType type) {
        return new GatewayResponse(
                type.name(), type.defaultStatusCode().orElse(null), Map.of(), defaultTemplates(), true);
    }

    /**
     * A customization as {@code PutGatewayResponse} stores it: what was not given takes the built-in
     * value, except the status code, which stays absent so that it keeps following the type's default.
     */
    public static GatewayResponse customized(
            GatewayResponseType type,
            String statusCode,
            Map<String, String> responseParameters,
            Map<String, String> responseTemplates) {
        return new GatewayResponse(
                type.name(),
                statusCode,
                responseParameters == null ? Map.of() : copy(responseParameters),
                responseTemplates == null ? defaultTemplates() : copy(responseTemplates),
                false);
    }

    /**
     * What the API answers for {@code type}, given its customizations keyed by response type (see the
     * class comment for the order).
     */
    public static GatewayResponse effective(GatewayResponseType type, Map<String, GatewayResponse> customizations) {
        GatewayResponse own = customizations.get(type.name());
        if (own != null) {
            return withStatus(
                    own,
                    own.statusCode() != null
                            ? own.statusCode()
                            : type.defaultStatusCode().orElse(null));
        }
        GatewayResponse umbrella =
                type.umbrella().map(u -> customizations.get(u.name())).orElse(null);
        if (umbrella == null) {
            return builtIn(type);
        }
        return new GatewayResponse(
                type.name(),
                umbrella.statusCode() != null
                        ? umbrella.statusCode()
                        : type.defaultStatusCode().orElse(null),
                umbrella.responseParameters() == null ? Map.of() : umbrella.responseParameters(),
                umbrella.responseTemplates() == null ? defaultTemplates() : umbrella.responseTemplates(),
                true);
    }

    /** Every type's effective response, in alphabetical order of type as AWS lists them. */
    public static List<GatewayResponse> all(Map<String, GatewayResponse> customizations) {
        List<GatewayResponse> out = new ArrayList<>();
        for (GatewayResponseType t : GatewayResponseType.values()) {
            out.add(effective(t, customizations));
        }
        return out;
    }

    private static GatewayResponse withStatus(GatewayResponse r, String statusCode) {
        return new GatewayResponse(
                r.responseType(),
                statusCode,
                r.responseParameters() == null ? Map.of() : r.responseParameters(),
                r.responseTemplates() == null ? defaultTemplates() : r.responseTemplates(),
                false);
    }

    private static Map<String, String> defaultTemplates() {
        return Map.of(JSON, DEFAULT_TEMPLATE);
    }

    private static Map<String, String> copy(Map<String, String> m) {
        return new LinkedHashMap<>(m);
    }
}
