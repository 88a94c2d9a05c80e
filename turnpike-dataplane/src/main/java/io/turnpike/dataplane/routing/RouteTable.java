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
        List<int[]> segments = segments(rawPath);
        Map<String, String> params = new LinkedHashMap<>(4);
        T value = match(root, rawPath, segments, 0, params);
        return value == null ? null : new Match<>(value, params);
    }

    private static <T> T match(Node<T> node, String path, List<int[]> segs, int i, Map<String, String> params) {
        if (i == segs.size()) {
            return node.value;
        }
        int[] seg = segs.get(i);
        if (node.literals != null) {
            Node<T> lit = node.literals.get(path.substring(seg[0], seg[1]));
            if (lit != null) {
                T found = match(lit, path, segs, i + 1, params);
                if (found != null) {
                    return found;
                }
            }
        }
        if (node.param != null) {
            params.put(node.paramName, path.substring(seg[0], seg[1]));
            T found = match(node.param, path, segs, i + 1, params);
            if (found != null) {
                return found;
            }
            params.remove(node.paramName);
        }
        if (node.greedy != null && node.greedy.value != null) {
            // the rest of the path as received, without the trailing slash AWS ignores
            int end = segs.get(segs.size() - 1)[1];
            params.put(node.greedyName, path.substring(seg[0], end));
            return node.greedy.value;
        }
        return null;
    }

    /** Start and end offsets of each non-empty segment. */
    private static List<int[]> segments(String path) {
        List<int[]> out = new ArrayList<>(8);
        int n = path.length();
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
                out.add(new int[] {start, i});
            }
        }
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
