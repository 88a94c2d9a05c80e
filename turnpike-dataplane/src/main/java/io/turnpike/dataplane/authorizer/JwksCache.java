package io.turnpike.dataplane.authorizer;

import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.turnpike.dataplane.Deferred;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signing keys of each token issuer, fetched from {@code {issuer}/.well-known/jwks.json} and kept.
 *
 * <p>Fetches are asynchronous (the JDK HTTP client's own threads, never an event loop) and shared: the
 * requests that arrive while an issuer's keys are on their way wait for the same fetch. A token signed
 * with a key id the kept set does not have triggers one refetch (key rotation), but at most one per
 * {@code minRefetch} per issuer, measured by the injected ticker, so a stream of forged key ids cannot
 * turn the gateway into a load generator against the identity provider. A failed fetch is retried by
 * the next request. Only issuers named by configured authorizers are ever fetched.
 */
public final class JwksCache {

    /** The largest key set accepted (API Gateway's JWT authorizers take at most 150,000 bytes). */
    static final int MAX_BYTES = 150_000;

    private record State(CompletableFuture<JWKSet> keys, long fetchedAtNanos) {}

    private final Deferred<HttpClient> http;
    private final Ticker ticker;
    private final long minRefetchNanos;
    private final Duration fetchTimeout;
    private final ConcurrentHashMap<String, State> issuers = new ConcurrentHashMap<>();

    /** @param http the client, built on first use (the JDK's TLS stack is costly to set up; see {@link Deferred}) */
    public JwksCache(Deferred<HttpClient> http, Ticker ticker, Duration minRefetch, Duration fetchTimeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.minRefetchNanos = minRefetch.toNanos();
        this.fetchTimeout = Objects.requireNonNull(fetchTimeout, "fetchTimeout");
    }

    /** The issuer's RSA key with this id, or null when the issuer has none (even after a refetch). */
    CompletableFuture<RSAKey> key(String issuer, String kid) {
        State state = issuers.compute(
                issuer, (k, old) -> old == null || old.keys().isCompletedExceptionally() ? fetch(issuer) : old);
        return state.keys().thenCompose(set -> {
            RSAKey key = find(set, kid);
            if (key != null) {
                return CompletableFuture.completedFuture(key);
            }
            State again = issuers.compute(
                    issuer,
                    (k, old) -> old == state && ticker.read() - old.fetchedAtNanos() >= minRefetchNanos
                            ? fetch(issuer)
                            : old);
            return again == state
                    ? CompletableFuture.completedFuture(null)
                    : again.keys().thenApply(s -> find(s, kid));
        });
    }

    private State fetch(String issuer) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/.well-known/jwks.json"))
                .timeout(fetchTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        CompletableFuture<JWKSet> keys = http.get()
                .thenCompose(
                        client -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)))
                .thenApply(response -> {
                    if (response.body().length() > MAX_BYTES) {
                        throw new IllegalStateException(
                                "JWKS " + request.uri() + ": more than " + MAX_BYTES + " bytes");
                    }
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(
                                "JWKS " + request.uri() + ": HTTP " + response.statusCode() + " (expected: 200)");
                    }
                    try {
                        return JWKSet.parse(response.body());
                    } catch (java.text.ParseException e) {
                        throw new IllegalStateException("JWKS " + request.uri() + ": " + e.getMessage(), e);
                    }
                });
        return new State(keys, ticker.read());
    }

    private static RSAKey find(JWKSet set, String kid) {
        JWK key = set.getKeyByKeyId(kid);
        return key instanceof RSAKey rsa ? rsa : null;
    }
}
