package io.turnpike.controlplane.usageplan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.aws.Ids;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.Call;
import io.turnpike.controlplane.Operations;
import io.turnpike.controlplane.Paging;
import io.turnpike.controlplane.Reply;
import io.turnpike.controlplane.apikey.ApiKeyOperations;
import io.turnpike.controlplane.patch.PatchOperation;
import io.turnpike.controlplane.tags.Tags;
import io.turnpike.model.rest.ThrottleSettings;
import io.turnpike.model.usage.ApiKey;
import io.turnpike.model.usage.ApiStage;
import io.turnpike.model.usage.QuotaPeriods;
import io.turnpike.model.usage.QuotaSettings;
import io.turnpike.model.usage.UsagePlan;
import io.turnpike.model.usage.UsagePlanKeyLink;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import io.turnpike.store.Store;
import io.turnpike.store.WriteTx;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CreateUsagePlan, GetUsagePlan(s), UpdateUsagePlan, DeleteUsagePlan; CreateUsagePlanKey,
 * GetUsagePlanKey(s), DeleteUsagePlanKey; GetUsage and UpdateUsage.
 *
 * <p>A key may be in many plans but in only one plan per API stage: adding a key, or adding a stage to a
 * plan, that would put a key in two plans for one stage is AWS's 409.
 */
public final class UsagePlanOperations {

    public static final String NOT_FOUND = "Invalid Usage Plan ID specified";
    // ours: AWS's text for an unknown usage plan key is not recorded
    static final String KEY_NOT_FOUND = "Invalid Usage Plan Key identifier specified";

    private final AdminContext ctx;

    public UsagePlanOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    public void register(Operations ops) {
        ops.on("CreateUsagePlan", this::create)
                .on("GetUsagePlan", this::get)
                .on("GetUsagePlans", this::list)
                .on("UpdateUsagePlan", this::update)
                .on("DeleteUsagePlan", this::delete)
                .on("CreateUsagePlanKey", this::createKey)
                .on("GetUsagePlanKey", this::getKey)
                .on("GetUsagePlanKeys", this::listKeys)
                .on("DeleteUsagePlanKey", this::deleteKey)
                .on("GetUsage", new UsageOperations(ctx)::get)
                .on("UpdateUsage", new UsageOperations(ctx)::update);
    }

    public static UsagePlan require(ReadTx tx, String id) {
        return tx.get(Kinds.USAGE_PLAN, Store.GLOBAL, id).orElseThrow(() -> AwsException.notFound(NOT_FOUND));
    }

    private Reply create(Call call) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode t = call.opt("tags");
        if (t != null) {
            t.fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        }
        Tags.check(tags);
        ThrottleSettings throttle = throttle(call.opt("throttle"));
        QuotaSettings quota = quota(call.opt("quota"));
        UsagePlan created = ctx.store().write(tx -> {
            String id = Ids.short6();
            List<ApiStage> stages = new ArrayList<>();
            JsonNode in = call.opt("apiStages");
            if (in != null) {
                for (JsonNode s : in) {
                    Map<String, ThrottleSettings> methods = null;
                    if (s.get("throttle") instanceof ObjectNode m) {
                        methods = new LinkedHashMap<>();
                        for (var e : (Iterable<Map.Entry<String, JsonNode>>) m::fields) {
                            methods.put(checkMethodKey(e.getKey()), throttle(e.getValue()));
                        }
                    }
                    ApiStage stage = new ApiStage(
                            s.path("apiId").asText(null), s.path("stage").asText(null), methods);
                    requireStage(tx, stage.apiId(), stage.stage(), id);
                    stages.add(stage);
                }
            }
            UsagePlan p = new UsagePlan(
                    id,
                    call.string("name"),
                    call.optString("description"),
                    stages,
                    throttle,
                    quota,
                    call.optString("productCode"),
                    tags.isEmpty() ? null : tags);
            tx.put(Kinds.USAGE_PLAN, Store.GLOBAL, id, p);
            return p;
        });
        return Reply.of(created);
    }

    private Reply get(Call call) {
        return Reply.of(ctx.store().read(tx -> require(tx, call.string("usagePlanId"))));
    }

    private Reply list(Call call) {
        String keyId = call.optString("keyId");
        List<UsagePlan> plans = ctx.store().read(tx -> {
            List<UsagePlan> out = new ArrayList<>();
            for (UsagePlan p : tx.list(Kinds.USAGE_PLAN, Store.GLOBAL)) {
                if (keyId == null || tx.get(Kinds.USAGE_PLAN_KEY, p.id(), keyId).isPresent()) {
                    out.add(p);
                }
            }
            return out;
        });
        return Reply.of(Paging.page(ctx.json(), call, plans, UsagePlan::id, p -> p));
    }

    private Reply update(Call call) {
        String id = call.string("usagePlanId");
        List<PatchOperation> ops = call.patchOperations();
        UsagePlan updated = ctx.store().write(tx -> {
            UsagePlan current = require(tx, id);
            ObjectNode patched = UsagePlanPatch.apply(ctx.json(), ctx.json().valueToTree(current), ops);
            UsagePlan next = ctx.json().convertValue(patched, UsagePlan.class);
            if (next.throttle() != null) {
                throttle(ctx.json().valueToTree(next.throttle()));
            }
            if (next.quota() != null) {
                quota(ctx.json().valueToTree(next.quota()));
            }
            List<ApiStage> before = current.apiStages() == null ? List.of() : current.apiStages();
            for (ApiStage s : next.apiStages() == null ? List.<ApiStage>of() : next.apiStages()) {
                if (!containsStage(before, s.apiId(), s.stage())) {
                    requireStage(tx, s.apiId(), s.stage(), id);
                    for (UsagePlanKeyLink link : tx.list(Kinds.USAGE_PLAN_KEY, id)) {
                        checkNoOtherPlan(tx, id, link.keyId(), List.of(s));
                    }
                }
            }
            tx.put(Kinds.USAGE_PLAN, Store.GLOBAL, id, next);
            return next;
        });
        return Reply.of(updated);
    }

    private Reply delete(Call call) {
        String id = call.string("usagePlanId");
        ctx.store().write(tx -> {
            require(tx, id);
            // the plan's keys and usage live in its scope
            tx.deleteScope(id);
            tx.delete(Kinds.USAGE_PLAN, Store.GLOBAL, id);
            return null;
        });
        return Reply.empty();
    }

    private Reply createKey(Call call) {
        String planId = call.string("usagePlanId");
        String keyId = call.string("keyId");
        String keyType = call.string("keyType");
        if (!"API_KEY".equals(keyType)) {
            // ours: AWS's text for another key type is not recorded
            throw AwsException.badRequest("Invalid key type: " + keyType + " (expected: API_KEY)");
        }
        ApiKey key = ctx.store().write(tx -> {
            require(tx, planId);
            ApiKey k = ApiKeyOperations.require(tx, keyId);
            if (tx.get(Kinds.USAGE_PLAN_KEY, planId, keyId).isPresent()) {
                // ours: AWS's text for a key already in the plan is not recorded
                throw AwsException.conflict("Usage Plan " + planId + " already contains API Key " + keyId);
            }
            addKey(tx, planId, keyId, ctx.nowEpochSeconds());
            return k;
        });
        return Reply.of(planKey(key));
    }

    /**
     * Adds a key to a plan after AWS's checks: the plan exists, and no other plan of the key covers a
     * stage this plan covers. Shared with ImportApiKeys.
     */
    public static void addKey(WriteTx tx, String planId, String keyId, long now) {
        UsagePlan plan = require(tx, planId);
        checkNoOtherPlan(tx, planId, keyId, plan.apiStages() == null ? List.of() : plan.apiStages());
        if (tx.get(Kinds.USAGE_PLAN_KEY, planId, keyId).isEmpty()) {
            tx.put(Kinds.USAGE_PLAN_KEY, planId, keyId, new UsagePlanKeyLink(keyId, now, 0L));
        }
    }

    private static void checkNoOtherPlan(ReadTx tx, String planId, String keyId, List<ApiStage> stages) {
        for (UsagePlan other : tx.list(Kinds.USAGE_PLAN, Store.GLOBAL)) {
            if (other.id().equals(planId)
                    || other.apiStages() == null
                    || tx.get(Kinds.USAGE_PLAN_KEY, other.id(), keyId).isEmpty()) {
                continue;
            }
            for (ApiStage s : stages) {
                if (containsStage(other.apiStages(), s.apiId(), s.stage())) {
                    // recalled from AWS's answer to this case; not a recorded fixture
                    throw AwsException.conflict("Usage Plan " + planId + " cannot be added because API Key " + keyId
                            + " cannot reference multiple Usage Plans with the same API Stage: " + s.apiId() + ":"
                            + s.stage());
                }
            }
        }
    }

    private Reply getKey(Call call) {
        String planId = call.string("usagePlanId");
        String keyId = call.string("keyId");
        ApiKey key = ctx.store().read(tx -> {
            require(tx, planId);
            if (tx.get(Kinds.USAGE_PLAN_KEY, planId, keyId).isEmpty()) {
                throw AwsException.notFound(KEY_NOT_FOUND);
            }
            return ApiKeyOperations.require(tx, keyId);
        });
        return Reply.of(planKey(key));
    }

    private Reply listKeys(Call call) {
        String planId = call.string("usagePlanId");
        String nameQuery = call.optString("nameQuery");
        List<ApiKey> keys = ctx.store().read(tx -> {
            require(tx, planId);
            List<ApiKey> out = new ArrayList<>();
            for (UsagePlanKeyLink link : tx.list(Kinds.USAGE_PLAN_KEY, planId)) {
                tx.get(Kinds.API_KEY, Store.GLOBAL, link.keyId()).ifPresent(k -> {
                    if (nameQuery == null || (k.name() != null && k.name().startsWith(nameQuery))) {
                        out.add(k);
                    }
                });
            }
            return out;
        });
        return Reply.of(Paging.page(ctx.json(), call, keys, ApiKey::id, this::planKey));
    }

    private Reply deleteKey(Call call) {
        String planId = call.string("usagePlanId");
        String keyId = call.string("keyId");
        ctx.store().write(tx -> {
            require(tx, planId);
            if (!tx.delete(Kinds.USAGE_PLAN_KEY, planId, keyId)) {
                throw AwsException.notFound(KEY_NOT_FOUND);
            }
            return null;
        });
        return Reply.empty();
    }

    /** The wire's UsagePlanKey: the key's id, type, name and value. */
    private ObjectNode planKey(ApiKey k) {
        ObjectNode out = ctx.json().createObjectNode();
        out.put("id", k.id());
        out.put("type", "API_KEY");
        out.put("value", k.value());
        if (k.name() != null) {
            out.put("name", k.name());
        }
        return out;
    }

    static boolean containsStage(List<ApiStage> stages, String apiId, String stage) {
        for (ApiStage s : stages) {
            if (s.apiId().equals(apiId) && s.stage().equals(stage)) {
                return true;
            }
        }
        return false;
    }

    private static void requireStage(ReadTx tx, String apiId, String stage, String planId) {
        if (apiId == null || stage == null || tx.get(Kinds.STAGE, apiId, stage).isEmpty()) {
            throw AwsException.notFound(
                    "Invalid API Stage {api: " + apiId + ", stage: " + stage + "} specified for usageplan " + planId);
        }
    }

    /**
     * A method throttle key, {@code {resourcePath}/{METHOD}} or {@code /*}{@code /*}; the root resource's
     * methods are {@code /GET} ({@code //GET} is read as that).
     */
    static String checkMethodKey(String key) {
        if (key.startsWith("//")) {
            key = key.substring(1);
        }
        int slash = key.lastIndexOf('/');
        if (!key.startsWith("/") || slash < 0 || slash == key.length() - 1) {
            // ours: AWS's text for a malformed method throttle key is not recorded
            throw AwsException.badRequest(
                    "Invalid method throttle key: " + key + " (expected: {resourcePath}/{httpMethod}, e.g. /pets/GET)");
        }
        return key;
    }

    static ThrottleSettings throttle(JsonNode node) {
        if (node == null) {
            return null;
        }
        Integer burst = node.hasNonNull("burstLimit") ? node.get("burstLimit").asInt() : null;
        Double rate = node.hasNonNull("rateLimit") ? node.get("rateLimit").asDouble() : null;
        if (burst != null && burst < 0) {
            throw AwsException.badRequest("Invalid throttle burstLimit: " + burst + " (expected: >= 0)");
        }
        if (rate != null && (rate < 0 || rate.isNaN() || rate.isInfinite())) {
            throw AwsException.badRequest("Invalid throttle rateLimit: " + rate + " (expected: >= 0)");
        }
        return new ThrottleSettings(burst, rate);
    }

    static QuotaSettings quota(JsonNode node) {
        if (node == null) {
            return null;
        }
        Integer limit = node.hasNonNull("limit") ? node.get("limit").asInt() : null;
        Integer offset = node.hasNonNull("offset") ? node.get("offset").asInt() : null;
        String period = node.hasNonNull("period") ? node.get("period").asText() : null;
        // ours: AWS's texts for these quota checks are not recorded
        if (limit == null || limit < 0) {
            throw AwsException.badRequest("Invalid quota limit: " + limit + " (expected: >= 0)");
        }
        if (!QuotaPeriods.valid(period)) {
            throw AwsException.badRequest("Invalid quota period: " + period + " (expected: DAY, WEEK or MONTH)");
        }
        if (offset != null && (offset < 0 || offset > limit)) {
            throw AwsException.badRequest(
                    "Invalid quota offset: " + offset + " (expected: between 0 and the limit " + limit + ")");
        }
        return new QuotaSettings(limit, offset, period);
    }

    static LocalDate today(AdminContext ctx) {
        return LocalDate.ofInstant(ctx.clock().instant(), ZoneOffset.UTC);
    }

    static LocalDate date(String value, String member) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            // ours: AWS's text for a malformed date is not recorded
            throw AwsException.badRequest("Invalid " + member + ": " + value + " (expected: yyyy-MM-dd)");
        }
    }

    static ArrayNode pair(ArrayNode days, long used, long remaining) {
        ArrayNode p = days.addArray();
        p.add(used);
        p.add(remaining);
        return p;
    }
}
