package io.turnpike.controlplane.usageplan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.Call;
import io.turnpike.controlplane.Reply;
import io.turnpike.controlplane.patch.PatchOperation;
import io.turnpike.controlplane.patch.PatchOperation.Op;
import io.turnpike.model.usage.QuotaPeriods;
import io.turnpike.model.usage.QuotaSettings;
import io.turnpike.model.usage.UsageDay;
import io.turnpike.model.usage.UsagePlan;
import io.turnpike.model.usage.UsagePlanKeyLink;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * GetUsage and UpdateUsage, read from the counters the data plane flushes (at least every second) into
 * {@link Kinds#USAGE_DAY}: one document per key, plan and UTC day.
 *
 * <p>GetUsage answers AWS's shape, {@code "values": {"{keyId}": [[used, remaining], …]}} with one pair per
 * day from {@code startDate} to {@code endDate} inclusive: {@code used} is what the key used that day,
 * {@code remaining} what its quota had left at the end of that day in that day's period (0 when the plan
 * has no quota). UpdateUsage's {@code replace /remaining} sets what is left of the current period by
 * recording an adjustment on today's document.
 */
final class UsageOperations {

    /** GetUsage covers at most this many days (ours: AWS keeps usage for 90 days). */
    static final int MAX_DAYS = 90;

    private static final int DEFAULT_LIMIT = 25;

    private final AdminContext ctx;

    UsageOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    Reply get(Call call) {
        String planId = call.string("usagePlanId");
        String keyFilter = call.optString("keyId");
        LocalDate start = UsagePlanOperations.date(call.string("startDate"), "startDate");
        LocalDate end = UsagePlanOperations.date(call.string("endDate"), "endDate");
        if (end.isBefore(start)) {
            // ours: AWS's text is not recorded
            throw AwsException.badRequest("The usage data retrieval start date must be before the end date");
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            throw AwsException.badRequest(
                    "The usage data retrieval period is too long (expected: at most " + MAX_DAYS + " days)");
        }
        Integer limitIn = call.optInt("limit");
        int limit = limitIn == null ? DEFAULT_LIMIT : limitIn;
        if (limit < 1 || limit > 500) {
            throw AwsException.badRequest("Invalid limit: " + limit + " (expected: 1..500)");
        }
        String position = call.optString("position");
        ObjectNode out = ctx.json().createObjectNode();
        ctx.store().read(tx -> {
            UsagePlan plan = UsagePlanOperations.require(tx, planId);
            out.put("usagePlanId", planId);
            out.put("startDate", start.toString());
            out.put("endDate", end.toString());
            List<UsagePlanKeyLink> links = new ArrayList<>();
            for (UsagePlanKeyLink l : tx.list(Kinds.USAGE_PLAN_KEY, planId)) {
                if (keyFilter == null || keyFilter.equals(l.keyId())) {
                    links.add(l);
                }
            }
            int from = 0;
            if (position != null) {
                String first = decode(position);
                from = -1;
                for (int i = 0; i < links.size(); i++) {
                    if (links.get(i).keyId().equals(first)) {
                        from = i;
                    }
                }
                if (from < 0) {
                    throw AwsException.badRequest("Invalid position parameter: " + position);
                }
            }
            ObjectNode values = out.putObject("values");
            int to = Math.min(links.size(), from + limit);
            for (int i = from; i < to; i++) {
                UsagePlanKeyLink link = links.get(i);
                ArrayNode days = values.putArray(link.keyId());
                for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
                    UsageDay day = day(tx, planId, link.keyId(), d);
                    long remaining = plan.quota() == null ? 0 : remaining(tx, plan.quota(), planId, link, d);
                    UsagePlanOperations.pair(days, day == null ? 0 : day.used(), remaining);
                }
            }
            if (to < links.size()) {
                out.put("position", encode(links.get(to).keyId()));
            }
            return null;
        });
        return Reply.of(out);
    }

    Reply update(Call call) {
        String planId = call.string("usagePlanId");
        String keyId = call.string("keyId");
        List<PatchOperation> ops = call.patchOperations();
        LocalDate today = UsagePlanOperations.today(ctx);
        ctx.store().write(tx -> {
            UsagePlan plan = UsagePlanOperations.require(tx, planId);
            UsagePlanKeyLink link = tx.get(Kinds.USAGE_PLAN_KEY, planId, keyId)
                    .orElseThrow(() -> AwsException.notFound(UsagePlanOperations.KEY_NOT_FOUND));
            for (PatchOperation op : ops) {
                if (!op.path().equals("/remaining") || op.op() != Op.REPLACE) {
                    throw AwsException.badRequest("Invalid patch path  '" + op.path() + "' specified for op '"
                            + op.op().wire() + "'. Must be one of: [/remaining]");
                }
                if (plan.quota() == null) {
                    // ours: AWS's text for a plan without a quota is not recorded
                    throw AwsException.badRequest("Usage Plan " + planId + " has no quota to update");
                }
                long wanted;
                try {
                    wanted = Long.parseLong(op.requireValue().trim());
                } catch (NumberFormatException e) {
                    throw AwsException.badRequest(
                            "Invalid value '" + op.value() + "' for /remaining (expected: an integer)");
                }
                if (wanted < 0) {
                    throw AwsException.badRequest("Invalid value '" + wanted + "' for /remaining (expected: >= 0)");
                }
                long remaining = remaining(tx, plan.quota(), planId, link, today);
                // consume (remaining - wanted) more of the period: negative gives quota back
                long delta = remaining - wanted;
                UsageDay day = day(tx, planId, keyId, today);
                UsageDay next = day == null
                        ? new UsageDay(keyId, today.toString(), 0, delta)
                        : new UsageDay(keyId, today.toString(), day.used(), day.adjustment() + delta);
                tx.put(Kinds.USAGE_DAY, planId, keyId + "/" + today, next);
            }
            // a versioned change, so the data plane reloads this key's counters
            long n = link.adjustments() == null ? 0 : link.adjustments();
            tx.put(Kinds.USAGE_PLAN_KEY, planId, keyId, new UsagePlanKeyLink(keyId, link.createdDate(), n + 1));
            return null;
        });
        Call window = new Call(call.operation(), call.input().deepCopy(), call.requestId());
        window.input().put("keyId", keyId);
        window.input().put("startDate", today.toString());
        window.input().put("endDate", today.toString());
        return get(window);
    }

    /** What the key's quota has left at the end of {@code day}, in the period {@code day} falls in. */
    static long remaining(ReadTx tx, QuotaSettings quota, String planId, UsagePlanKeyLink link, LocalDate day) {
        LocalDate periodStart = QuotaPeriods.start(quota.period(), day);
        LocalDate firstDay = link.createdDate() == null
                ? periodStart
                : LocalDate.ofInstant(Instant.ofEpochSecond(link.createdDate()), ZoneOffset.UTC);
        long consumed = 0;
        for (LocalDate d = periodStart; !d.isAfter(day); d = d.plusDays(1)) {
            UsageDay u = day(tx, planId, link.keyId(), d);
            if (u != null) {
                consumed += u.used() + u.adjustment();
            }
        }
        return Math.max(0, QuotaPeriods.limit(quota, periodStart, firstDay) - consumed);
    }

    private static UsageDay day(ReadTx tx, String planId, String keyId, LocalDate d) {
        return tx.get(Kinds.USAGE_DAY, planId, keyId + "/" + d).orElse(null);
    }

    private static String encode(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String position) {
        try {
            return new String(Base64.getUrlDecoder().decode(position), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AwsException.badRequest("Invalid position parameter: " + position);
        }
    }
}
