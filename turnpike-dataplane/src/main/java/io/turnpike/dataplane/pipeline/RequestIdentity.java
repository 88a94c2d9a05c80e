package io.turnpike.dataplane.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who is calling, as the access-control steps established it, for the steps after them: the API-key and
 * usage-plan step reads an authorizer's {@code usageIdentifierKey}; {@code $context.authorizer.*},
 * {@code $context.identity.apiKey} and the Lambda proxy event's {@code requestContext} read both.
 */
public final class RequestIdentity {

    /** Set by the authorization step when a Lambda or Cognito authorizer allowed the request. */
    public static final Attr<Authorized> AUTHORIZER = Attr.of("authorizer");

    /** Set by the API-key step when the request presented a valid key. */
    public static final Attr<ApiKeyUse> API_KEY = Attr.of("apiKey");

    private RequestIdentity() {}

    /**
     * What an authorizer established.
     *
     * @param principalId the Lambda authorizer's {@code principalId}; null for Cognito
     * @param context the Lambda authorizer's {@code context} map (string, number and boolean values)
     * @param usageIdentifierKey the Lambda authorizer's API key for {@code apiKeySource: AUTHORIZER}, or null
     * @param claims the verified token's claims (Cognito user pools); empty for Lambda authorizers
     * @param scopes the access token's scopes that matched {@code authorizationScopes}; may be empty
     */
    public record Authorized(
            String principalId,
            Map<String, Object> context,
            String usageIdentifierKey,
            Map<String, Object> claims,
            List<String> scopes) {
        public Authorized {
            context = Map.copyOf(Objects.requireNonNull(context, "context"));
            claims = Map.copyOf(Objects.requireNonNull(claims, "claims"));
            scopes = List.copyOf(Objects.requireNonNull(scopes, "scopes"));
        }
    }

    /**
     * The API key a request used.
     *
     * @param id the key's id ({@code $context.identity.apiKeyId})
     * @param value the key's value ({@code $context.identity.apiKey}); never logged
     */
    public record ApiKeyUse(String id, String value) {
        public ApiKeyUse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "ApiKeyUse[id=" + id + "]";
        }
    }
}
