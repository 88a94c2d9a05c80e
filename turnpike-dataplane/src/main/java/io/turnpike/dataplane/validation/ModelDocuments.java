package io.turnpike.dataplane.validation;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.path.NodePath;
import io.turnpike.model.rest.Model;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema documents of an API's models, as the schema library loads them and as the message
 * formatter walks them.
 *
 * <p>A model names another with AWS's URL {@code https://apigateway.amazonaws.com/restapis/{apiId}/models/{name}}
 * (any region's form of the host), optionally with a {@code #/pointer}; the API id is not checked here
 * because the control plane only stores references to models of the same API. Each model is loaded
 * under such a URL, so a reference inside it to {@code #/definitions/X} stays in that model and a
 * relative reference resolves against it. Nothing else can be loaded: a reference to any other URL
 * fails the compilation instead of being fetched.
 *
 * <p>AWS validates every model as JSON schema draft 4, whatever its {@code $schema} says, so the
 * documents handed to the library always declare draft 4.
 *
 * <p>Documents are added while the schemas are compiled (single-threaded) and only read afterwards, by
 * requests on any thread; {@link #freeze()} marks that point.
 */
final class ModelDocuments {

    static final String DRAFT_4 = "http://json-schema.org/draft-04/schema#";

    /** The host and API id every model is loaded under; any API id would do. */
    private static final String BASE = "https://apigateway.amazonaws.com/restapis/turnpike/models/";

    private static final Pattern MODEL_REF = Pattern.compile(
            "https?://apigateway(?:\\.[a-z0-9-]+)?\\.amazonaws\\.com(?:\\.cn)?/restapis/[^/]+/models/([^/?#]+)/?");

    /** Keywords followed in an evaluation path by a name of their own (a property, a definition). */
    private static final Set<String> NAMED_KEYWORDS =
            Set.of("properties", "patternProperties", "definitions", "dependencies");

    private final Map<String, Model> models;
    private final ObjectMapper json;
    private volatile Map<String, ObjectNode> documents = new HashMap<>();
    private final Set<String> problems = new LinkedHashSet<>();

    ModelDocuments(Map<String, Model> models, ObjectMapper json) {
        this.models = models;
        this.json = json;
    }

    /** The URL a model is loaded under. */
    static String iri(String modelName) {
        return BASE + modelName;
    }

    /**
     * The draft 4 text of the model a URL names, for the schema library; null (the library then fails
     * the compilation) when the URL names no model or the model's schema is unusable, which is recorded
     * in {@link #problems()}.
     */
    String text(String iri) {
        Matcher m = MODEL_REF.matcher(iri);
        if (!m.matches()) {
            problems.add("reference to " + iri + " (expected: a model of this API, "
                    + "https://apigateway.amazonaws.com/restapis/{restapi_id}/models/{model_name})");
            return null;
        }
        ObjectNode doc = document(m.group(1));
        return doc == null ? null : doc.toString();
    }

    /** The parsed schema of a model, with {@code $schema} set to draft 4; null if unusable. */
    ObjectNode document(String modelName) {
        ObjectNode known = documents.get(modelName);
        if (known != null) {
            return known;
        }
        Model model = models.get(modelName);
        if (model == null) {
            problems.add("model '" + modelName + "' does not exist");
            return null;
        }
        if (model.schema() == null || model.schema().isBlank()) {
            problems.add("model '" + modelName + "' has no schema");
            return null;
        }
        JsonNode parsed;
        try {
            parsed = json.readTree(model.schema());
        } catch (JsonProcessingException e) {
            problems.add("model '" + modelName + "': schema is not JSON (" + e.getOriginalMessage() + ")");
            return null;
        }
        if (!(parsed instanceof ObjectNode doc)) {
            problems.add("model '" + modelName + "': schema is not a JSON object");
            return null;
        }
        doc.put("$schema", DRAFT_4);
        documents.put(modelName, doc);
        return doc;
    }

    /** What made loading fail, each once, in the order found. */
    Set<String> problems() {
        return problems;
    }

    /** Ends loading: from now on the documents are only read, possibly by many threads. */
    void freeze() {
        documents = Map.copyOf(documents);
    }

    /**
     * The schema node an evaluation path of the schema library leads to, starting at a model's root and
     * following {@code $ref}s as the library did; null when it cannot be followed.
     *
     * @param end how many elements of the path to follow
     */
    JsonNode at(String rootModel, NodePath path, int end) {
        String doc = rootModel;
        JsonNode node = documents.get(doc);
        int i = 0;
        while (node != null && i < end) {
            Object element = path.getElement(i++);
            if (element instanceof Integer index) {
                node = node.get(index);
            } else if ("$ref".equals(element)) {
                Target target = deref(doc, node.path("$ref").asText(null));
                if (target == null) {
                    return null;
                }
                doc = target.model();
                node = target.node();
            } else {
                String keyword = String.valueOf(element);
                node = node.get(keyword);
                if (node != null && NAMED_KEYWORDS.contains(keyword) && i < end) {
                    node = node.get(String.valueOf(path.getElement(i++)));
                }
            }
        }
        return node;
    }

    private record Target(String model, JsonNode node) {}

    private Target deref(String fromModel, String ref) {
        if (ref == null) {
            return null;
        }
        URI target;
        try {
            target = new URI(iri(fromModel)).resolve(new URI(ref));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        String withoutFragment = target.getScheme() + ":" + target.getRawSchemeSpecificPart();
        Matcher m = MODEL_REF.matcher(withoutFragment);
        if (!m.matches()) {
            return null;
        }
        JsonNode root = documents.get(m.group(1));
        if (root == null) {
            return null;
        }
        String fragment = target.getFragment();
        if (fragment == null || fragment.isEmpty()) {
            return new Target(m.group(1), root);
        }
        try {
            JsonNode node = root.at(JsonPointer.compile(fragment));
            return node.isMissingNode() ? null : new Target(m.group(1), node);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
