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
 * <p>The account throttle ({@code burstLimit 5000, rateLimit 10000.0}) is a service quota in AWS, raised
 * through a support case rather than the API, so {@code /throttleSettings/...} is not a patch path here
 * either: UpdateAccount accepts {@code /cloudwatchRoleArn} (replace; an empty value clears it) and
 * {@code /features} (add or remove, value {@code UsagePlans}).
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
}
