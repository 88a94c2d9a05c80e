package io.turnpike.dataplane.mapping;

import java.io.StringReader;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.velocity.Template;
import org.apache.velocity.exception.ParseErrorException;
import org.apache.velocity.exception.TemplateInitException;
import org.apache.velocity.exception.VelocityException;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.runtime.parser.ParseException;
import org.apache.velocity.runtime.parser.node.SimpleNode;
import org.apache.velocity.runtime.resource.loader.StringResourceLoader;
import org.slf4j.helpers.NOPLogger;

/**
 * Compiles mapping templates once, at snapshot-compile time, into {@link CompiledTemplate}s that any
 * number of threads render. One per gateway; thread-safe.
 *
 * <p>The engine is Apache Velocity 2 configured to behave like the Velocity 1.7 AWS runs:
 *
 * <ul>
 *   <li>no implicit argument conversion ({@code introspector.conversion_handler.class=none}), 1.7
 *       whitespace handling ({@code parser.space_gobbling=bc}), {@code #if} false only for null and
 *       {@code false} ({@code directive.if.empty_check=false} — so {@code #if("")} is true, a classic
 *       AWS surprise), and hyphens in identifiers ({@code $context.requestOverride.header.X-Custom});
 *   <li>a sandbox ({@link SandboxUberspector}) and budgets: {@code #foreach} fails past 1,000
 *       iterations ({@link CappedForeach}), output fails past the output cap, {@code #evaluate}
 *       nesting is bounded ({@link BoundedEvaluate}), and there are no resource loaders, so {@code
 *       #include}/{@code #parse} cannot read files;
 *   <li>inline {@code #macro}s are local to their template, so one API's macros never leak into
 *       another's;
 *   <li>Velocity's own logging is off: what goes wrong in a template is the API owner's error and
 *       comes back in {@link TemplateResult#error()}, not as log lines on every request.
 * </ul>
 *
 * <p><b>One compile per distinct text.</b> APIs repeat templates: every method of a CORS-enabled API
 * has the same {@code {"statusCode": 200}}, and generated APIs give a thousand resources the same
 * response template. Compiled templates are immutable and thread-safe, so the engine keeps each one
 * keyed by its (trimmed) text for as long as any snapshot still uses it — the cache holds them
 * weakly — and a snapshot compile parses each distinct text once, as does a redeployment that
 * leaves a template unchanged. Inline macros are stored in the compiled template itself, so sharing
 * one between methods with the same text shares nothing they could tell apart.
 *
 * <p>Velocity itself is started on the first compile, not in the constructor: a node that serves no
 * templates (or has not yet loaded any) does not pay for it at start-up.
 */
public final class TemplateEngine {
    /** The default output cap: 10 MB, AWS's payload limit, in characters. */
    public static final long DEFAULT_MAX_OUTPUT_CHARS = 10L * 1024 * 1024;

    static final String TEMPLATE_NAME = "mapping template";

    private final long maxOutputChars;
    private volatile RuntimeInstance runtime;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ReferenceQueue<CompiledTemplate> collected = new ReferenceQueue<>();

    /** A cache entry that the garbage collector clears once no snapshot uses its template. */
    private static final class Cached extends WeakReference<CompiledTemplate> {
        final String text;

        Cached(String text, CompiledTemplate template, ReferenceQueue<CompiledTemplate> queue) {
            super(template, queue);
            this.text = text;
        }
    }

    public TemplateEngine() {
        this(DEFAULT_MAX_OUTPUT_CHARS);
    }

    /**
     * @param maxOutputChars the most characters a render may produce (and the longest string a
     *     template may build); more fails the render
     */
    public TemplateEngine(long maxOutputChars) {
        if (maxOutputChars < 1) {
            throw new IllegalArgumentException("maxOutputChars: " + maxOutputChars + " (expected: >= 1)");
        }
        this.maxOutputChars = maxOutputChars;
    }

    private RuntimeInstance runtime() {
        RuntimeInstance started = runtime;
        if (started == null) {
            synchronized (this) {
                started = runtime;
                if (started == null) {
                    started = start(maxOutputChars);
                    runtime = started;
                }
            }
        }
        return started;
    }

    private static RuntimeInstance start(long maxOutputChars) {
        RuntimeInstance instance = new RuntimeInstance();
        instance.setProperty(RuntimeConstants.RUNTIME_LOG_INSTANCE, NOPLogger.NOP_LOGGER);
        // Velocity insists on a resource loader; an empty, engine-private string repository finds
        // nothing, so #include/#parse could never read a file even without RenderHooks.
        instance.setProperty(RuntimeConstants.RESOURCE_LOADERS, "string");
        instance.setProperty("resource.loader.string.class", StringResourceLoader.class.getName());
        instance.setProperty("resource.loader.string.repository.static", "false");
        instance.setProperty("resource.loader.string.repository.name", "turnpike.no-resources");
        instance.setProperty(RuntimeConstants.UBERSPECT_CLASSNAME, SandboxUberspector.class.getName());
        instance.setProperty(SandboxUberspector.MAX_CHARS_PROPERTY, Long.toString(maxOutputChars));
        instance.setProperty(RuntimeConstants.CONVERSION_HANDLER_CLASS, "none");
        instance.setProperty(RuntimeConstants.SPACE_GOBBLING, "bc");
        instance.setProperty(RuntimeConstants.CHECK_EMPTY_OBJECTS, "false");
        instance.setProperty(RuntimeConstants.PARSER_HYPHEN_ALLOWED, "true");
        instance.setProperty(
                RuntimeConstants.CUSTOM_DIRECTIVES,
                CappedForeach.class.getName() + "," + BoundedEvaluate.class.getName());
        instance.setProperty(RuntimeConstants.VM_PERM_INLINE_LOCAL, "true");
        instance.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, "false");
        instance.setProperty(RuntimeConstants.RUNTIME_LOG_REFERENCE_LOG_INVALID, "false");
        instance.init();
        return instance;
    }

    /**
     * Parses a template. The text is trimmed first, as AWS trims it; an empty template renders an
     * empty body.
     *
     * <p>The same text gives the same (shared) compiled template while any snapshot holds it.
     *
     * @throws TemplateException on a syntax error, naming its line and column
     */
    public CompiledTemplate compile(String source) {
        String text = source.strip();
        for (Object gone; (gone = collected.poll()) != null; ) {
            Cached entry = (Cached) gone;
            cache.remove(entry.text, entry);
        }
        Cached cached = cache.get(text);
        CompiledTemplate template = cached == null ? null : cached.get();
        if (template == null) {
            template = parse(text);
            cache.put(text, new Cached(text, template, collected));
        }
        return template;
    }

    /** Distinct template texts compiled and still in use (for tests). */
    int cachedTemplates() {
        return (int) cache.values().stream().filter(c -> c.get() != null).count();
    }

    private CompiledTemplate parse(String text) {
        RuntimeInstance runtime = runtime();
        Template template = new Template();
        template.setName(TEMPLATE_NAME);
        template.setRuntimeServices(runtime);
        try {
            SimpleNode root = runtime.parse(new StringReader(text), template);
            template.setData(root);
            template.initDocument();
        } catch (ParseException e) {
            ParseErrorException located = new ParseErrorException(e, TEMPLATE_NAME);
            throw new TemplateException(reason(e.getMessage()), located.getLineNumber(), located.getColumnNumber(), e);
        } catch (ParseErrorException e) {
            throw new TemplateException(reason(e.getMessage()), e.getLineNumber(), e.getColumnNumber(), e);
        } catch (TemplateInitException e) {
            throw new TemplateException(reason(e.getMessage()), e.getLineNumber(), e.getColumnNumber(), e);
        } catch (VelocityException e) {
            throw new TemplateException(reason(e.getMessage()), 0, 0, e);
        }
        // without '$' or '#' there is nothing Velocity could evaluate: the text renders as itself
        boolean staticText = text.indexOf('$') < 0 && text.indexOf('#') < 0;
        return new CompiledTemplate(template, maxOutputChars, staticText);
    }

    /** The first line of Velocity's message, which is the part that explains the error. */
    static String reason(String message) {
        // Velocity appends " at <template name>[line L, column C]"; TemplateException says that itself.
        return VtlJson.firstLine(message)
                .replaceAll(" at " + TEMPLATE_NAME + "\\[line \\d+, column \\d+\\]", "")
                // Velocity's parser marks the end of input with U+001C and reports it escaped.
                .replace("\"\\u001c\"", "end of template")
                .strip();
    }
}
