package io.turnpike.dataplane.throttle;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Every token bucket of this node, by what it limits.
 *
 * <p><b>Why buckets live here and not in the snapshot.</b> Snapshots are rebuilt on every configuration
 * change and thrown away; a bucket is state that must survive that, or each deployment (or each new API
 * key somewhere else) would refill every bucket and let a burst through. So buckets are kept in this one
 * map, keyed by the ids of what they limit, never by snapshot objects:
 *
 * <pre>
 *   Scope.account()                                  the account's throttleSettings
 *   Scope.stageMethod(apiId, stage, "GET /pets")     a stage's methodSettings (exact entry, else *&#47;*)
 *   Scope.planKey(planId, keyId)                     a usage plan's throttle, per key, across its stages
 *   Scope.planKeyMethod(planId, keyId, apiId, stage, "/pets/GET")   a plan's per-method throttle, per key
 * </pre>
 *
 * Compiled steps and the key table look buckets up here when they are built (off the request path) and
 * hold them directly, so a request does no lookup for a bucket it already knows. When a limit changes the
 * bucket is replaced by one {@linkplain TokenBucket#reconfigured carrying over} its state. Wrong API keys
 * never create a bucket: only keys that exist in the store do, so the map is bounded by configuration.
 */
public final class Buckets {

    /** What a bucket limits; see the class comment for the shapes. */
    public record Scope(String kind, String a, String b, String c, String d, String e) {
        public static Scope account() {
            return new Scope("account", "", "", "", "", "");
        }

        public static Scope stageMethod(String apiId, String stage, String method) {
            return new Scope("stage", apiId, stage, method, "", "");
        }

        public static Scope planKey(String planId, String keyId) {
            return new Scope("plan", planId, keyId, "", "", "");
        }

        public static Scope planKeyMethod(String planId, String keyId, String apiId, String stage, String method) {
            return new Scope("planMethod", planId, keyId, apiId, stage, method);
        }
    }

    private final Ticker ticker;
    private final ConcurrentHashMap<Scope, TokenBucket> buckets = new ConcurrentHashMap<>();

    public Buckets(Ticker ticker) {
        this.ticker = ticker;
    }

    /** The bucket of {@code scope} with these limits, created or reconfigured as needed. */
    public TokenBucket bucket(Scope scope, double rate, int burst) {
        // the usual case reads without locking: compute() takes the bin's lock even to return what is there,
        // which event loops asking for the same bucket would wait on
        TokenBucket existing = buckets.get(scope);
        if (existing != null && existing.has(rate, burst)) {
            return existing;
        }
        return buckets.compute(scope, (s, b) -> {
            if (b == null) {
                return new TokenBucket(rate, burst, ticker);
            }
            return b.has(rate, burst) ? b : b.reconfigured(rate, burst);
        });
    }

    /** Drops buckets whose scope no longer exists in the configuration. */
    public void retain(Predicate<Scope> live) {
        buckets.keySet().removeIf(s -> !live.test(s));
    }

    public int size() {
        return buckets.size();
    }

    Set<Scope> scopes() {
        return buckets.keySet();
    }

    public Ticker ticker() {
        return ticker;
    }
}
