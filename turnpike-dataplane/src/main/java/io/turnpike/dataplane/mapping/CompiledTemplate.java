package io.turnpike.dataplane.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.exception.MethodInvocationException;
import org.apache.velocity.exception.ParseErrorException;
import org.apache.velocity.util.introspection.IntrospectionCacheData;

/**
 * A parsed mapping template. Rendering is thread-safe and never throws for anything a template or
 * its input can cause: such failures come back in {@link TemplateResult#error()}.
 *
 * <p>What the template sees: {@code $input} ({@link InputVariable}), {@code $util} ({@link
 * UtilVariable}), {@code $context} (a private, mutable copy of {@link TemplateInput#context()} with
 * {@code requestOverride} and {@code responseOverride} maps the template may {@code #set}), and
 * {@code $stageVariables}.
 *
 * <p><b>Static templates.</b> A template with neither {@code $} nor {@code #} in its text cannot read
 * its input or set an override, so its output is the same on every request: the engine renders it
 * once, at compile time, and {@link #render} hands back that text (with the overrides carried in, as a
 * full render would) without building a Velocity context. MOCK integrations answer this way: {@code
 * {"statusCode": 200}} and a fixed response body are the common case. {@link #isStatic()} lets a
 * caller skip even building the {@link TemplateInput}.
 */
public final class CompiledTemplate {
    private static final String REQUEST_OVERRIDE = "requestOverride";
    private static final String RESPONSE_OVERRIDE = "responseOverride";

    /** Introspection entries kept between renders at most; {@code #evaluate} adds new nodes each render. */
    static final int MAX_INTROSPECTION_ENTRIES = 512;

    private final Template template;
    private final long maxChars;
    private final RenderHooks hooks;
    /** The hooks, attached to every render's context; never changed after construction. */
    private final EventCartridge cartridge;
    /**
     * Velocity's introspection results (which getter or method a node calls on which class), handed
     * from one render to the next: see {@link RenderContext}. Taken while a render uses it, so two
     * renders never share one map.
     */
    private final AtomicReference<Map<Object, IntrospectionCacheData>> introspection = new AtomicReference<>();
    /** The result with nothing carried in, for a static template; null otherwise. */
    private final TemplateResult staticResult;

    CompiledTemplate(Template template, long maxChars, boolean staticText) {
        this.template = template;
        this.maxChars = maxChars;
        this.hooks = new RenderHooks(maxChars);
        this.cartridge = new EventCartridge();
        cartridge.addEventHandler(hooks);
        TemplateResult once = staticText ? renderWithVelocity(TemplateInput.ofBody("")) : null;
        // a static text over the output cap fails on every render: leave that to the full render
        this.staticResult = once == null || once.failed() ? null : once;
    }

    /**
     * True when the output never depends on the input: the template has neither {@code $} nor
     * {@code #} (no references, no directives, no comments).
     */
    public boolean isStatic() {
        return staticResult != null;
    }

    /**
     * A static template's result, with these overrides carried in from an earlier template (the same
     * result {@link #render} gives for an input whose {@code $context} carries them).
     *
     * @throws IllegalStateException if the template is not {@linkplain #isStatic() static}
     */
    public TemplateResult renderStatic(RequestOverride carriedRequest, ResponseOverride carriedResponse) {
        if (staticResult == null) {
            throw new IllegalStateException("renderStatic on a template that reads its input");
        }
        if (carriedRequest.isEmpty() && carriedResponse.isEmpty()) {
            return staticResult;
        }
        return new TemplateResult(staticResult.output(), carriedRequest, carriedResponse, null);
    }

    /** Renders the template against one request (or integration response). */
    public TemplateResult render(TemplateInput input) {
        if (staticResult != null) {
            Object request = input.context().get(REQUEST_OVERRIDE);
            Object response = input.context().get(RESPONSE_OVERRIDE);
            if (request == null && response == null) {
                return staticResult;
            }
            // what a full render ends with when the template set nothing: the carried overrides
            Object carriedStatus = response instanceof Map<?, ?> r ? r.get("status") : null;
            return new TemplateResult(
                    staticResult.output(),
                    requestOverride(Map.of(REQUEST_OVERRIDE, overrideMap(request, "header", "querystring", "path"))),
                    responseOverride(Map.of(
                            RESPONSE_OVERRIDE, responseWithStatus(overrideMap(response, "header"), carriedStatus))),
                    null);
        }
        return renderWithVelocity(input);
    }

    private TemplateResult renderWithVelocity(TemplateInput input) {
        // the overrides carried in from an earlier template; the render works on fresh copies (the view
        // below never writes through to input.context()), so a failed render still finds them unchanged
        Object carriedRequest = input.context().get(REQUEST_OVERRIDE);
        Object carriedResponse = input.context().get(RESPONSE_OVERRIDE);
        Object carriedStatus = carriedResponse instanceof Map<?, ?> response ? response.get("status") : null;

        Map<String, Object> context = new CopyOnWriteMap(input.context());
        context.put(REQUEST_OVERRIDE, overrideMap(carriedRequest, "header", "querystring", "path"));
        Map<String, Object> responseOverride = overrideMap(carriedResponse, "header");
        if (carriedStatus != null) {
            responseOverride.put("status", carriedStatus);
        }
        context.put(RESPONSE_OVERRIDE, responseOverride);

        Map<Object, IntrospectionCacheData> cache = introspection.getAndSet(null);
        RenderContext velocity = new RenderContext(cache == null ? new HashMap<>() : cache);
        velocity.put(
                "input", new InputVariable(input.body(), input.pathParams(), input.queryParams(), input.headers()));
        velocity.put("util", UtilVariable.INSTANCE);
        velocity.put("context", context);
        velocity.put("stageVariables", new CopyOnWriteMap(input.stageVariables()));
        velocity.put(RenderState.KEY, new RenderState(maxChars));
        velocity.attachEventCartridge(cartridge);

        LimitedWriter out = new LimitedWriter(maxChars);
        try {
            template.merge(velocity, out);
            if (velocity.cache.size() <= MAX_INTROSPECTION_ENTRIES) {
                introspection.set(velocity.cache);
            }
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // Errors are caught too: a template is user code, and one request's runaway recursion
            // or allocation must not take the event loop thread down with it.
            return new TemplateResult(
                    "",
                    requestOverride(
                            Map.of(REQUEST_OVERRIDE, overrideMap(carriedRequest, "header", "querystring", "path"))),
                    responseOverride(Map.of(
                            RESPONSE_OVERRIDE,
                            responseWithStatus(overrideMap(carriedResponse, "header"), carriedStatus))),
                    describe(e));
        }
        return new TemplateResult(out.toString(), requestOverride(context), responseOverride(context), null);
    }

    /**
     * A Velocity context whose introspection cache outlives the render. Velocity caches, per context,
     * which getter or method each template node resolved to for the class it met; with a new context
     * per render every {@code $a.b} and {@code $a.m()} was looked up by reflection again on every
     * request (method keys built as strings, the sandbox's package checks, ...). Entries are checked
     * against the class of the object at hand before use (Velocity does that itself), so an entry made
     * for another request's values is never applied to the wrong type. A render that fails leaves its
     * map behind: the next render starts a new one.
     */
    private static final class RenderContext extends VelocityContext {
        final Map<Object, IntrospectionCacheData> cache;

        RenderContext(Map<Object, IntrospectionCacheData> cache) {
            this.cache = cache;
        }

        @Override
        public IntrospectionCacheData icacheGet(Object key) {
            return cache.get(key);
        }

        @Override
        public void icachePut(Object key, IntrospectionCacheData o) {
            cache.put(key, o);
        }

        /**
         * Velocity's {@code put} interns every key ({@link String#intern}, a lookup in the JVM's string
         * table, for each of the five variables set per render and every {@code #set}); the context is a
         * {@link HashMap}, which compares keys with {@code equals}, so the interned copy buys nothing.
         */
        @Override
        public Object put(String key, Object value) {
            return key == null ? null : internalPut(key, value);
        }
    }

    private static Map<String, Object> responseWithStatus(Map<String, Object> response, Object status) {
        Map<String, Object> copy = new LinkedHashMap<>(response);
        if (status != null) {
            copy.put("status", status);
        }
        return copy;
    }

    /** A fresh mutable override map with a fresh mutable map under each key, seeded from {@code carried}. */
    private static Map<String, Object> overrideMap(Object carried, String... keys) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (String key : keys) {
            Map<String, Object> values = new LinkedHashMap<>();
            if (carried instanceof Map<?, ?> carriedMap && carriedMap.get(key) instanceof Map<?, ?> carriedValues) {
                carriedValues.forEach((name, value) -> values.put(String.valueOf(name), value));
            }
            result.put(key, values);
        }
        return result;
    }

    private static RequestOverride requestOverride(Map<String, Object> context) {
        if (!(context.get(REQUEST_OVERRIDE) instanceof Map<?, ?> override)) {
            return RequestOverride.empty();
        }
        return new RequestOverride(
                stringValues(override.get("header")),
                stringValues(override.get("querystring")),
                stringValues(override.get("path")));
    }

    private static ResponseOverride responseOverride(Map<String, Object> context) {
        if (!(context.get(RESPONSE_OVERRIDE) instanceof Map<?, ?> override)) {
            return ResponseOverride.empty();
        }
        return new ResponseOverride(status(override.get("status")), stringValues(override.get("header")));
    }

    /**
     * The status a template set, if AWS would honour it: an integer (or integer text) from 100 to 599.
     */
    static Integer status(Object value) {
        Integer status = null;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long number = ((Number) value).longValue();
            status = number >= 100 && number <= 599 ? (int) number : null;
        } else if (value instanceof BigInteger || value instanceof BigDecimal || value instanceof Double) {
            status = integral(new BigDecimal(value.toString()));
        } else if (value instanceof CharSequence text) {
            try {
                status = integral(new BigDecimal(text.toString().strip()));
            } catch (NumberFormatException notANumber) {
                status = null;
            }
        }
        return status;
    }

    private static Integer integral(BigDecimal number) {
        try {
            int value = number.intValueExact();
            return value >= 100 && value <= 599 ? value : null;
        } catch (ArithmeticException notAnInteger) {
            return null;
        }
    }

    /**
     * Override values as header/parameter text: a list (a header set to several values) is joined
     * with commas, as repeated HTTP headers combine; null and missing values are dropped.
     */
    private static Map<String, String> stringValues(Object map) {
        if (!(map instanceof Map<?, ?> values) || values.isEmpty()) {
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value == null || value instanceof MissingValue) {
                return;
            }
            if (value instanceof Collection<?> list) {
                List<String> parts = new ArrayList<>();
                list.forEach(part -> parts.add(String.valueOf(part)));
                result.put(String.valueOf(name), String.join(",", parts));
            } else {
                result.put(String.valueOf(name), value.toString());
            }
        });
        return result;
    }

    /** A short message for the execution log; the client only ever sees AWS's 500 body. */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TemplateAbort abort) {
                return abort.getMessage();
            }
        }
        if (failure instanceof StackOverflowError) {
            return "template recursion too deep";
        }
        if (failure instanceof OutOfMemoryError) {
            return "template ran out of memory";
        }
        if (failure instanceof MethodInvocationException invocation) {
            Throwable cause = invocation.getCause() == null ? invocation : invocation.getCause();
            return "line " + invocation.getLineNumber() + ", column " + invocation.getColumnNumber() + ": "
                    + invocation.getReferenceName() + "." + invocation.getMethodName() + "() failed: "
                    + VtlJson.firstLine(cause.getMessage());
        }
        if (failure instanceof ParseErrorException parse) {
            return "line " + parse.getLineNumber() + ", column " + parse.getColumnNumber()
                    + ": #evaluate syntax error: " + TemplateEngine.reason(parse.getMessage());
        }
        String message = TemplateEngine.reason(failure.getMessage());
        return message.isEmpty() ? failure.getClass().getSimpleName() : message;
    }
}
