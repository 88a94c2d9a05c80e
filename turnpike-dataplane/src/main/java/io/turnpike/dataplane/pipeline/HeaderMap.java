package io.turnpike.dataplane.pipeline;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Headers by name, multi-valued, looked up without regard to case: what a {@code TreeMap} ordered by
 * {@link String#CASE_INSENSITIVE_ORDER} gives (names as first received, values in order, iteration
 * sorted by name), built for a request's steps, which look names up many times and seldom iterate.
 * A lookup hashes the name with its case folded and compares one candidate; the sorted entries are
 * made only if something iterates. Immutable, the value lists too.
 */
public final class HeaderMap extends AbstractMap<String, List<String>> {

    private static final HeaderMap EMPTY = new HeaderMap(new String[0], new List<?>[0], 0, new int[1]);

    private final String[] names;
    private final List<?>[] values;
    private final int size;
    /** Open addressing: a slot holds an index into {@link #names} plus one, or 0 when free. */
    private final int[] slots;

    private Set<Entry<String, List<String>>> entries;

    private HeaderMap(String[] names, List<?>[] values, int size, int[] slots) {
        this.names = names;
        this.values = values;
        this.size = size;
        this.slots = slots;
    }

    /** The headers {@code wire} holds, in wire order, names as received. */
    public static HeaderMap of(List<Map.Entry<String, String>> wire) {
        int n = wire.size();
        if (n == 0) {
            return EMPTY;
        }
        String[] names = new String[n];
        Object[] firsts = new Object[n]; // a name's only value, or the ArrayList of its values
        int[] slots = new int[Integer.highestOneBit(n * 2 - 1) << 1];
        int mask = slots.length - 1;
        int size = 0;
        for (int i = 0; i < n; i++) {
            Map.Entry<String, String> e = wire.get(i);
            String name = e.getKey();
            int s = hash(name) & mask;
            while (true) {
                int at = slots[s] - 1;
                if (at < 0) {
                    slots[s] = size + 1;
                    names[size] = name;
                    firsts[size] = e.getValue();
                    size++;
                    break;
                }
                if (names[at].equalsIgnoreCase(name)) {
                    if (firsts[at] instanceof ArrayList<?> more) {
                        @SuppressWarnings("unchecked")
                        ArrayList<String> list = (ArrayList<String>) more;
                        list.add(e.getValue());
                    } else {
                        ArrayList<String> list = new ArrayList<>(2);
                        list.add((String) firsts[at]);
                        list.add(e.getValue());
                        firsts[at] = list;
                    }
                    break;
                }
                s = (s + 1) & mask;
            }
        }
        List<?>[] values = new List<?>[size];
        for (int i = 0; i < size; i++) {
            values[i] = firsts[i] instanceof ArrayList<?> list
                    ? Collections.unmodifiableList(list)
                    : Collections.singletonList(firsts[i]);
        }
        return new HeaderMap(names, values, size, slots);
    }

    /** The last value of {@code name} (API Gateway's single-value view), or null. */
    public String last(String name) {
        List<String> v = get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> get(Object key) {
        int at = indexOf(key);
        return at < 0 ? null : (List<String>) values[at];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public Set<Entry<String, List<String>>> entrySet() {
        Set<Entry<String, List<String>>> e = entries;
        if (e == null) {
            e = sorted();
            entries = e;
        }
        return e;
    }

    private int indexOf(Object key) {
        if (!(key instanceof String name) || size == 0) {
            return -1;
        }
        int mask = slots.length - 1;
        int s = hash(name) & mask;
        while (true) {
            int at = slots[s] - 1;
            if (at < 0) {
                return -1;
            }
            if (names[at].equalsIgnoreCase(name)) {
                return at;
            }
            s = (s + 1) & mask;
        }
    }

    @SuppressWarnings("unchecked")
    private Set<Entry<String, List<String>>> sorted() {
        Entry<String, List<String>>[] all = new Entry[size];
        for (int i = 0; i < size; i++) {
            all[i] = new SimpleImmutableEntry<>(names[i], (List<String>) values[i]);
        }
        Arrays.sort(all, (a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.getKey(), b.getKey()));
        List<Entry<String, List<String>>> list = Arrays.asList(all);
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, List<String>>> iterator() {
                return Collections.unmodifiableList(list).iterator();
            }

            @Override
            public int size() {
                return list.size();
            }
        };
    }

    /** A hash that names equal but for case share, as {@link String#equalsIgnoreCase} sees case. */
    private static int hash(String s) {
        int h = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            } else if (c >= 0x80) {
                c = Character.toLowerCase(Character.toUpperCase(c));
            }
            h = 31 * h + c;
        }
        return h ^ (h >>> 16);
    }
}
