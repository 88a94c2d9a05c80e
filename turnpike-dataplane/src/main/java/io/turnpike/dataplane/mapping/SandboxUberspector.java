package io.turnpike.dataplane.mapping;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.util.introspection.Info;
import org.apache.velocity.util.introspection.SecureIntrospectorImpl;
import org.apache.velocity.util.introspection.SecureUberspector;
import org.apache.velocity.util.introspection.VelMethod;
import org.apache.velocity.util.introspection.VelPropertyGet;
import org.slf4j.Logger;

/**
 * How templates reach Java methods: Velocity's {@link SecureUberspector} (no methods on reflection,
 * class-loading, process or thread classes) plus three rules of our own.
 *
 * <ol>
 *   <li>{@code getClass()} — and so {@code $x.class} — fails the render. Every escape from a Velocity
 *       sandbox starts from a {@code Class}; stock {@code SecureUberspector} still hands one out and
 *       only blocks what is called on it. On a map, {@code .class} reads the key {@code "class"}
 *       instead, so a JSON field of that name stays usable.
 *   <li>Methods that allocate as much as an argument asks ({@code repeat}, {@code format}) fail the
 *       render: one call could fill the heap before any size check sees the result.
 *   <li>Every call is checked around: a list or map grown past {@link RenderState#MAX_COLLECTION_SIZE}
 *       cannot be called on, and a result past the output cap fails the render.
 * </ol>
 *
 * <p>Public with a public constructor only because Velocity instantiates uberspectors by class name.
 */
public final class SandboxUberspector extends SecureUberspector {
    /** Engine property carrying the output cap, which also caps any single string value. */
    static final String MAX_CHARS_PROPERTY = "turnpike.max_chars";

    private static final Set<String> DENIED_METHODS =
            Set.of("getClass", "wait", "notify", "notifyAll", "repeat", "format", "formatted");

    private long maxChars = Long.MAX_VALUE;

    @Override
    public void init() {
        String[] badPackages = rsvc.getConfiguration().getStringArray(RuntimeConstants.INTROSPECTOR_RESTRICT_PACKAGES);
        String[] badClasses = rsvc.getConfiguration().getStringArray(RuntimeConstants.INTROSPECTOR_RESTRICT_CLASSES);
        introspector = new DenyingIntrospector(badClasses, badPackages, log);
        maxChars = rsvc.getConfiguration().getLong(MAX_CHARS_PROPERTY, Long.MAX_VALUE);
    }

    @Override
    public VelMethod getMethod(Object obj, String methodName, Object[] args, Info info) {
        if (obj != null) {
            deny(methodName, info);
        }
        VelMethod method = super.getMethod(obj, methodName, args, info);
        return method == null ? null : new CheckedMethod(method, maxChars);
    }

    @Override
    public VelPropertyGet getPropertyGet(Object obj, String identifier, Info info) {
        if (identifier != null && identifier.toLowerCase(Locale.ROOT).equals("class")) {
            if (obj instanceof Map<?, ?>) {
                return new MapEntryGet(identifier);
            }
            if (obj != null) {
                throw new TemplateAbort(where(info) + "access to ." + identifier + " is not allowed");
            }
        }
        return super.getPropertyGet(obj, identifier, info);
    }

    private static void deny(String methodName, Info info) {
        if (DENIED_METHODS.contains(methodName)) {
            throw new TemplateAbort(where(info) + "method " + methodName + "() is not allowed");
        }
    }

    private static String where(Info info) {
        return info == null ? "" : "line " + info.getLine() + ", column " + info.getColumn() + ": ";
    }

    /** Also denies the methods when Velocity looks them up for property access. */
    private static final class DenyingIntrospector extends SecureIntrospectorImpl {
        DenyingIntrospector(String[] badClasses, String[] badPackages, Logger log) {
            super(badClasses, badPackages, log);
        }

        @Override
        public Method getMethod(Class<?> clazz, String methodName, Object[] params) {
            deny(methodName, null);
            return super.getMethod(clazz, methodName, params);
        }
    }

    private record CheckedMethod(VelMethod delegate, long maxChars) implements VelMethod {
        @Override
        public Object invoke(Object receiver, Object[] params)
                throws IllegalAccessException, InvocationTargetException {
            if (!(receiver instanceof CharSequence)) {
                RenderState.checkSize(receiver, maxChars);
            }
            Object result = delegate.invoke(receiver, params);
            RenderState.checkSize(result, maxChars);
            return result;
        }

        @Override
        public boolean isCacheable() {
            return delegate.isCacheable();
        }

        @Override
        public String getMethodName() {
            return delegate.getMethodName();
        }

        @Override
        public Method getMethod() {
            return delegate.getMethod();
        }

        @Override
        public Class<?> getReturnType() {
            return delegate.getReturnType();
        }
    }

    private record MapEntryGet(String key) implements VelPropertyGet {
        @Override
        public Object invoke(Object o) {
            return o instanceof Map<?, ?> map ? map.get(key) : null;
        }

        @Override
        public boolean isCacheable() {
            return true;
        }

        @Override
        public String getMethodName() {
            return key;
        }
    }
}
