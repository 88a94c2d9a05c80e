package io.turnpike.dataplane.authorizer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.turnpike.model.rest.Authorizer;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Cognito user pool authorizer ({@code COGNITO_USER_POOLS}), compiled: the issuers of its pools and
 * the header the token arrives in (spec auth.md §2).
 *
 * <p>A token is accepted when it is a JWS signed with RS256 by a key of its issuer's JWKS (found by
 * {@code kid}), its {@code iss} is one of the pools, it has not expired ({@code exp}) and is already
 * valid ({@code nbf}), and it is the right kind: a method without {@code authorizationScopes} takes ID
 * tokens ({@code token_use: id}, with an {@code aud}, which {@code identityValidationExpression} must
 * match when set); a method with scopes takes access tokens ({@code token_use: access}, with a {@code
 * client_id}) whose {@code scope} holds at least one of them. Anything else (no header, unsigned or
 * HMAC tokens, unknown keys, a bad signature, expired, not yet valid) is 401 {@code Unauthorized}.
 *
 * <p>The issuer of pool {@code arn:aws:cognito-idp:{region}:{account}:userpool/{poolId}} is {@code
 * https://cognito-idp.{region}.amazonaws.com/{poolId}}, or {@code {issuerBase}/{poolId}} when the node
 * is configured with an issuer base (a self-hosted identity provider standing in for Cognito).
 */
public final class CognitoAuthorizer {

    private static final Pattern POOL_ARN =
            Pattern.compile("arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):\\d{12}:userpool/(.+)");

    /** How AWS renders {@code exp} and {@code iat} in claims (as Java's {@code Date.toString} in UTC). */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern(
                    "EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final Authorizer definition;
    private final Set<String> issuers;
    private final String header;
    private final Pattern audience;

    private CognitoAuthorizer(Authorizer definition, Set<String> issuers, String header, Pattern audience) {
        this.definition = definition;
        this.issuers = Set.copyOf(issuers);
        this.header = header;
        this.audience = audience;
    }

    public static CognitoAuthorizer compile(Authorizer a, String issuerBase) {
        if (a.providerARNs() == null || a.providerARNs().isEmpty()) {
            throw new IllegalArgumentException("authorizer " + a.id() + ": no providerARNs");
        }
        Set<String> issuers = new LinkedHashSet<>();
        for (String arn : a.providerARNs()) {
            Matcher m = POOL_ARN.matcher(arn);
            if (!m.matches()) {
                throw new IllegalArgumentException("authorizer " + a.id() + ": providerARN " + arn
                        + " (expected: arn:aws:cognito-idp:{region}:{account}:userpool/{poolId})");
            }
            issuers.add(issuer(issuerBase, m.group(1), m.group(2)));
        }
        List<LambdaAuthorizer.Source> sources = LambdaAuthorizer.parseSources(a.identitySource());
        if (sources.size() != 1 || !sources.get(0).kind().equals("header")) {
            throw new IllegalArgumentException("authorizer " + a.id() + ": identitySource " + a.identitySource()
                    + " (expected: method.request.header.{name})");
        }
        Pattern audience =
                a.identityValidationExpression() == null ? null : Pattern.compile(a.identityValidationExpression());
        return new CognitoAuthorizer(a, issuers, sources.get(0).name(), audience);
    }

    static String issuer(String issuerBase, String region, String poolId) {
        String base = issuerBase == null ? "https://cognito-idp." + region + ".amazonaws.com" : issuerBase;
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + poolId;
    }

    public Authorizer definition() {
        return definition;
    }

    /** The token's header value, or null. */
    String token(AuthorizerRequest r) {
        String v = r.header(header);
        return v == null || v.isEmpty() ? null : v;
    }

    /**
     * Verifies the token for a method with these {@code authorizationScopes} (empty: ID tokens).
     * Completes with {@link AuthorizerOutcome.Identified} (claims as strings) or a rejection; fails
     * only when the issuer's keys cannot be fetched.
     */
    CompletableFuture<AuthorizerOutcome> verify(String token, List<String> methodScopes, JwksCache jwks, Clock clock) {
        if (token == null) {
            return done(AuthorizerOutcome.unauthorized("no token in header " + header));
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return done(AuthorizerOutcome.unauthorized("not a signed JWT: " + e.getMessage()));
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            return done(AuthorizerOutcome.unauthorized("alg " + jwt.getHeader().getAlgorithm() + " (expected: RS256)"));
        }
        String kid = jwt.getHeader().getKeyID();
        String iss = claims.getIssuer();
        if (kid == null || iss == null || !issuers.contains(iss)) {
            return done(AuthorizerOutcome.unauthorized("kid " + kid + " / iss " + iss + " not accepted"));
        }
        return jwks.key(iss, kid).thenApply(key -> {
            if (key == null) {
                return AuthorizerOutcome.unauthorized("unknown kid " + kid);
            }
            try {
                if (!jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
                    return AuthorizerOutcome.unauthorized("bad signature");
                }
            } catch (JOSEException e) {
                return AuthorizerOutcome.unauthorized("signature: " + e.getMessage());
            }
            return checkClaims(claims, methodScopes, clock.instant());
        });
    }

    private AuthorizerOutcome checkClaims(JWTClaimsSet claims, List<String> methodScopes, Instant now) {
        Date exp = claims.getExpirationTime();
        if (exp == null || !now.isBefore(exp.toInstant())) {
            return AuthorizerOutcome.unauthorized("expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant())) {
            return AuthorizerOutcome.unauthorized("not yet valid");
        }
        Object use = claims.getClaim("token_use");
        List<String> granted = new ArrayList<>();
        if (methodScopes.isEmpty()) {
            List<String> aud = claims.getAudience();
            if (!"id".equals(use) || aud == null || aud.isEmpty()) {
                return AuthorizerOutcome.unauthorized("expected an ID token with aud");
            }
            if (audience != null
                    && aud.stream().noneMatch(a -> audience.matcher(a).matches())) {
                return AuthorizerOutcome.unauthorized("aud does not match identityValidationExpression");
            }
        } else {
            if (!"access".equals(use) || !(claims.getClaim("client_id") instanceof String)) {
                return AuthorizerOutcome.unauthorized("expected an access token with client_id");
            }
            Object scope = claims.getClaim("scope");
            Set<String> tokenScopes = scope instanceof String s
                    ? new LinkedHashSet<>(List.of(s.trim().split("\\s+")))
                    : Set.of();
            for (String s : methodScopes) {
                if (tokenScopes.contains(s)) {
                    granted.add(s);
                }
            }
            if (granted.isEmpty()) {
                return AuthorizerOutcome.unauthorized("no scope of the method in the token");
            }
        }
        return new AuthorizerOutcome.Identified(null, null, null, Map.of(), null, stringClaims(claims), granted);
    }

    /**
     * Claims as AWS passes them on: every value a string; {@code exp} and {@code iat} as dates; lists
     * (such as {@code cognito:groups}) joined with commas (our rendering: the spec has no recording).
     */
    static Map<String, Object> stringClaims(JWTClaimsSet claims) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> c : claims.getClaims().entrySet()) {
            Object v = c.getValue();
            String s;
            if (v instanceof Date d) {
                s = c.getKey().equals("exp") || c.getKey().equals("iat")
                        ? DATE.format(d.toInstant())
                        : Long.toString(d.toInstant().getEpochSecond());
            } else if (v instanceof List<?> list) {
                s = String.join(",", list.stream().map(String::valueOf).toList());
            } else {
                s = String.valueOf(v);
            }
            out.put(c.getKey(), s);
        }
        return out;
    }

    private static CompletableFuture<AuthorizerOutcome> done(AuthorizerOutcome o) {
        return CompletableFuture.completedFuture(o);
    }
}
