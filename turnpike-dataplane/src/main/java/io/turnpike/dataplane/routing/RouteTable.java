package io.turnpike.dataplane.routing;

import io.turnpike.model.rest.Resource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A deployment's resource tree compiled into a trie, matched the way Amazon API Gateway matches: at each
 * level a literal path part beats a {@code {param}}, which beats a greedy {@code {name+}}; when a more
 * specific branch fails deeper down, matching backtracks to the next kind. A greedy part needs at least
 * one segment and takes the rest of the path as received (double slashes and all). Matching is
 * case-sensitive and ignores a trailing slash. Path parameter values stay percent-encoded, as AWS passes
 * them.
 *
 * <p>Built once per stage snapshot; {@link #match} allocates only the parameter map of a match.
 *
 * @param <T> what each resource compiles to (its methods' plans)
 */
public final class RouteTable<T> {

    private final Node<T> root;

    private RouteTable(Node<T> root) {
        this.root = root;
    }

    /** A match: the resource's compiled value and its path parameters (empty when none). */
    public record Match<T>(T value, Map<String, String> pathParams) {}

    /**
     * Compiles the tree. Every resource's {@code path} is split into its parts; {@code compile} is called
     * once per resource.
     */
    public static <T> RouteTable<T> compile(List<Resource> resources, Function<Resource, T> compile) {
        Node<T> root = new Node<>();
        for (Resource r : resources) {
            Node<T> node = root;
            for (String part : parts(r.path())) {
                node = node.child(part);
            }
            node.value = compile.apply(r);
        }
        return new RouteTable<>(root);
    }

    /** Matches a raw (still percent-encoded) resource path such as {@code /pets/42}. */
    public Match<T> match(String rawPath) {
        int[] segments = segments(rawPath);
        Params params = new Params();
        T value = match(root, rawPath, segments, 0, params);
        return value == null ? null : new Match<>(value, params.map == null ? Map.of() : params.map);
    }

    /** The path parameters bound so far; the map only once there is one (most paths have none). */
    private static final class Params {
        LinkedHashMap<String, String> map;

        void put(String name, String value) {
            if (map == null) {
                map = new LinkedHashMap<>(4);
            }
            map.put(name, value);
        }

        void remove(String name) {
            map.remove(name);
        }
    }

    /** {@code segs} holds the start and end offset of each segment, after its count in {@code segs[0]}. */
    private static <T> T match(Node<T> node, String path, int[] segs, int i, Params params) {
        int count = segs[0];
        if (i == count) {
            return node.value;
        }
        int start = segs[1 + 2 * i];
        int end = segs[2 + 2 * i];
        if (node.literals != null) {
            Node<T> lit = node.literals.get(path.substring(start, end));
            if (lit != null) {
                T found = match(lit, path, segs, i + 1, params);
                if (found != null) {
                    return found;
                }
            }
        }
        if (node.param != null) {
            params.put(node.paramName, path.substring(start, end));
            T found = match(node.param, path, segs, i + 1, params);
            if (found != null) {
                return found;
            }
            params.remove(node.paramName);
        }
        if (node.greedy != null && node.greedy.value != null) {
            // the rest of the path as received, without the trailing slash AWS ignores
            params.put(node.greedyName, path.substring(start, segs[2 * count]));
            return node.greedy.value;
        }
        return null;
    }

    /**
     * The non-empty segments, in one array: their count, then each one's start and end offset. A path
     * has at most one segment per two characters, so the array is sized once.
     */
    private static int[] segments(String path) {
        int n = path.length();
        int[] out = new int[1 + 2 * ((n + 1) / 2)];
        int count = 0;
        int i = 0;
        while (i < n) {
            while (i < n && path.charAt(i) == '/') {
                i++;
            }
            int start = i;
            while (i < n && path.charAt(i) != '/') {
                i++;
            }
            if (i > start) {
                out[1 + 2 * count] = start;
                out[2 + 2 * count] = i;
                count++;
            }
        }
        out[0] = count;
        return out;
    }

    private static List<String> parts(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    private static final class Node<T> {
        Map<String, Node<T>> literals;
        Node<T> param;
        String paramName;
        Node<T> greedy;
        String greedyName;
        T value;

        Node<T> child(String part) {
            if (part.startsWith("{") && part.endsWith("+}")) {
                if (greedy == null) {
                    greedy = new Node<>();
                    greedyName = part.substring(1, part.length() - 2);
                }
                return greedy;
            }
            if (part.startsWith("{") && part.endsWith("}")) {
                if (param == null) {
                    param = new Node<>();
                    paramName = part.substring(1, part.length() - 1);
                }
                return param;
            }
            if (literals == null) {
                literals = new HashMap<>();
            }
            return literals.computeIfAbsent(part, k -> new Node<>());
        }
    }
}
