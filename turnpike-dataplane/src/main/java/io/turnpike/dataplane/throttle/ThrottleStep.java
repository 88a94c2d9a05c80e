package io.turnpike.dataplane.throttle;

import io.turnpike.dataplane.pipeline.ContextVariables;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.MethodCompilation;
import io.turnpike.dataplane.pipeline.Step;
import io.turnpike.dataplane.pipeline.StepOutcome;
import io.turnpike.dataplane.snapshot.StageSnapshot;
import io.turnpike.model.rest.MethodSetting;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The "throttle" phase: the stage's method throttle, then the account's. (The usage plan's throttles ran
 * in the phase before, so the order of the levels is AWS's: plan method, plan key, stage method, account;
 * the first empty bucket answers 429.)
 *
 * <p>The stage level comes from the stage's {@code methodSettings}: the method's own entry
 * ({@code ~1pets/GET}) if it sets a throttle, else the stage-wide {@code *}{@code /*} entry; each method
 * has its own bucket with those limits. With neither, only the account limit applies (AWS's stage
 * defaults equal the account's). The step resolves its bucket the first time it sees a stage snapshot
 * and keeps it until the stage changes, so a request does no map lookup.
 */
public final class ThrottleStep implements Step {

    private final Buckets buckets;
    private final Supplier<TokenBucket> account;
    private final String settingsKey;
    private volatile Resolved resolved;

    private record Resolved(StageSnapshot stage, TokenBucket bucket) {}

    private ThrottleStep(Buckets buckets, Supplier<TokenBucket> account, String settingsKey) {
        this.buckets = buckets;
        this.account = account;
        this.settingsKey = settingsKey;
    }

    /** The phase's factory: every method is throttled. */
    public static Step create(MethodCompilation m, Buckets buckets, Supplier<TokenBucket> account) {
        return new ThrottleStep(buckets, account, settingsKey(m.resource().path(), m.httpMethod()));
    }

    /** The {@code methodSettings} key of a method: the resource path with {@code /} as {@code ~1}. */
    static String settingsKey(String resourcePath, String httpMethod) {
        String escaped = resourcePath.replace("~", "~0").replace("/", "~1");
        return escaped + "/" + httpMethod;
    }

    @Override
    public StepOutcome apply(Exchange ex) {
        if (ex.get(ContextVariables.IDENTITY) != null) {
            // API Gateway calling on an admin's behalf (TestInvokeMethod): not client traffic, not throttled
            return StepOutcome.NEXT;
        }
        StageSnapshot stage = ex.stage();
        Resolved r = resolved;
        if (r == null || r.stage != stage) {
            r = new Resolved(stage, resolve(stage));
            resolved = r;
        }
        if (r.bucket != null && !r.bucket.tryAcquire()) {
            return StepOutcome.fail(Limits.throttled());
        }
        if (!account.get().tryAcquire()) {
            return StepOutcome.fail(Limits.throttled());
        }
        return StepOutcome.NEXT;
    }

    private TokenBucket resolve(StageSnapshot stage) {
        Map<String, MethodSetting> settings = stage.stage().methodSettings();
        if (settings == null) {
            return null;
        }
        MethodSetting own = settings.get(settingsKey);
        MethodSetting all = settings.get("*/*");
        Double rate = null;
        Integer burst = null;
        if (own != null) {
            rate = own.throttlingRateLimit();
            burst = own.throttlingBurstLimit();
        }
        if (all != null) {
            rate = rate == null ? all.throttlingRateLimit() : rate;
            burst = burst == null ? all.throttlingBurstLimit() : burst;
        }
        if (rate == null && burst == null) {
            return null;
        }
        return buckets.bucket(
                Buckets.Scope.stageMethod(stage.apiId(), stage.stageName(), settingsKey),
                rate == null ? DEFAULT_RATE : rate,
                burst == null ? DEFAULT_BURST : burst);
    }

    /** AWS's default method throttle, the account's default limits. */
    static final double DEFAULT_RATE = 10000.0;

    static final int DEFAULT_BURST = 5000;
}
