package io.turnpike.dataplane.mapping;

import org.apache.velocity.app.event.IncludeEventHandler;
import org.apache.velocity.app.event.MethodExceptionEventHandler;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.context.Context;
import org.apache.velocity.util.introspection.Info;

/**
 * Velocity event handlers attached to every render.
 *
 * <p>Reference insertion is where AWS's rendering differs most from stock Velocity: a reference that
 * is undefined or evaluates to null renders as nothing (stock Velocity prints its source text, {@code
 * $foo}). The same hook sees every value before it is turned into text — including values spliced
 * into interpolated strings like {@code "$s$s"} — so it also stops a template that doubles a string
 * until the heap gives out.
 *
 * <p>{@code #include} and {@code #parse} read files from the template engine's resource loaders;
 * mapping templates have none, so both fail the render with a clear message.
 *
 * <p>A method that throws ({@code $util.parseJson('nope')}) fails the render. The handler is not
 * optional: once a render attaches its own event cartridge, Velocity 2.4 asks that cartridge what a
 * failed call evaluates to and, without a handler, silently takes {@code null}.
 */
final class RenderHooks implements ReferenceInsertionEventHandler, IncludeEventHandler, MethodExceptionEventHandler {
    private final long maxChars;

    RenderHooks(long maxChars) {
        this.maxChars = maxChars;
    }

    @Override
    public Object referenceInsert(Context context, String reference, Object value) {
        if (value == null) {
            return "";
        }
        RenderState.checkSize(value, maxChars);
        return value;
    }

    @Override
    public String includeEvent(
            Context context, String includeResourcePath, String currentResourcePath, String directiveName) {
        throw new TemplateAbort("#" + directiveName + " is not supported in mapping templates");
    }

    @Override
    public Object methodException(Context context, Class<?> claz, String method, Exception e, Info info) {
        if (e instanceof TemplateAbort abort) {
            throw abort;
        }
        String where = info == null ? "" : "line " + info.getLine() + ", column " + info.getColumn() + ": ";
        throw new TemplateAbort(where + method + "() failed: " + VtlJson.firstLine(e.getMessage()));
    }
}
