package io.turnpike.dataplane.usageplan;

import io.turnpike.dataplane.pipeline.ContextVariables;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.GatewayError;
import io.turnpike.dataplane.pipeline.MethodCompilation;
import io.turnpike.dataplane.pipeline.RequestIdentity;
import io.turnpike.dataplane.pipeline.Step;
import io.turnpike.dataplane.pipeline.StepOutcome;
import io.turnpike.dataplane.snapshot.StageSnapshot;
import io.turnpike.dataplane.throttle.Limits;
import io.turnpike.dataplane.throttle.TokenBucket;
import io.turnpike.model.rest.GatewayResponseType;
import java.util.function.Supplier;

/**
 * The "API key, usage plan" phase, for methods with {@code apiKeyRequired}: find the key (header
 * {@code x-api-key}, or the authorizer's {@code usageIdentifierKey} when the API's {@code apiKeySource}
 * is {@code AUTHORIZER}), check it is enabled and in a usage plan of this API stage, then apply that
 * plan's per-method throttle, its per-key throttle and its quota. A missing, unknown or disabled key, or
 * one in no plan of the stage, is AWS's 403 {@code {"message":"Forbidden"}} ({@code INVALID_API_KEY}).
 */
final class ApiKeyStep implements Step {

    private final Supplier<KeyTable> keys;
    private final boolean fromAuthorizer;
    private final String methodKey;

    private ApiKeyStep(Supplier<KeyTable> keys, boolean fromAuthorizer, String methodKey) {
        this.keys = keys;
        this.fromAuthorizer = fromAuthorizer;
        this.methodKey = methodKey;
    }

    static Step create(MethodCompilation m, Supplier<KeyTable> keys) {
        if (!Boolean.TRUE.equals(m.method().apiKeyRequired())) {
            return null;
        }
        boolean fromAuthorizer = "AUTHORIZER".equals(m.api().apiKeySource());
        // the usage plan's method throttle key: "/pets/GET", and "/GET" for the root resource
        String path = m.resource().path();
        return new ApiKeyStep(keys, fromAuthorizer, (path.equals("/") ? "" : path) + "/" + m.httpMethod());
    }

    static GatewayError invalidKey() {
        return new GatewayError(GatewayResponseType.INVALID_API_KEY, "Forbidden", "ForbiddenException", null);
    }

    @Override
    public StepOutcome apply(Exchange ex) {
        if (ex.get(ContextVariables.IDENTITY) != null) {
            // API Gateway calling on an admin's behalf (TestInvokeMethod): no key is asked for, none counted
            return StepOutcome.NEXT;
        }
        String presented;
        if (fromAuthorizer) {
            RequestIdentity.Authorized a = ex.get(RequestIdentity.AUTHORIZER);
            presented = a == null ? null : a.usageIdentifierKey();
        } else {
            presented = ex.header("x-api-key");
        }
        if (presented == null || presented.isEmpty()) {
            return StepOutcome.fail(invalidKey());
        }
        KeyTable.Key key = keys.get().find(presented);
        if (key == null || !key.enabled()) {
            return StepOutcome.fail(invalidKey());
        }
        StageSnapshot stage = ex.stage();
        KeyTable.Binding plan = key.binding(stage.apiId(), stage.stageName());
        if (plan == null) {
            return StepOutcome.fail(invalidKey());
        }
        TokenBucket method = plan.methodBuckets().get(methodKey);
        if (method == null) {
            method = plan.methodBuckets().get("/*/*");
        }
        if (method != null && !method.tryAcquire()) {
            return StepOutcome.fail(Limits.throttled());
        }
        if (plan.keyBucket() != null && !plan.keyBucket().tryAcquire()) {
            return StepOutcome.fail(Limits.throttled());
        }
        if (!plan.counter().tryConsume(Math.floorDiv(ex.requestTimeEpochMillis(), 86_400_000L))) {
            return StepOutcome.fail(Limits.quotaExceeded());
        }
        ex.set(RequestIdentity.API_KEY, new RequestIdentity.ApiKeyUse(key.id(), key.valueText()));
        ContextVariables.apiKeyUsed(ex);
        return StepOutcome.NEXT;
    }
}
