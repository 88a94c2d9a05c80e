package io.turnpike.controlplane.wire;

import io.turnpike.controlplane.wire.ServiceModel.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the operation an admin request addresses, from the service model's URI templates.
 *
 * <p>Where templates overlap, AWS's own precedence applies: a template whose query literals the request
 * carries ({@code POST /restapis?mode=import}) beats one without, and literal segments beat labels
 * segment by segment ({@code /restapis/{id}/stages} beats {@code /restapis/{id}/{anything}}).
 */
public final class OperationRouter {

    private record Entry(ServiceModel model, Operation operation) {}

    private final List<Entry> operations;
    private final List<ServiceModel> models;

    public OperationRouter(List<ServiceModel> models) {
        this.models = List.copyOf(models);
        List<Entry> all = new ArrayList<>();
        for (ServiceModel m : models) {
            for (Operation o : m.operations().values()) {
                all.add(new Entry(m, o));
            }
        }
        // most specific first: more query literals, then more literal segments earlier
        all.sort(
                Comparator.comparing((Entry e) -> -e.operation().queryLiterals().size())
                        .thenComparing(e -> specificity(e.operation()), Comparator.reverseOrder()));
        this.operations = List.copyOf(all);
    }

    private static String specificity(Operation o) {
        StringBuilder sb = new StringBuilder();
        for (String s : o.segments()) {
            sb.append(Operation.label(s) == null ? '1' : '0');
        }
        return sb.toString();
    }

    /** The models this router routes to, in the order given. */
    public List<ServiceModel> models() {
        return models;
    }

    /** A matched operation and its decoded URI labels. */
    public record Match(ServiceModel model, Operation operation, Map<String, String> labels) {}

    /**
     * Matches a method and decoded path segments (query parameters decide between templates that
     * differ only in query literals).
     */
    public Optional<Match> match(String method, List<String> segments, Map<String, List<String>> query) {
        for (Entry entry : operations) {
            Operation op = entry.operation();
            if (!op.method().equals(method) || op.segments().size() != segments.size()) {
                continue;
            }
            if (!queryLiteralsMatch(op, query)) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            boolean ok = true;
            for (int i = 0; i < segments.size() && ok; i++) {
                String t = op.segments().get(i);
                String label = Operation.label(t);
                if (label == null) {
                    ok = t.equals(segments.get(i));
                } else {
                    labels.put(label, segments.get(i));
                }
            }
            if (ok) {
                return Optional.of(new Match(entry.model(), op, Map.copyOf(labels)));
            }
        }
        return Optional.empty();
    }

    private static boolean queryLiteralsMatch(Operation op, Map<String, List<String>> query) {
        for (Map.Entry<String, String> e : op.queryLiterals().entrySet()) {
            List<String> v = query.get(e.getKey());
            if (v == null || !v.contains(e.getValue())) {
                return false;
            }
        }
        return true;
    }
}
