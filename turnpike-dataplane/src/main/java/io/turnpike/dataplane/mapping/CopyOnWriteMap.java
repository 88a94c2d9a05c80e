package io.turnpike.dataplane.mapping;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A template's private, mutable view of a shared map ({@code $context}), copied only as far as the
 * template reaches into it.
 *
 * <p><b>Why.</b> A template may change {@code $context} ({@code #set($context.x = 1)}, {@code
 * $context.identity.put(..)}), and nothing it does may leak into the request's shared map or into the
 * next template. Deep-copying the whole tree before every render did that at ~50 map entries per
 * request, though templates read a handful of keys. This view reads through to {@code base}; a scalar
 * is returned as it is (immutable: strings, numbers, booleans), a nested map the first time it is read
 * becomes a view of its own and a list a deep copy, both remembered so later reads and writes see the
 * same object; {@code put} writes to the view only. Anything that needs the whole map (iteration,
 * {@code remove}, {@code clear}) first copies it in full, in {@code base}'s order with the keys written
 * since in the order written — exactly the map the former deep copy plus the same puts gave.
 *
 * <p>Not thread-safe (one render); {@code base} must not change while the view is in use.
 */
final class CopyOnWriteMap extends AbstractMap<String, Object> {

    private final Map<?, ?> base;
    /** Keys read as nested views or copies, and keys written, before the map was copied in full. */
    private Map<String, Object> local;
    /** The whole map, once something needed it; from then on the only state. */
    private Map<String, Object> full;

    CopyOnWriteMap(Map<?, ?> base) {
        this.base = base;
    }

    @Override
    public Object get(Object key) {
        if (full != null) {
            return full.get(key);
        }
        if (local != null && local.containsKey(key)) {
            return local.get(key);
        }
        Object value = base.get(key);
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            if (!(key instanceof String name) || !containsStringKey(name)) {
                // a key the full copy would stringify: let the full copy answer
                return materialize().get(key);
            }
            value = copyValue(value);
            local().put(name, value);
        }
        return value;
    }

    @Override
    public boolean containsKey(Object key) {
        if (full != null) {
            return full.containsKey(key);
        }
        return (local != null && local.containsKey(key)) || (key instanceof String s && containsStringKey(s));
    }

    @Override
    public Object put(String key, Object value) {
        if (full != null) {
            return full.put(key, value);
        }
        Object before = get(key);
        local().put(key, value);
        return before;
    }

    @Override
    public int size() {
        if (full != null) {
            return full.size();
        }
        int size = base.size();
        if (local != null) {
            for (String k : local.keySet()) {
                if (!containsStringKey(k)) {
                    size++;
                }
            }
        }
        return size;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return materialize().entrySet();
    }

    private boolean containsStringKey(String key) {
        // base's keys are strings in practice; the full copy stringifies any other
        return base.containsKey(key);
    }

    private Map<String, Object> local() {
        if (local == null) {
            local = new LinkedHashMap<>();
        }
        return local;
    }

    private Map<String, Object> materialize() {
        if (full == null) {
            Map<String, Object> copy = new LinkedHashMap<>((int) ((base.size() + 4) / 0.75f) + 1);
            base.forEach((k, v) -> {
                String name = String.valueOf(k);
                copy.put(name, local != null && local.containsKey(name) ? local.get(name) : copyValue(v));
            });
            if (local != null) {
                local.forEach(copy::put);
            }
            full = copy;
            local = null;
        }
        return full;
    }

    static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return new CopyOnWriteMap(map);
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(copyValue(element)));
            return copy;
        }
        return value;
    }
}
