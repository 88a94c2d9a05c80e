package io.turnpike.controlplane.patch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.controlplane.patch.PatchOperation.Op;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The patch verbs a resource supports at all. Resources such as models and request validators accept
 * only {@code replace}; AWS answers any other verb, whatever its path, with "Please choose supported
 * operations" rather than with the list of valid paths that {@link PatchSpec} gives for a wrong path.
 */
public final class SupportedOps {

    private final Set<Op> ops;

    private SupportedOps(Set<Op> ops) {
        this.ops = ops;
    }

    public static SupportedOps of(Op first, Op... rest) {
        return new SupportedOps(EnumSet.of(first, rest));
    }

    /** Answers AWS's 400 when {@code op} uses a verb outside this set. */
    public void check(PatchOperation op) {
        if (!ops.contains(op.op())) {
            throw AwsException.badRequest("Invalid patch path  '" + op.path() + "' specified for op '"
                    + op.op().wire() + "'. Please choose supported operations");
        }
    }

    /**
     * Checks each operation's verb and applies it with {@code spec}, in order, so the first bad
     * operation is the one reported whichever way it is bad.
     */
    public ObjectNode apply(PatchSpec spec, ObjectNode resource, List<PatchOperation> operations) {
        ObjectNode out = resource;
        for (PatchOperation op : operations) {
            check(op);
            out = spec.apply(out, List.of(op));
        }
        return out;
    }
}
