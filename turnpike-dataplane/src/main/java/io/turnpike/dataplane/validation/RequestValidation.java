package io.turnpike.dataplane.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.Model;
import io.turnpike.model.rest.RequestValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one method's request validator checks, compiled once per method when a snapshot is built;
 * thread-safe.
 *
 * <p>The checks, in AWS's order (the first failure wins):
 *
 * <ol>
 *   <li><b>Parameters</b>, when the validator has {@code validateRequestParameters}: every parameter the
 *       method declares as required must be present and not blank ({@link RequiredParameter}). Failure
 *       is {@code BAD_REQUEST_PARAMETERS} with {@code Missing required request parameters: [a, b]},
 *       naming every missing parameter.
 *   <li><b>Body</b>, when the validator has {@code validateRequestBody}: the model is the one {@code
 *       requestModels} names for the media type of the request's {@code Content-Type} (parameters such
 *       as {@code charset} ignored, {@code application/json} when there is none), else the one under
 *       {@code $default}. With neither, the body is not validated: the developer guide says "If no
 *       matching content type is found, request validation is not performed". An empty body is
 *       validated as {@code {}} (recorded on AWS: a GET with no body fails a model with required
 *       properties); a body that is not JSON fails. Failure is {@code BAD_REQUEST_BODY} with {@code
 *       Invalid request body}.
 * </ol>
 *
 * <p>Models are JSON schema draft 4 and may refer to other models of the API ({@link ModelDocuments}).
 * Format assertions ({@code "format": "email"}) are not enforced, as API Gateway does not enforce them.
 */
public final class RequestValidation {

    /** Validates nothing. */
    public static final RequestValidation NONE = new RequestValidation(List.of(), Map.of(), null);

    private static final String DEFAULT_MEDIA_TYPE = "application/json";
    private static final String DEFAULT_MODEL_KEY = "$default";
    private static final String INVALID_BODY = "Invalid request body";

    private static final Pattern MODEL_IRI = Pattern.compile(
            "https?://apigateway(?:\\.[a-z0-9-]+)?\\.amazonaws\\.com(?:\\.cn)?/restapis/[^/]+/models/[^/?#]+/?");

    /**
     * Reads bodies and models. Decimals stay {@link java.math.BigDecimal} with their trailing zeros, so
     * that messages print numbers as they were sent ({@code found: 5.0}), and text after the first JSON
     * value makes a body invalid rather than being ignored.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final List<RequiredParameter> required;
    private final Map<String, BodyModel> modelsByMediaType;
    private final BodyModel defaultModel;

    private RequestValidation(
            List<RequiredParameter> required, Map<String, BodyModel> modelsByMediaType, BodyModel defaultModel) {
        this.required = required;
        this.modelsByMediaType = modelsByMediaType;
        this.defaultModel = defaultModel;
    }

    /**
     * Compiles the checks of a method.
     *
     * @param validator the method's request validator, or null when it has none
     * @param method the method
     * @param models the API's models by name; a model may refer to another with {@code
     *     https://apigateway.amazonaws.com/restapis/{apiId}/models/{name}} or within itself with {@code
     *     #/definitions/...}
     * @return the checks, or {@link #NONE} when there is nothing to check
     * @throws IllegalArgumentException when a model the method uses does not exist or does not compile;
     *     the message names the model
     */
    public static RequestValidation compile(RequestValidator validator, Method method, Map<String, Model> models) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(models, "models");
        if (validator == null) {
            return NONE;
        }
        List<RequiredParameter> required = Boolean.TRUE.equals(validator.validateRequestParameters())
                ? List.copyOf(RequiredParameter.of(method.requestParameters()))
                : List.of();

        Map<String, BodyModel> byMediaType = new HashMap<>();
        BodyModel defaultModel = null;
        Map<String, String> requestModels = method.requestModels();
        if (Boolean.TRUE.equals(validator.validateRequestBody()) && requestModels != null && !requestModels.isEmpty()) {
            ModelDocuments documents = new ModelDocuments(models, JSON);
            SchemaRegistry registry = registry(documents);
            Map<String, BodyModel> byName = new HashMap<>();
            for (Map.Entry<String, String> e : requestModels.entrySet()) {
                String contentType = e.getKey();
                String modelName = e.getValue();
                if (contentType == null || modelName == null || modelName.isBlank()) {
                    continue;
                }
                BodyModel model = byName.get(modelName);
                if (model == null) {
                    model = compileModel(registry, documents, modelName, contentType);
                    byName.put(modelName, model);
                }
                if (DEFAULT_MODEL_KEY.equals(contentType)) {
                    defaultModel = model;
                } else {
                    byMediaType.put(contentType.trim().toLowerCase(Locale.ROOT), model);
                }
            }
            documents.freeze();
        }
        if (required.isEmpty() && byMediaType.isEmpty() && defaultModel == null) {
            return NONE;
        }
        return new RequestValidation(required, Map.copyOf(byMediaType), defaultModel);
    }

    private static SchemaRegistry registry(ModelDocuments documents) {
        SchemaRegistryConfig config =
                SchemaRegistryConfig.builder().formatAssertionsEnabled(false).build();
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4, b -> b.schemaRegistryConfig(config)
                .schemas(documents::text)
                // Only models are ever loaded: no file, class-path resource or URL a schema names.
                .schemaLoader(
                        l -> l.allow(iri -> MODEL_IRI.matcher(iri.toString()).matches())));
    }

    private static BodyModel compileModel(
            SchemaRegistry registry, ModelDocuments documents, String modelName, String contentType) {
        String where = "requestModels[" + contentType + "]: model '" + modelName + "'";
        if (documents.document(modelName) == null) {
            throw new IllegalArgumentException(where + ": " + String.join("; ", documents.problems()));
        }
        try {
            Schema schema = registry.getSchema(SchemaLocation.of(ModelDocuments.iri(modelName)));
            // Resolves every $ref now, so a broken reference fails the snapshot, not a request.
            schema.initializeValidators();
            return new BodyModel(modelName, schema, documents);
        } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
            String why = documents.problems().isEmpty()
                    ? String.valueOf(e.getMessage())
                    : String.join("; ", documents.problems());
            throw new IllegalArgumentException(where + " does not compile: " + why, e);
        }
    }

    /**
     * Checks a request.
     *
     * @return the failure to answer with, or empty when the request may proceed
     */
    public Optional<ValidationFailure> validate(ValidationInput input) {
        if (!required.isEmpty()) {
            List<String> missing = new ArrayList<>();
            for (RequiredParameter p : required) {
                if (!p.isPresentIn(input)) {
                    missing.add(p.name());
                }
            }
            if (!missing.isEmpty()) {
                String message = "Missing required request parameters: [" + String.join(", ", missing) + "]";
                return Optional.of(new ValidationFailure(ValidationFailure.BAD_REQUEST_PARAMETERS, message, message));
            }
        }
        BodyModel model = modelFor(input.contentType());
        if (model == null) {
            return Optional.empty();
        }
        JsonNode body;
        try {
            body = input.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(input.body());
        } catch (JsonProcessingException e) {
            return Optional.of(new ValidationFailure(
                    ValidationFailure.BAD_REQUEST_BODY, INVALID_BODY, "[" + e.getOriginalMessage() + "]"));
        }
        String detail = model.check(body);
        return detail == null
                ? Optional.empty()
                : Optional.of(new ValidationFailure(ValidationFailure.BAD_REQUEST_BODY, INVALID_BODY, detail));
    }

    private BodyModel modelFor(String contentType) {
        if (modelsByMediaType.isEmpty() && defaultModel == null) {
            return null;
        }
        BodyModel model = modelsByMediaType.get(mediaType(contentType));
        return model != null ? model : defaultModel;
    }

    /** The media type of a Content-Type, lower-cased, without parameters; application/json when absent. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return DEFAULT_MEDIA_TYPE;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.isEmpty() ? DEFAULT_MEDIA_TYPE : type.toLowerCase(Locale.ROOT);
    }
}
