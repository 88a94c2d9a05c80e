package io.turnpike.controlplane.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * An AWS service as its botocore model defines it: every operation's HTTP method, URI template and
 * success status, and every input shape. The admin server routes and validates requests from this
 * model, so the wire format is AWS's by construction, not by transcription. The model file is botocore's
 * {@code service-2.json} (Apache License 2.0), shipped gzipped in this module's resources.
 */
public final class ServiceModel {

    private final String name;
    private final Map<String, Operation> operations;
    private final JsonNode shapes;

    private ServiceModel(String name, Map<String, Operation> operations, JsonNode shapes) {
        this.name = name;
        this.operations = operations;
        this.shapes = shapes;
    }

    /** Loads a gzipped botocore model from the classpath. */
    public static ServiceModel load(String resource, ObjectMapper json) {
        try (InputStream raw = ServiceModel.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalArgumentException("resource: " + resource + " (expected: on the classpath)");
            }
            JsonNode root = json.readTree(new GZIPInputStream(raw));
            Map<String, Operation> ops = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            root.path("operations").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode http = e.getValue().path("http");
                ops.put(
                        e.getKey(),
                        Operation.of(
                                e.getKey(),
                                http.path("method").asText(),
                                http.path("requestUri").asText(),
                                http.path("responseCode").asInt(200),
                                e.getValue().path("input").path("shape").asText(null)));
            }
            return new ServiceModel(
                    root.path("metadata").path("endpointPrefix").asText(),
                    Collections.unmodifiableMap(ops),
                    root.path("shapes"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read service model " + resource, e);
        }
    }

    public String name() {
        return name;
    }

    public Map<String, Operation> operations() {
        return operations;
    }

    public Operation operation(String name) {
        Operation op = operations.get(name);
        if (op == null) {
            throw new IllegalArgumentException(
                    "operation: " + name + " (expected: one of the " + this.name + " model)");
        }
        return op;
    }

    /**
     * For an error type the model defines as an exception shape, the member its message goes in
     * ({@code Message} or {@code message}: Lambda's shapes use both); empty for types the model does
     * not define.
     */
    public java.util.Optional<String> errorMessageMember(String errorType) {
        JsonNode s = shapes.get(errorType);
        if (s == null || !s.path("exception").asBoolean(false)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(s.path("members").has("Message") ? "Message" : "message");
    }

    /** The shape definition of that name (a botocore JSON object). */
    JsonNode shape(String shapeName) {
        JsonNode s = shapes.get(shapeName);
        if (s == null) {
            throw new IllegalStateException("service model has no shape " + shapeName);
        }
        return s;
    }

    /**
     * One operation: how it is addressed and what it answers on success.
     *
     * @param segments the URI path template split on {@code /}; {@code {name}} segments are labels
     * @param queryLiterals query parameters the URI template fixes, such as {@code mode=import}
     */
    public record Operation(
            String name,
            String method,
            List<String> segments,
            Map<String, String> queryLiterals,
            int successStatus,
            String inputShape) {

        static Operation of(String name, String method, String requestUri, int status, String inputShape) {
            String path = requestUri;
            Map<String, String> literals = new LinkedHashMap<>();
            int q = requestUri.indexOf('?');
            if (q >= 0) {
                path = requestUri.substring(0, q);
                for (String pair : requestUri.substring(q + 1).split("&")) {
                    int eq = pair.indexOf('=');
                    literals.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
                }
            }
            List<String> segments = new ArrayList<>();
            for (String s : path.split("/")) {
                if (!s.isEmpty()) {
                    segments.add(s);
                }
            }
            return new Operation(name, method, List.copyOf(segments), Map.copyOf(literals), status, inputShape);
        }

        /** The name of a label segment ({@code restapi_id} for {@code {restapi_id}}), or null for a literal. */
        static String label(String segment) {
            if (segment.startsWith("{") && segment.endsWith("}")) {
                String l = segment.substring(1, segment.length() - 1);
                return l.endsWith("+") ? l.substring(0, l.length() - 1) : l;
            }
            return null;
        }
    }
}
