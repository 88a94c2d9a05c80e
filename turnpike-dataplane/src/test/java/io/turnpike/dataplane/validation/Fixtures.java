package io.turnpike.dataplane.validation;

import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.Model;
import io.turnpike.model.rest.RequestValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders for the model records and requests the validation tests use. */
final class Fixtures {

    static final RequestValidator ALL = new RequestValidator("v1", "all", true, true);
    static final RequestValidator PARAMS_ONLY = new RequestValidator("v2", "params", false, true);
    static final RequestValidator BODY_ONLY = new RequestValidator("v3", "body", true, false);

    /** The API's default models, as every new REST API has them. */
    static final Map<String, Model> DEFAULT_MODELS = Map.of(
            "Empty",
            model(
                    "Empty",
                    "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"Empty Schema\",\"type\":\"object\"}"),
            "Error",
            model(
                    "Error",
                    "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"Error Schema\",\"type\":\"object\","
                            + "\"properties\":{\"message\":{\"type\":\"string\"}}}"));

    private Fixtures() {}

    static Model model(String name, String schema) {
        return new Model("id-" + name, name, null, schema, "application/json");
    }

    static Map<String, Model> models(Model... extra) {
        Map<String, Model> out = new LinkedHashMap<>(DEFAULT_MODELS);
        for (Model m : extra) {
            out.put(m.name(), m);
        }
        return out;
    }

    static Method method(Map<String, Boolean> requestParameters, Map<String, String> requestModels) {
        return new Method("POST", "NONE", null, false, "v1", null, requestParameters, requestModels, null, null, null);
    }

    /** A request builder; every part starts empty. */
    static Request request() {
        return new Request();
    }

    static final class Request {
        private final Map<String, String> path = new LinkedHashMap<>();
        private final Map<String, List<String>> query = new LinkedHashMap<>();
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private String contentType;
        private String body = "";

        Request path(String name, String value) {
            path.put(name, value);
            return this;
        }

        Request query(String name, String... values) {
            query.put(name, List.of(values));
            return this;
        }

        Request header(String name, String... values) {
            headers.put(name, List.of(values));
            return this;
        }

        Request contentType(String value) {
            contentType = value;
            return this;
        }

        Request body(String value) {
            body = value;
            return this;
        }

        ValidationInput input() {
            return new ValidationInput(path, query, headers, contentType, body);
        }
    }
}
