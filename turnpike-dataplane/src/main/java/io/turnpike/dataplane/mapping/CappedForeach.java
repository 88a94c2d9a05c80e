package io.turnpike.dataplane.mapping;

import java.io.IOException;
import java.io.Writer;
import java.util.Iterator;
import org.apache.velocity.context.InternalContextAdapter;
import org.apache.velocity.runtime.directive.Foreach;
import org.apache.velocity.runtime.directive.ForeachScope;
import org.apache.velocity.runtime.parser.node.Node;

/**
 * {@code #foreach} with AWS's 1,000-iteration quota enforced as an error, plus the render-wide
 * iteration budget and Velocity 1.7's {@code $velocityCount}/{@code $velocityHasNext}, which AWS's
 * Velocity-1.7-flavoured engine still offers and older templates use.
 *
 * <p>Velocity's own {@code directive.foreach.max_loops} is left unset: it ends the loop silently,
 * and a template whose data outgrew the quota should fail visibly, not emit a truncated payload.
 *
 * <p>Public with a public constructor only because Velocity instantiates directives by class name,
 * once per {@code #foreach} in a template; the instance is shared by all renders, so per-render state
 * lives in {@link RenderState} and in the iterator.
 */
public final class CappedForeach extends Foreach {
    private static final String COUNT = "velocityCount";
    private static final String HAS_NEXT = "velocityHasNext";

    @Override
    public boolean render(InternalContextAdapter context, Writer writer, Node node) throws IOException {
        Object outerCount = context.get(COUNT);
        Object outerHasNext = context.get(HAS_NEXT);
        try {
            return super.render(context, writer, node);
        } finally {
            restore(context, COUNT, outerCount);
            restore(context, HAS_NEXT, outerHasNext);
        }
    }

    @Override
    protected Iterator getIterator(Object iterable, Node node) {
        Iterator<?> iterator = super.getIterator(iterable, node);
        return iterator == null ? null : new CappedIterator(iterator, node.getLine(), node.getColumn());
    }

    @Override
    protected void renderBlock(InternalContextAdapter context, Writer writer, Node block) throws IOException {
        RenderState.of(context).countIteration();
        if (context.get(getScopeName()) instanceof ForeachScope scope) {
            context.put(COUNT, scope.getCount());
            context.put(HAS_NEXT, scope.hasNext());
        }
        super.renderBlock(context, writer, block);
    }

    private static void restore(InternalContextAdapter context, String key, Object value) {
        if (value == null) {
            context.remove(key);
        } else {
            context.put(key, value);
        }
    }

    private static final class CappedIterator implements Iterator<Object> {
        private final Iterator<?> delegate;
        private final int line;
        private final int column;
        private int taken;

        CappedIterator(Iterator<?> delegate, int line, int column) {
            this.delegate = delegate;
            this.line = line;
            this.column = column;
        }

        @Override
        public boolean hasNext() {
            return delegate.hasNext();
        }

        @Override
        public Object next() {
            if (++taken > RenderState.MAX_LOOP_ITERATIONS) {
                throw new TemplateAbort("line " + line + ", column " + column + ": #foreach ran more than "
                        + RenderState.MAX_LOOP_ITERATIONS + " iterations");
            }
            return delegate.next();
        }
    }
}
