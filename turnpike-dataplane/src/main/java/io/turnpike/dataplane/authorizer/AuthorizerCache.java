package io.turnpike.dataplane.authorizer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Lambda authorizer results, cached per stage as AWS caches them (spec auth.md §1.6): the key is the
 * authorizer and its identity-source values, the value the function's whole answer, which is
 * re-evaluated against each later request's method ARN (so a policy written for {@code GET /pets/1}
 * denies {@code GET /pets/2} on a cache hit, as on AWS).
 *
 * <p>Each entry lives for its authorizer's {@code authorizerResultTtlInSeconds}, measured by the
 * injected {@link Ticker}. FlushStageAuthorizersCache bumps a stage's generation in the store; the
 * generation is part of the key, so a flush makes every earlier entry of the stage unreachable on every
 * node (they then age out or are evicted by size).
 */
public final class AuthorizerCache {

    /** Entries kept at most; beyond it Caffeine evicts the least useful. */
    static final long MAXIMUM_SIZE = 100_000;

    record Key(String apiId, String stage, long generation, String authorizerId, List<String> identity) {
        Key {
            identity = List.copyOf(identity);
        }
    }

    private record Entry(AuthorizerOutcome.Identified outcome, long ttlNanos) {}

    private final Cache<Key, Entry> cache;
    /**
     * Calls in flight, by key: when an entry is missing or has just expired, every request with the same
     * identity arriving meanwhile waits for the one call instead of making its own. Without this, a
     * popular token's expiry under load starts a burst of identical calls that can exceed the function's
     * concurrency (answered 429 by Lambda, so 500 AuthorizerConfigurationException to those callers).
     */
    private final java.util.concurrent.ConcurrentMap<Key, java.util.concurrent.CompletableFuture<AuthorizerOutcome>>
            inflight = new java.util.concurrent.ConcurrentHashMap<>();

    public AuthorizerCache(Ticker ticker) {
        Objects.requireNonNull(ticker, "ticker");
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                // Caffeine's upkeep (every 16th read or so, on an event loop) runs right there, not on
                // ForkJoinPool.commonPool(), where each hand-off woke a worker thread: 3% of the CPU of a
                // cached-authorizer request went to that wake-up and the worker's context switches
                .executor(Runnable::run)
                .maximumSize(MAXIMUM_SIZE)
                .expireAfter(new Expiry<Key, Entry>() {
                    @Override
                    public long expireAfterCreate(Key key, Entry value, long currentTime) {
                        return value.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Entry value, long currentTime, long currentDuration) {
                        return value.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(Key key, Entry value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    AuthorizerOutcome.Identified get(Key key) {
        Entry e = cache.getIfPresent(key);
        return e == null ? null : e.outcome();
    }

    void put(Key key, AuthorizerOutcome.Identified outcome, long ttlSeconds) {
        if (ttlSeconds > 0) {
            cache.put(key, new Entry(outcome, TimeUnit.SECONDS.toNanos(ttlSeconds)));
        }
    }

    /**
     * The outcome for {@code key}: the call already in flight for it, or a new one made by {@code call};
     * an identified outcome is cached for {@code ttlSeconds} before the call stops being in flight.
     */
    java.util.concurrent.CompletableFuture<AuthorizerOutcome> coalesce(
            Key key,
            long ttlSeconds,
            java.util.function.Supplier<java.util.concurrent.CompletableFuture<AuthorizerOutcome>> call) {
        var mine = new java.util.concurrent.CompletableFuture<AuthorizerOutcome>();
        var existing = inflight.putIfAbsent(key, mine);
        if (existing != null) {
            return existing;
        }
        java.util.concurrent.CompletableFuture<AuthorizerOutcome> started;
        try {
            started = call.get();
        } catch (RuntimeException e) {
            inflight.remove(key, mine);
            mine.completeExceptionally(e);
            return mine;
        }
        started.whenComplete((outcome, failure) -> {
            if (outcome instanceof AuthorizerOutcome.Identified id) {
                put(key, id, ttlSeconds);
            }
            inflight.remove(key, mine);
            if (failure != null) {
                mine.completeExceptionally(failure);
            } else {
                mine.complete(outcome);
            }
        });
        return mine;
    }

    /** Calls in flight (for tests). */
    int inflight() {
        return inflight.size();
    }

    /** Entries currently held (for tests and metrics); expired entries may still be counted until cleaned. */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
