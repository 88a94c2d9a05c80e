package io.turnpike.dataplane.mapping;

import java.util.Collection;
import java.util.Map;
import org.apache.velocity.context.Context;

/**
 * The budget of one render, kept in the Velocity context under a key no template can name (it holds
 * a space), because a compiled template — and every directive instance in it — is shared by all
 * threads, so per-render counters cannot live in those objects.
 *
 * <p>The limits exist for the gateway's sake, not AWS parity (except the 1,000-iteration
 * {@code #foreach} quota, which is AWS's): a template is code from an API owner running on every
 * request, and nested loops, runaway string doubling or recursion must end as a 500 for that request
 * instead of taking the event loop or the heap with them.
 */
final class RenderState {
    static final String KEY = "turnpike render state";

    /** AWS's documented quota: "#foreach ≤ 1000 iterations". */
    static final int MAX_LOOP_ITERATIONS = 1_000;

    /** All loops of one render together; nested 1,000-iteration loops would otherwise run 10^9 times. */
    static final int MAX_TOTAL_ITERATIONS = 1_000_000;

    /** {@code #evaluate} of text that evaluates itself again. */
    static final int MAX_EVALUATE_DEPTH = 8;

    /** Elements in one list or map a template builds or prints. */
    static final int MAX_COLLECTION_SIZE = 1_000_000;

    final long maxChars;
    private long iterations;
    private int evaluateDepth;

    RenderState(long maxChars) {
        this.maxChars = maxChars;
    }

    static RenderState of(Context context) {
        Object state = context.get(KEY);
        if (state instanceof RenderState renderState) {
            return renderState;
        }
        throw new IllegalStateException("template rendered without a RenderState in its context");
    }

    void countIteration() {
        if (++iterations > MAX_TOTAL_ITERATIONS) {
            throw new TemplateAbort("#foreach loops ran more than " + MAX_TOTAL_ITERATIONS + " iterations in total");
        }
    }

    void enterEvaluate() {
        if (++evaluateDepth > MAX_EVALUATE_DEPTH) {
            throw new TemplateAbort("#evaluate nested more than " + MAX_EVALUATE_DEPTH + " deep");
        }
    }

    void exitEvaluate() {
        evaluateDepth--;
    }

    /** Rejects a value too large to build on (a string past the output cap, a huge collection). */
    static void checkSize(Object value, long maxChars) {
        if (value instanceof CharSequence text && text.length() > maxChars) {
            throw new TemplateAbort("a string value exceeds " + maxChars + " characters");
        }
        if (value instanceof Collection<?> collection && collection.size() > MAX_COLLECTION_SIZE) {
            throw new TemplateAbort("a list exceeds " + MAX_COLLECTION_SIZE + " elements");
        }
        if (value instanceof Map<?, ?> map && map.size() > MAX_COLLECTION_SIZE) {
            throw new TemplateAbort("a map exceeds " + MAX_COLLECTION_SIZE + " entries");
        }
    }
}
