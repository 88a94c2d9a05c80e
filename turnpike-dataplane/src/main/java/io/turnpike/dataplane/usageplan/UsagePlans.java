package io.turnpike.dataplane.usageplan;

import io.turnpike.dataplane.pipeline.RestPipeline;
import io.turnpike.dataplane.throttle.Buckets;
import io.turnpike.dataplane.throttle.ThrottleStep;
import io.turnpike.dataplane.throttle.TokenBucket;
import io.turnpike.model.rest.Account;
import io.turnpike.model.rest.ThrottleSettings;
import io.turnpike.model.usage.ApiKey;
import io.turnpike.model.usage.ApiStage;
import io.turnpike.model.usage.QuotaPeriods;
import io.turnpike.model.usage.QuotaSettings;
import io.turnpike.model.usage.UsageDay;
import io.turnpike.model.usage.UsagePlan;
import io.turnpike.model.usage.UsagePlanKeyLink;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import io.turnpike.store.Store;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys, usage plans and throttles for the data plane: it follows the store like the snapshot
 * registry does, compiling every key, plan and the account throttle into an immutable {@link KeyTable}
 * published with one volatile write, and it keeps the state that must outlive those tables — the token
 * {@link Buckets} and the {@link QuotaCounter}s — keyed by ids.
 *
 * <p><b>One thread.</b> Compiling, loading counters from the store and flushing them to it all run on one
 * thread ({@code turnpike-usage}), never on an event loop, so a load and a flush never interleave. The
 * flush writes each key's new counts per plan and UTC day ({@link Kinds#USAGE_DAY}, an unversioned kind:
 * flushing recompiles nothing) every {@code flushInterval} and once more on {@link #close}, so a crash
 * loses at most one interval of counts and a clean stop loses none.
 */
public final class UsagePlans implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsagePlans.class);
    private static final String ACCOUNT_ID = "account";
    private static final double ACCOUNT_RATE = 10000.0;
    private static final int ACCOUNT_BURST = 5000;

    private record CounterId(String planId, String keyId) {}

    private final Store store;
    private final Buckets buckets;
    private final LongSupplier epochDay;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ConcurrentHashMap<CounterId, QuotaCounter> counters = new ConcurrentHashMap<>();
    private volatile KeyTable keys = KeyTable.EMPTY;
    private volatile TokenBucket account;
    private volatile long revision = -1;
    private volatile boolean closed;

    /**
     * @param epochDay today in UTC as an epoch day (from the data plane's clock): the period counters
     *     are loaded for
     */
    public UsagePlans(Store store, Buckets buckets, LongSupplier epochDay) {
        this.store = store;
        this.buckets = buckets;
        this.epochDay = epochDay;
        this.account = buckets.bucket(Buckets.Scope.account(), ACCOUNT_RATE, ACCOUNT_BURST);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "turnpike-usage");
            t.setDaemon(true);
            return t;
        });
    }

    /** The two phases this contributes to {@link RestPipeline}, in AWS's order. */
    public List<RestPipeline.Phase> phases() {
        return List.of(
                new RestPipeline.Phase("API key, usage plan", m -> ApiKeyStep.create(m, this::keys)),
                new RestPipeline.Phase("throttle", m -> ThrottleStep.create(m, buckets, this::account)));
    }

    /** Compiles the first table (before traffic), then follows the store and flushes on a schedule. */
    public void start(Duration pollInterval, Duration flushInterval) {
        runOnThread(this::compileNow);
        store.onCommit(r -> requestCompile());
        thread.scheduleWithFixedDelay(
                () -> {
                    if (store.revision() != revision) {
                        compileNow();
                    }
                },
                pollInterval.toMillis(),
                pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(
                this::flushNow, flushInterval.toMillis(), flushInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    KeyTable keys() {
        return keys;
    }

    TokenBucket account() {
        return account;
    }

    /** Recompiles now and waits (tests, and callers that just wrote the store). */
    public void refresh() {
        runOnThread(this::compileNow);
    }

    /** Writes the unflushed counts to the store now and waits. */
    public void flush() {
        runOnThread(this::flushNow);
    }

    private void requestCompile() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    scheduled.set(false);
                    compileNow();
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                scheduled.set(false);
            }
        }
    }

    private void runOnThread(Runnable work) {
        try {
            thread.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // stopping: nothing more to compile or flush
        }
    }

    private void compileNow() {
        if (closed) {
            return;
        }
        try {
            store.read(tx -> {
                compile(tx);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("API key table compile failed; still serving revision {}", revision, e);
        }
    }

    private void compile(ReadTx tx) {
        long rev = tx.revision();
        ThrottleSettings t = tx.get(Kinds.ACCOUNT, Store.GLOBAL, ACCOUNT_ID)
                .map(Account::throttleSettings)
                .orElse(null);
        account = buckets.bucket(
                Buckets.Scope.account(),
                t == null || t.rateLimit() == null ? ACCOUNT_RATE : t.rateLimit(),
                t == null || t.burstLimit() == null ? ACCOUNT_BURST : t.burstLimit());

        long today = epochDay.getAsLong();
        Map<String, Map<String, Map<String, KeyTable.Binding>>> stagesByKey = new HashMap<>();
        Set<Buckets.Scope> liveScopes = new HashSet<>();
        Set<CounterId> liveCounters = new HashSet<>();
        for (UsagePlan plan : tx.list(Kinds.USAGE_PLAN, Store.GLOBAL)) {
            for (UsagePlanKeyLink link : tx.list(Kinds.USAGE_PLAN_KEY, plan.id())) {
                String keyId = link.keyId();
                CounterId cid = new CounterId(plan.id(), keyId);
                liveCounters.add(cid);
                QuotaCounter counter = counter(tx, cid, plan.quota(), link, today);
                TokenBucket keyBucket = null;
                if (plan.throttle() != null) {
                    Buckets.Scope scope = Buckets.Scope.planKey(plan.id(), keyId);
                    liveScopes.add(scope);
                    keyBucket = bucket(scope, plan.throttle());
                }
                for (ApiStage s : plan.apiStages() == null ? List.<ApiStage>of() : plan.apiStages()) {
                    Map<String, TokenBucket> methods = new HashMap<>();
                    if (s.throttle() != null) {
                        for (Map.Entry<String, ThrottleSettings> m :
                                s.throttle().entrySet()) {
                            Buckets.Scope scope =
                                    Buckets.Scope.planKeyMethod(plan.id(), keyId, s.apiId(), s.stage(), m.getKey());
                            liveScopes.add(scope);
                            methods.put(m.getKey(), bucket(scope, m.getValue()));
                        }
                    }
                    stagesByKey
                            .computeIfAbsent(keyId, k -> new HashMap<>())
                            .computeIfAbsent(s.apiId(), k -> new HashMap<>())
                            .putIfAbsent(
                                    s.stage(),
                                    new KeyTable.Binding(
                                            plan.id(), keyBucket, Map.copyOf(methods), plan.quota(), counter));
                }
            }
        }
        Map<ByteBuffer, KeyTable.Key> byHash = new HashMap<>();
        for (ApiKey k : tx.list(Kinds.API_KEY, Store.GLOBAL)) {
            if (k.value() == null) {
                continue;
            }
            byte[] value = k.value().getBytes(StandardCharsets.UTF_8);
            Map<String, Map<String, KeyTable.Binding>> stages = new HashMap<>();
            stagesByKey.getOrDefault(k.id(), Map.of()).forEach((api, s) -> stages.put(api, Map.copyOf(s)));
            byHash.put(
                    KeyTable.hash(value),
                    new KeyTable.Key(k.id(), value, k.value(), Boolean.TRUE.equals(k.enabled()), Map.copyOf(stages)));
        }
        // a key or plan that is gone takes its buckets and counters with it (its usage left with it too)
        buckets.retain(s -> !(s.kind().equals("plan") || s.kind().equals("planMethod")) || liveScopes.contains(s));
        counters.keySet().retainAll(liveCounters);
        keys = new KeyTable(byHash);
        revision = rev;
    }

    private TokenBucket bucket(Buckets.Scope scope, ThrottleSettings t) {
        // a throttle with only one of the two limits leaves the other at the account's default
        return buckets.bucket(
                scope,
                t.rateLimit() == null ? ACCOUNT_RATE : t.rateLimit(),
                t.burstLimit() == null ? ACCOUNT_BURST : t.burstLimit());
    }

    /** The counter of a key in a plan, (re)loaded from the store when new or after UpdateUsage. */
    private QuotaCounter counter(ReadTx tx, CounterId id, QuotaSettings quota, UsagePlanKeyLink link, long today) {
        QuotaCounter c = counters.get(id);
        long adjustments = link.adjustments() == null ? 0 : link.adjustments();
        long firstDay = link.createdDate() == null ? today : Math.floorDiv(link.createdDate(), 86_400L);
        boolean fresh = c == null;
        if (fresh) {
            c = new QuotaCounter(id.planId(), id.keyId());
            counters.put(id, c);
        }
        if (fresh || !java.util.Objects.equals(quota, c.quota()) || c.firstDay() != firstDay) {
            c.configure(quota, firstDay);
            c.loadedAdjustments = -1;
        }
        if (quota != null && c.loadedAdjustments != adjustments) {
            LocalDate start = QuotaPeriods.start(quota.period(), LocalDate.ofEpochDay(today));
            long stored = 0;
            for (LocalDate d = start; d.toEpochDay() <= today; d = d.plusDays(1)) {
                UsageDay u = tx.get(Kinds.USAGE_DAY, id.planId(), id.keyId() + "/" + d)
                        .orElse(null);
                if (u != null) {
                    stored += u.used() + u.adjustment();
                }
            }
            c.load(start.toEpochDay(), stored);
            c.loadedAdjustments = adjustments;
        }
        return c;
    }

    private void flushNow() {
        List<QuotaCounter> all = new ArrayList<>(counters.values());
        Map<QuotaCounter, List<long[]>> drained = new HashMap<>();
        for (QuotaCounter c : all) {
            List<long[]> counts = c.drain();
            if (!counts.isEmpty()) {
                drained.put(c, counts);
            }
        }
        if (drained.isEmpty()) {
            return;
        }
        try {
            store.write(tx -> {
                for (Map.Entry<QuotaCounter, List<long[]>> e : drained.entrySet()) {
                    QuotaCounter c = e.getKey();
                    for (long[] count : e.getValue()) {
                        String day = LocalDate.ofEpochDay(count[0]).toString();
                        String id = c.keyId + "/" + day;
                        UsageDay before = tx.get(Kinds.USAGE_DAY, c.planId, id).orElse(null);
                        // a key removed from its plan meanwhile: its usage went with it
                        if (tx.get(Kinds.USAGE_PLAN_KEY, c.planId, c.keyId).isEmpty()) {
                            continue;
                        }
                        tx.put(
                                Kinds.USAGE_DAY,
                                c.planId,
                                id,
                                before == null
                                        ? new UsageDay(c.keyId, day, count[1], 0)
                                        : new UsageDay(c.keyId, day, before.used() + count[1], before.adjustment()));
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            drained.forEach(QuotaCounter::undrain);
            LOG.warn("usage flush failed; retrying at the next flush", e);
        }
    }

    /** Flushes what is left, then stops following the store. Call before the store closes. */
    @Override
    public void close() {
        runOnThread(this::flushNow);
        closed = true;
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Buckets held (for tests: a brute force of wrong keys must not add any). */
    public int bucketCount() {
        return buckets.size();
    }

    /** Quota counters held (for tests). */
    public int counterCount() {
        return counters.size();
    }
}
