package io.turnpike.dataplane.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import java.util.List;
import java.util.Objects;

/**
 * A model compiled for validating request bodies.
 *
 * @param name the model's name
 * @param schema the compiled schema; thread-safe once its validators are initialized
 * @param documents the API's model documents, for wording the errors
 */
record BodyModel(String name, Schema schema, ModelDocuments documents) {

    BodyModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(documents, "documents");
    }

    /** AWS's detail string when the body does not match, or null when it does. */
    String check(JsonNode body) {
        List<Error> errors = schema.validate(body);
        return errors.isEmpty() ? null : SchemaMessages.validationErrorString(errors, body, documents, name);
    }
}
