package io.turnpike.dataplane.mapping;

import java.io.IOException;
import java.io.Writer;
import org.apache.velocity.context.InternalContextAdapter;
import org.apache.velocity.runtime.directive.Evaluate;
import org.apache.velocity.runtime.parser.node.Node;

/**
 * {@code #evaluate} with a nesting limit: text that evaluates itself ({@code #set($s =
 * '#evaluate($s)')#evaluate($s)}) would otherwise recurse until the stack overflows. Public with a
 * public constructor only because Velocity instantiates directives by class name.
 */
public final class BoundedEvaluate extends Evaluate {
    @Override
    public boolean render(InternalContextAdapter context, Writer writer, Node node) throws IOException {
        RenderState state = RenderState.of(context);
        state.enterEvaluate();
        try {
            return super.render(context, writer, node);
        } finally {
            state.exitEvaluate();
        }
    }
}
