package io.turnpike.model.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Objects;

/**
 * The resource-based policy of one qualified function ({@code $LATEST}, a version or an alias): the
 * statements {@code AddPermission} built, each kept as the JSON text Lambda returns for it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionPolicy(String revisionId, List<Statement> statements) {

    public FunctionPolicy {
        Objects.requireNonNull(revisionId, "revisionId");
        statements = List.copyOf(statements);
    }

    /** One statement: its id and its JSON document. */
    public record Statement(String sid, String json) {
        public Statement {
            Objects.requireNonNull(sid, "sid");
            Objects.requireNonNull(json, "json");
        }
    }
}
