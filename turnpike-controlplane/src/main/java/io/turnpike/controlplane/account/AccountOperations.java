package io.turnpike.controlplane.account;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.Call;
import io.turnpike.controlplane.Operations;
import io.turnpike.controlplane.Reply;
import io.turnpike.controlplane.patch.PatchOperation;
import io.turnpike.controlplane.patch.PatchOperation.Op;
import io.turnpike.controlplane.patch.PatchSpec;
import io.turnpike.model.rest.Account;
import io.turnpike.model.rest.ThrottleSettings;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import io.turnpike.store.Store;
import java.util.List;
import java.util.regex.Pattern;

/**
 * GetAccount and UpdateAccount.
 *
 * <p>UpdateAccount accepts {@code /cloudwatchRoleArn} (replace; an empty value clears it) and {@code
 * /features} (add or remove, value {@code UsagePlans}), as AWS does, and one Turnpike extension: {@code
 * /throttle/rateLimit} and {@code /throttle/burstLimit} (replace). In AWS the account throttle ({@code
 * burstLimit 5000, rateLimit 10000.0}) is a service quota raised through Service Quotas, which a
 * self-hosted gateway does not have; this is where its operator sets it instead, and the data plane
 * applies it as the last level of the throttling hierarchy.
 */
public final class AccountOperations {

    /** The id of the single account document in {@link Store#GLOBAL}. */
    static final String ID = "account";

    public static final int DEFAULT_BURST_LIMIT = 5000;
    public static final double DEFAULT_RATE_LIMIT = 10000.0;

    /** What an account that was never updated looks like, as AWS answers it. */
    static final Account DEFAULT = new Account(
            null, new ThrottleSettings(DEFAULT_BURST_LIMIT, DEFAULT_RATE_LIMIT), List.of("UsagePlans"), "4");

    private static final List<String> FEATURES = List.of("UsagePlans");

    /** An IAM role ARN in any partition; AWS cannot assume anything else as the CloudWatch role. */
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[\\w+=,.@/-]+");

    private static final PatchSpec PATCH = PatchSpec.builder()
            .custom("/cloudwatchRoleArn", new Op[] {Op.REPLACE}, AccountOperations::replaceRole)
            .custom("/features", new Op[] {Op.ADD, Op.REMOVE}, AccountOperations::changeFeature)
            .custom("/throttle/rateLimit", new Op[] {Op.REPLACE}, AccountOperations::replaceRateLimit)
            .custom("/throttle/burstLimit", new Op[] {Op.REPLACE}, AccountOperations::replaceBurstLimit)
            .build();

    private final AdminContext ctx;

    public AccountOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    public void register(Operations ops) {
        ops.on("GetAccount", this::get).on("UpdateAccount", this::update);
    }

    /** The account settings in effect: the stored ones, or AWS's defaults when none were stored. */
    public static Account current(ReadTx tx) {
        return tx.get(Kinds.ACCOUNT, Store.GLOBAL, ID).orElse(DEFAULT);
    }

    private Reply get(Call call) {
        return Reply.of(ctx.store().read(AccountOperations::current));
    }

    private Reply update(Call call) {
        List<PatchOperation> ops = call.patchOperations();
        Account updated = ctx.store().write(tx -> {
            ObjectNode patched = PATCH.apply(ctx.json().valueToTree(current(tx)), ops);
            Account next = ctx.json().convertValue(patched, Account.class);
            tx.put(Kinds.ACCOUNT, Store.GLOBAL, ID, next);
            return next;
        });
        return Reply.of(updated);
    }

    private static void replaceRole(ObjectNode account, PatchOperation op, String key) {
        String arn = op.value();
        if (arn == null || arn.isEmpty()) {
            account.remove("cloudwatchRoleArn");
            return;
        }
        if (!ROLE_ARN.matcher(arn).matches()) {
            // AWS answers this when it cannot assume the role, which is always the case for a non-role ARN
            throw AwsException.badRequest("The role ARN does not have required permissions set to API Gateway");
        }
        account.put("cloudwatchRoleArn", arn);
    }

    private static void changeFeature(ObjectNode account, PatchOperation op, String key) {
        String feature = op.requireValue();
        if (!FEATURES.contains(feature)) {
            throw AwsException.badRequest("Invalid feature: " + feature + " (expected: one of " + FEATURES + ")");
        }
        ArrayNode features = account.get("features") instanceof ArrayNode a ? a : account.putArray("features");
        int at = -1;
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).asText().equals(feature)) {
                at = i;
            }
        }
        if (op.op() == Op.ADD && at < 0) {
            features.add(feature);
        } else if (op.op() == Op.REMOVE && at >= 0) {
            features.remove(at);
        }
        if (features.isEmpty()) {
            account.remove("features");
        }
    }

    // Turnpike's extension (see the class comment); the messages are ours, in the shape of AWS's usage-plan
    // throttle errors
    private static void replaceRateLimit(ObjectNode account, PatchOperation op, String key) {
        double rate;
        try {
            rate = Double.parseDouble(op.requireValue());
        } catch (NumberFormatException e) {
            throw AwsException.badRequest("Invalid throttle rateLimit: " + op.value() + " (expected: a number >= 0)");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw AwsException.badRequest("Invalid throttle rateLimit: " + op.value() + " (expected: a number >= 0)");
        }
        throttle(account).put("rateLimit", rate);
    }

    private static void replaceBurstLimit(ObjectNode account, PatchOperation op, String key) {
        int burst;
        try {
            burst = Integer.parseInt(op.requireValue());
        } catch (NumberFormatException e) {
            throw AwsException.badRequest(
                    "Invalid throttle burstLimit: " + op.value() + " (expected: an integer >= 0)");
        }
        if (burst < 0) {
            throw AwsException.badRequest(
                    "Invalid throttle burstLimit: " + op.value() + " (expected: an integer >= 0)");
        }
        throttle(account).put("burstLimit", burst);
    }

    private static ObjectNode throttle(ObjectNode account) {
        return account.get("throttleSettings") instanceof ObjectNode t ? t : account.putObject("throttleSettings");
    }
}
