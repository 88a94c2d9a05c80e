package io.turnpike.controlplane.apikey;

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
import io.turnpike.controlplane.patch.PatchOperation;
import io.turnpike.controlplane.patch.PatchOperation.Op;
import io.turnpike.controlplane.patch.PatchSpec;
import io.turnpike.controlplane.tags.Tags;
import io.turnpike.model.usage.ApiKey;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import io.turnpike.store.Store;
import io.turnpike.store.WriteTx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CreateApiKey, GetApiKey, GetApiKeys, UpdateApiKey, DeleteApiKey and ImportApiKeys.
 *
 * <p>A generated value is 40 letters and digits, as AWS generates them; an imported or given value is 20
 * to 128 characters (the key file format's limit). Values are unique: two keys are the same key when
 * their values are equal, so ImportApiKeys overwrites a key with the same value (as AWS documents) and
 * CreateApiKey refuses one. A new key is disabled unless {@code enabled} is true (AWS's default); an
 * imported one is enabled unless its {@code Enabled} column says otherwise (the file format's default).
 */
public final class ApiKeyOperations {

    public static final String NOT_FOUND = "Invalid API Key identifier specified";

    static final int MIN_VALUE = 20;
    static final int MAX_VALUE = 128;
    static final int MAX_NAME = 1024;

    /** Letters and digits, as AWS generates and documents key values. */
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9]{" + MIN_VALUE + "," + MAX_VALUE + "}");

    private final AdminContext ctx;
    private final KeyPlanLink plans;
    private final PatchSpec patch;

    public ApiKeyOperations(AdminContext ctx, KeyPlanLink plans) {
        this.ctx = ctx;
        this.plans = plans;
        this.patch = PatchSpec.builder()
                .custom("/name", new Op[] {Op.REPLACE}, (k, op, key) -> {
                    String name = op.value() == null ? "" : op.value();
                    checkName(name);
                    k.put("name", name);
                })
                .scalar("/description", PatchSpec.ValueType.STRING, Op.REPLACE)
                .scalar("/enabled", PatchSpec.ValueType.BOOLEAN, Op.REPLACE)
                .scalar("/customerId", PatchSpec.ValueType.STRING, Op.REPLACE)
                .custom("/stages", new Op[] {Op.ADD, Op.REMOVE}, this::changeStageKey)
                .build();
    }

    public void register(Operations ops) {
        ops.on("CreateApiKey", this::create)
                .on("GetApiKey", this::get)
                .on("GetApiKeys", this::list)
                .on("UpdateApiKey", this::update)
                .on("DeleteApiKey", this::delete)
                .on("ImportApiKeys", this::importKeys);
    }

    /** The stored key (with its value), or AWS's 404. */
    public static ApiKey require(ReadTx tx, String id) {
        return tx.get(Kinds.API_KEY, Store.GLOBAL, id).orElseThrow(() -> AwsException.notFound(NOT_FOUND));
    }

    private Reply create(Call call) {
        String value = call.optString("value");
        String name = call.optString("name");
        Map<String, String> tags = stringMap(call.opt("tags"));
        Tags.check(tags);
        if (name != null) {
            checkName(name);
        }
        if (value != null) {
            checkValue(value);
        }
        ApiKey created = ctx.store().write(tx -> {
            String v = value != null ? value : Ids.apiKeyValue();
            if (findByValue(tx, v) != null) {
                // ours: AWS's exact text for a duplicate value is not recorded
                throw AwsException.conflict("API Key already exists");
            }
            List<String> stageKeys = new ArrayList<>();
            JsonNode sk = call.opt("stageKeys");
            if (sk != null) {
                for (JsonNode s : sk) {
                    String ref = requireStage(
                            tx,
                            s.path("restApiId").asText(null),
                            s.path("stageName").asText(null));
                    if (!stageKeys.contains(ref)) {
                        stageKeys.add(ref);
                    }
                }
            }
            long now = ctx.nowEpochSeconds();
            ApiKey k = new ApiKey(
                    Ids.long10(),
                    v,
                    name,
                    call.optString("customerId"),
                    call.optString("description"),
                    Boolean.TRUE.equals(call.optBool("enabled")),
                    now,
                    now,
                    stageKeys,
                    tags);
            tx.put(Kinds.API_KEY, Store.GLOBAL, k.id(), k);
            return k;
        });
        // CreateApiKey always answers with the value: it is the only time a generated one is shown unasked
        return Reply.of(created);
    }

    private Reply get(Call call) {
        ApiKey k = ctx.store().read(tx -> require(tx, call.string("apiKey")));
        return Reply.of(Boolean.TRUE.equals(call.optBool("includeValue")) ? k : k.withoutValue());
    }

    private Reply list(Call call) {
        String nameQuery = call.optString("nameQuery");
        String customerId = call.optString("customerId");
        boolean values = Boolean.TRUE.equals(call.optBool("includeValues"));
        List<ApiKey> all = ctx.store().read(tx -> tx.list(Kinds.API_KEY, Store.GLOBAL));
        List<ApiKey> matching = new ArrayList<>();
        for (ApiKey k : all) {
            // AWS's name filter is a prefix match
            if (nameQuery != null && (k.name() == null || !k.name().startsWith(nameQuery))) {
                continue;
            }
            if (customerId != null && !customerId.equals(k.customerId())) {
                continue;
            }
            matching.add(k);
        }
        ObjectNode page = Paging.page(ctx.json(), call, matching, ApiKey::id, k -> values ? k : k.withoutValue());
        page.putArray("warnings");
        return Reply.of(page);
    }

    private Reply update(Call call) {
        String id = call.string("apiKey");
        List<PatchOperation> ops = call.patchOperations();
        ApiKey updated = ctx.store().write(tx -> {
            ApiKey current = require(tx, id);
            ObjectNode patched = patch.apply(ctx.json().valueToTree(current), ops);
            for (PatchOperation op : ops) {
                if (op.path().equals("/stages")) {
                    requireStageRef(tx, op.requireValue());
                }
            }
            patched.put("lastUpdatedDate", ctx.nowEpochSeconds());
            ApiKey next = ctx.json().convertValue(patched, ApiKey.class);
            tx.put(Kinds.API_KEY, Store.GLOBAL, id, next);
            return next;
        });
        return Reply.of(updated.withoutValue());
    }

    private Reply delete(Call call) {
        String id = call.string("apiKey");
        ctx.store().write(tx -> {
            require(tx, id);
            // the key leaves every plan it was in, and its usage with it
            for (var plan : tx.list(Kinds.USAGE_PLAN, Store.GLOBAL)) {
                tx.delete(Kinds.USAGE_PLAN_KEY, plan.id(), id);
            }
            tx.delete(Kinds.API_KEY, Store.GLOBAL, id);
            return null;
        });
        return Reply.empty();
    }

    /**
     * ImportApiKeys with AWS's CSV file format: a header row naming the columns in any order and any
     * case ({@code Key} and {@code Name} required; {@code Description}, {@code Enabled},
     * {@code UsagePlanIds} optional; others ignored), then one key per row. A row that cannot be
     * imported is skipped with a warning; with {@code failonwarnings=true} any warning fails the whole
     * import and nothing is written.
     */
    private Reply importKeys(Call call) {
        JsonNode body = call.opt("body");
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.binaryValue();
        } catch (java.io.IOException e) {
            throw AwsException.badRequest("Invalid API key file: the body is not readable");
        }
        boolean failOnWarnings = Boolean.TRUE.equals(call.optBool("failOnWarnings"));
        List<List<String>> rows = Csv.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        if (rows.isEmpty()) {
            // ours: AWS's text for an empty file is not recorded
            throw AwsException.badRequest("Invalid API key file: the file is empty");
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<String> header = rows.get(0);
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).trim().toLowerCase(java.util.Locale.ROOT), i);
        }
        if (!columns.containsKey("key") || !columns.containsKey("name")) {
            // ours: the file format requires both columns; AWS's text for a file without them is not recorded
            throw AwsException.badRequest("Invalid API key file: the header must name the Key and Name columns");
        }
        ObjectNode out = ctx.json().createObjectNode();
        ctx.store().write(tx -> {
            ArrayNode ids = out.putArray("ids");
            ArrayNode warnings = out.putArray("warnings");
            long now = ctx.nowEpochSeconds();
            for (int r = 1; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                int line = r + 1;
                String value = cell(row, columns.get("key"));
                String name = cell(row, columns.get("name"));
                String problem = null;
                if (value.length() < MIN_VALUE || value.length() > MAX_VALUE) {
                    problem = "Key value must be between " + MIN_VALUE + " and " + MAX_VALUE + " characters";
                } else if (name.isEmpty()) {
                    problem = "Name is required";
                } else if (name.length() > MAX_NAME) {
                    problem = "Name cannot exceed " + MAX_NAME + " characters";
                }
                List<String> planIds = new ArrayList<>();
                if (problem == null && columns.containsKey("usageplanids")) {
                    for (String p : cell(row, columns.get("usageplanids")).split(",")) {
                        String planId = p.trim();
                        if (planId.isEmpty()) {
                            continue;
                        }
                        if (tx.get(Kinds.USAGE_PLAN, Store.GLOBAL, planId).isEmpty()) {
                            problem = "Invalid usage plan id " + planId;
                            break;
                        }
                        planIds.add(planId);
                    }
                }
                if (problem != null) {
                    // ours: the warning text; AWS's wording is not recorded
                    warnings.add("Invalid API key at line " + line + ": " + problem);
                    continue;
                }
                String enabledCell = columns.containsKey("enabled") ? cell(row, columns.get("enabled")) : "";
                boolean enabled = enabledCell.isEmpty() || enabledCell.equalsIgnoreCase("true");
                String description = columns.containsKey("description") ? cell(row, columns.get("description")) : "";
                ApiKey existing = findByValue(tx, value);
                ApiKey k = new ApiKey(
                        existing != null ? existing.id() : Ids.long10(),
                        value,
                        name,
                        existing != null ? existing.customerId() : null,
                        description.isEmpty() ? null : description,
                        enabled,
                        existing != null ? existing.createdDate() : now,
                        now,
                        existing != null ? existing.stageKeys() : List.of(),
                        existing != null ? existing.tags() : null);
                tx.put(Kinds.API_KEY, Store.GLOBAL, k.id(), k);
                boolean planFailed = false;
                for (String planId : planIds) {
                    try {
                        plans.add(tx, planId, k.id(), now);
                    } catch (AwsException e) {
                        warnings.add("Invalid API key at line " + line + ": " + e.getMessage());
                        planFailed = true;
                    }
                }
                if (!planFailed || !failOnWarnings) {
                    ids.add(k.id());
                }
            }
            if (failOnWarnings && !warnings.isEmpty()) {
                // rolls the whole import back
                List<String> texts = new ArrayList<>();
                warnings.forEach(w -> texts.add(w.asText()));
                throw AwsException.badRequest(String.join("; ", texts));
            }
            return null;
        });
        return Reply.of(out);
    }

    private static String cell(List<String> row, Integer index) {
        return index == null || index >= row.size() ? "" : row.get(index).trim();
    }

    /** The key with this value, or null. Values are compared exactly (the control plane is not timed). */
    static ApiKey findByValue(ReadTx tx, String value) {
        for (ApiKey k : tx.list(Kinds.API_KEY, Store.GLOBAL)) {
            if (value.equals(k.value())) {
                return k;
            }
        }
        return null;
    }

    private static void checkValue(String value) {
        if (!VALUE.matcher(value).matches()) {
            // ours: AWS's text for a malformed value is not recorded
            throw AwsException.badRequest("Invalid API Key value: expected " + MIN_VALUE + " to " + MAX_VALUE
                    + " letters and digits, got " + value.length() + " characters");
        }
    }

    private static void checkName(String name) {
        if (name.length() > MAX_NAME) {
            throw AwsException.badRequest(
                    "Invalid API Key name: " + name.length() + " characters (expected: at most " + MAX_NAME + ")");
        }
    }

    private void changeStageKey(ObjectNode key, PatchOperation op, String unused) {
        String ref = op.requireValue();
        ArrayNode list = key.get("stageKeys") instanceof ArrayNode a ? a : key.putArray("stageKeys");
        int at = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).asText().equals(ref)) {
                at = i;
            }
        }
        if (op.op() == Op.ADD && at < 0) {
            list.add(ref);
        } else if (op.op() == Op.REMOVE && at >= 0) {
            list.remove(at);
        }
    }

    private static void requireStageRef(ReadTx tx, String ref) {
        int slash = ref.indexOf('/');
        if (slash <= 0) {
            throw AwsException.badRequest("Invalid stage key: " + ref + " (expected: {restApiId}/{stageName})");
        }
        requireStage(tx, ref.substring(0, slash), ref.substring(slash + 1));
    }

    private static String requireStage(ReadTx tx, String restApiId, String stageName) {
        if (restApiId == null
                || stageName == null
                || tx.get(Kinds.STAGE, restApiId, stageName).isEmpty()) {
            // ours: AWS's text for an unknown stage key is not recorded
            throw AwsException.badRequest("Invalid stage identifier specified");
        }
        return restApiId + "/" + stageName;
    }

    private static Map<String, String> stringMap(JsonNode node) {
        if (node == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Adds a key to a usage plan with the usage plan family's checks (for ImportApiKeys' UsagePlanIds). */
    @FunctionalInterface
    public interface KeyPlanLink {
        void add(WriteTx tx, String planId, String keyId, long now);
    }
}
