package io.turnpike.dataplane.validation;

import static io.turnpike.dataplane.validation.Fixtures.BODY_ONLY;
import static io.turnpike.dataplane.validation.Fixtures.method;
import static io.turnpike.dataplane.validation.Fixtures.model;
import static io.turnpike.dataplane.validation.Fixtures.models;
import static io.turnpike.dataplane.validation.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.model.rest.Model;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The JSON schema (draft 4) features models rely on, and the detail AWS gives for each failure: the
 * messages of the java-json-tools validator AWS runs, e.g. {@code [object has missing required properties
 * (["email"])]} as returned through {@code $context.error.validationErrorString}.
 */
class RequestValidationSchemaTest {

    /** The developer guide's RequestDataModel of its request-validation sample API. */
    private static final String PET = "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"A Pet\","
            + "\"type\":\"object\",\"required\":[\"name\",\"price\",\"type\"],\"properties\":{"
            + "\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},"
            + "\"type\":{\"type\":\"string\",\"enum\":[\"dog\",\"cat\",\"fish\"]},"
            + "\"price\":{\"type\":\"number\",\"minimum\":25.0,\"maximum\":500.0}}}";

    /** The detail of the failure, or null when the body is valid against model "M". */
    private static String detail(String schema, String body, Model... others) {
        Model[] all = new Model[others.length + 1];
        all[0] = model("M", schema);
        System.arraycopy(others, 0, all, 1, others.length);
        RequestValidation v =
                RequestValidation.compile(BODY_ONLY, method(null, Map.of("application/json", "M")), models(all));
        Optional<ValidationFailure> f =
                v.validate(request().contentType("application/json").body(body).input());
        f.ifPresent(failure -> assertThat(failure.message()).isEqualTo("Invalid request body"));
        return f.map(ValidationFailure::validationErrorString).orElse(null);
    }

    @Test
    void developerGuidePetSample() {
        assertThat(detail(PET, "{\"name\":\"Marco\",\"type\":\"dog\",\"price\":260}"))
                .isNull();
        assertThat(detail(PET, "{\"name\":\"Molly\",\"type\":\"bird\",\"price\":269}"))
                .isEqualTo(
                        "[instance value (\"bird\") not found in enum (possible values: [\"dog\",\"cat\",\"fish\"])]");
        assertThat(detail(PET, "{\"name\":\"Marco\",\"type\":\"dog\",\"price\":501}"))
                .isEqualTo("[numeric instance is greater than the required maximum (maximum: 500.0, found: 501)]");
        assertThat(detail(PET, "{\"name\":\"Marco\",\"type\":\"dog\",\"price\":24.50}"))
                .isEqualTo("[numeric instance is lower than the required minimum (minimum: 25.0, found: 24.50)]");
        assertThat(detail(PET, "{\"type\":\"dog\"}"))
                .isEqualTo("[object has missing required properties ([\"name\",\"price\"])]");
    }

    @Test
    void types() {
        String schema = "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"number\"},\"i\":{\"type\":\"integer\"},"
                + "\"s\":{\"type\":\"string\"},\"b\":{\"type\":\"boolean\"},\"o\":{\"type\":\"object\"},"
                + "\"a\":{\"type\":\"array\"},\"u\":{\"type\":[\"string\",\"null\"]}}}";
        assertThat(detail(schema, "{\"n\":1.5,\"i\":2,\"s\":\"x\",\"b\":true,\"o\":{},\"a\":[],\"u\":null}"))
                .isNull();
        assertThat(detail(schema, "{\"n\":\"1\"}"))
                .isEqualTo("[instance type (string) does not match any allowed primitive type"
                        + " (allowed: [\"integer\",\"number\"])]");
        assertThat(detail(schema, "{\"i\":1.0}"))
                .isEqualTo(
                        "[instance type (number) does not match any allowed primitive type (allowed: [\"integer\"])]");
        assertThat(detail(schema, "{\"b\":\"true\"}"))
                .isEqualTo(
                        "[instance type (string) does not match any allowed primitive type (allowed: [\"boolean\"])]");
        assertThat(detail(schema, "{\"u\":3}"))
                .isEqualTo("[instance type (integer) does not match any allowed primitive type"
                        + " (allowed: [\"null\",\"string\"])]");
        // Each failing member is reported, in member-name order.
        assertThat(detail(schema, "{\"s\":1,\"a\":{},\"o\":[]}"))
                .isEqualTo(
                        "[instance type (object) does not match any allowed primitive type (allowed: [\"array\"]),"
                                + " instance type (array) does not match any allowed primitive type (allowed: [\"object\"]),"
                                + " instance type (integer) does not match any allowed primitive type (allowed: [\"string\"])]");
    }

    @Test
    void enumsOfAnyJsonValue() {
        String schema = "{\"properties\":{\"e\":{\"enum\":[1,\"one\",null,{\"k\":true}]}}}";
        assertThat(detail(schema, "{\"e\":{\"k\":true}}")).isNull();
        assertThat(detail(schema, "{\"e\":null}")).isNull();
        assertThat(detail(schema, "{\"e\":2}"))
                .isEqualTo("[instance value (2) not found in enum (possible values: [1,\"one\",null,{\"k\":true}])]");
    }

    @Test
    void strings() {
        String schema = "{\"properties\":{\"code\":{\"type\":\"string\",\"minLength\":3,\"maxLength\":5,"
                + "\"pattern\":\"^[a-z]+$\"}}}";
        assertThat(detail(schema, "{\"code\":\"abcd\"}")).isNull();
        assertThat(detail(schema, "{\"code\":\"ab\"}"))
                .isEqualTo("[string \"ab\" is too short (length: 2, required minimum: 3)]");
        assertThat(detail(schema, "{\"code\":\"abcdef\"}"))
                .isEqualTo("[string \"abcdef\" is too long (length: 6, maximum allowed: 5)]");
        // Several keywords of one value: in keyword order.
        assertThat(detail(schema, "{\"code\":\"A\"}"))
                .isEqualTo("[string \"A\" is too short (length: 1, required minimum: 3),"
                        + " ECMA 262 regex \"^[a-z]+$\" does not match input string \"A\"]");
        // Length counts characters, not UTF-16 units.
        assertThat(detail(schema, "{\"code\":\"\uD83D\uDE00\uD83D\uDE00\"}"))
                .startsWith("[string \"\uD83D\uDE00\uD83D\uDE00\" is too short (length: 2, required minimum: 3)");
    }

    @Test
    void patternsAreSearchedNotAnchored() {
        String schema = "{\"properties\":{\"p\":{\"type\":\"string\",\"pattern\":\"[0-9]{3}\"}}}";
        assertThat(detail(schema, "{\"p\":\"abc123def\"}")).isNull();
        assertThat(detail(schema, "{\"p\":\"12\"}"))
                .isEqualTo("[ECMA 262 regex \"[0-9]{3}\" does not match input string \"12\"]");
    }

    @Test
    void numbers() {
        String schema = "{\"properties\":{\"gt\":{\"minimum\":0,\"exclusiveMinimum\":true},"
                + "\"lt\":{\"maximum\":10,\"exclusiveMaximum\":true},\"step\":{\"multipleOf\":0.5}}}";
        assertThat(detail(schema, "{\"gt\":0.1,\"lt\":9.9,\"step\":1.5}")).isNull();
        assertThat(detail(schema, "{\"gt\":0}"))
                .isEqualTo("[numeric instance is not strictly greater than the required minimum 0]");
        assertThat(detail(schema, "{\"lt\":10}"))
                .isEqualTo("[numeric instance is not strictly lower than the required maximum 10]");
        assertThat(detail(schema, "{\"step\":1.2}")).isEqualTo("[remainder of division is not zero (1.2 / 0.5)]");
    }

    @Test
    void nestedObjects() {
        String schema = "{\"type\":\"object\",\"required\":[\"address\"],\"properties\":{\"address\":{"
                + "\"type\":\"object\",\"required\":[\"city\",\"zip\"],\"additionalProperties\":false,"
                + "\"properties\":{\"city\":{\"type\":\"string\"},\"zip\":{\"type\":\"string\",\"pattern\":\"^[0-9]{5}$\"},"
                + "\"geo\":{\"type\":\"object\",\"properties\":{\"lat\":{\"type\":\"number\"}}}}}}}";
        assertThat(detail(schema, "{\"address\":{\"city\":\"Paris\",\"zip\":\"75001\",\"geo\":{\"lat\":48.8}}}"))
                .isNull();
        assertThat(detail(schema, "{\"address\":{\"city\":\"Paris\",\"street\":\"x\",\"floor\":2}}"))
                .isEqualTo(
                        "[object instance has properties which are not allowed by the schema: [\"floor\",\"street\"],"
                                + " object has missing required properties ([\"zip\"])]");
        assertThat(detail(schema, "{\"address\":{\"city\":\"Paris\",\"zip\":\"75001\",\"geo\":{\"lat\":\"north\"}}}"))
                .isEqualTo("[instance type (string) does not match any allowed primitive type"
                        + " (allowed: [\"integer\",\"number\"])]");
    }

    @Test
    void aFailureStopsTheDescentAsAwsValidatorDoes() {
        String schema = "{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{"
                + "\"a\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}}},"
                + "\"b\":{\"type\":\"object\",\"required\":[\"y\"],\"properties\":{\"z\":{\"type\":\"string\"}}}}}";
        // Missing at the top: nothing inside the members is reported.
        assertThat(detail(schema, "{\"a\":{\"x\":1},\"b\":{}}"))
                .isEqualTo("[object has missing required properties ([\"id\"])]");
        // "a" is fine at its level but wrong inside; "b" is wrong at its level and visited after "a".
        assertThat(detail(schema, "{\"id\":1,\"a\":{\"x\":1},\"b\":{\"z\":2}}"))
                .isEqualTo("[instance type (integer) does not match any allowed primitive type (allowed: [\"string\"]),"
                        + " object has missing required properties ([\"y\"])]");
        // Once "a" has failed, "b" is still checked at its level but not inside.
        String twoLevels = "{\"properties\":{\"a\":{\"type\":\"string\"},"
                + "\"b\":{\"type\":\"object\",\"properties\":{\"c\":{\"type\":\"string\"}}}}}";
        assertThat(detail(twoLevels, "{\"a\":1,\"b\":{\"c\":1}}"))
                .isEqualTo(
                        "[instance type (integer) does not match any allowed primitive type (allowed: [\"string\"])]");
        assertThat(detail(twoLevels, "{\"a\":\"ok\",\"b\":{\"c\":1}}"))
                .isEqualTo(
                        "[instance type (integer) does not match any allowed primitive type (allowed: [\"string\"])]");
    }

    @Test
    void arrays() {
        String schema = "{\"properties\":{\"tags\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":3,"
                + "\"uniqueItems\":true,\"items\":{\"type\":\"string\",\"minLength\":2}}}}";
        assertThat(detail(schema, "{\"tags\":[\"ab\",\"cd\"]}")).isNull();
        assertThat(detail(schema, "{\"tags\":[]}"))
                .isEqualTo("[array is too short: must have at least 1 elements but instance has 0 elements]");
        assertThat(detail(schema, "{\"tags\":[\"ab\",\"cd\",\"ef\",\"gh\"]}"))
                .isEqualTo("[array is too long: must have at most 3 elements but instance has 4 elements]");
        assertThat(detail(schema, "{\"tags\":[\"ab\",\"ab\"]}"))
                .isEqualTo("[array must not contain duplicate elements]");
        assertThat(detail(schema, "{\"tags\":[\"ab\",7,\"c\"]}"))
                .isEqualTo("[instance type (integer) does not match any allowed primitive type (allowed: [\"string\"]),"
                        + " string \"c\" is too short (length: 1, required minimum: 2)]");
    }

    @Test
    void arraysOfObjects() {
        String schema = "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"sku\"],"
                + "\"properties\":{\"qty\":{\"type\":\"integer\",\"minimum\":1}}}}";
        assertThat(detail(schema, "[{\"sku\":\"a\",\"qty\":1}]")).isNull();
        // Item 0 fails inside, then item 1 at its own level.
        assertThat(detail(schema, "[{\"sku\":\"a\",\"qty\":0},{\"qty\":1}]"))
                .isEqualTo("[numeric instance is lower than the required minimum (minimum: 1, found: 0),"
                        + " object has missing required properties ([\"sku\"])]");
        assertThat(detail(schema, "[{\"sku\":\"a\",\"qty\":0}]"))
                .isEqualTo("[numeric instance is lower than the required minimum (minimum: 1, found: 0)]");
    }

    @Test
    void tupleItems() {
        String schema = "{\"type\":\"array\",\"items\":[{\"type\":\"string\"},{\"type\":\"integer\"}],"
                + "\"additionalItems\":false}";
        assertThat(detail(schema, "[\"a\",1]")).isNull();
        assertThat(detail(schema, "[\"a\",1,2,3]"))
                .isEqualTo("[schema only allows 2 elements in array but instance has 4 elements]");
        assertThat(detail(schema, "[1,\"a\"]"))
                .isEqualTo(
                        "[instance type (integer) does not match any allowed primitive type (allowed: [\"string\"]),"
                                + " instance type (string) does not match any allowed primitive type (allowed: [\"integer\"])]");
    }

    @Test
    void objectSizeAndDependencies() {
        String schema = "{\"type\":\"object\",\"minProperties\":1,\"maxProperties\":3,"
                + "\"dependencies\":{\"card\":[\"expiry\",\"cvc\"]}}";
        assertThat(detail(schema, "{\"card\":\"4111\",\"expiry\":\"12/30\",\"cvc\":\"123\"}"))
                .isNull();
        assertThat(detail(schema, "{}"))
                .isEqualTo("[object has too few properties (found 0 but schema requires at least 1)]");
        assertThat(detail(schema, "{\"a\":1,\"b\":2,\"c\":3,\"d\":4}"))
                .isEqualTo("[object has too many properties (found 4 but schema requires at most 3)]");
        assertThat(detail(schema, "{\"card\":\"4111\",\"cvc\":\"123\"}"))
                .isEqualTo("[property \"card\" of object has missing property dependencies"
                        + " (schema requires [\"cvc\",\"expiry\"]; missing: [\"expiry\"])]");
    }

    @Test
    void combinators() {
        String schema = "{\"properties\":{"
                + "\"any\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"},{\"type\":\"object\",\"required\":[\"x\"]}]},"
                + "\"all\":{\"allOf\":[{\"type\":\"integer\"},{\"minimum\":5},{\"maximum\":9}]},"
                + "\"one\":{\"oneOf\":[{\"type\":\"number\"},{\"type\":\"integer\"}]},"
                + "\"not\":{\"not\":{\"type\":\"string\"}}}}";
        assertThat(detail(schema, "{\"any\":\"s\",\"all\":7,\"one\":1.5,\"not\":1}"))
                .isNull();
        assertThat(detail(schema, "{\"any\":true}"))
                .isEqualTo("[instance failed to match at least one required schema among 3]");
        assertThat(detail(schema, "{\"any\":{\"y\":1}}"))
                .isEqualTo("[instance failed to match at least one required schema among 3]");
        assertThat(detail(schema, "{\"all\":3}"))
                .isEqualTo("[instance failed to match all required schemas (matched only 2 out of 3)]");
        assertThat(detail(schema, "{\"all\":\"x\"}"))
                .isEqualTo("[instance failed to match all required schemas (matched only 2 out of 3)]");
        assertThat(detail(schema, "{\"one\":1}"))
                .isEqualTo("[instance failed to match exactly one schema (matched 2 out of 2)]");
        assertThat(detail(schema, "{\"one\":\"x\"}"))
                .isEqualTo("[instance failed to match exactly one schema (matched 0 out of 2)]");
        assertThat(detail(schema, "{\"not\":\"x\"}")).isEqualTo("[instance matched a schema which it should not have]");
    }

    @Test
    void aPropertyNamedLikeAKeywordIsJustAProperty() {
        String schema = "{\"properties\":{\"anyOf\":{\"type\":\"string\"},\"not\":{\"type\":\"integer\"}}}";
        assertThat(detail(schema, "{\"anyOf\":1,\"not\":\"x\"}"))
                .isEqualTo(
                        "[instance type (integer) does not match any allowed primitive type (allowed: [\"string\"]),"
                                + " instance type (string) does not match any allowed primitive type (allowed: [\"integer\"])]");
    }

    @Test
    void refToAnotherModel() {
        Model owner = model(
                "Owner",
                "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"type\":\"object\",\"required\":[\"id\"],"
                        + "\"properties\":{\"id\":{\"type\":\"integer\"}}}");
        String schema = "{\"type\":\"object\",\"properties\":{"
                + "\"owner\":{\"$ref\":\"https://apigateway.amazonaws.com/restapis/a1b2c3/models/Owner\"},"
                + "\"coOwners\":{\"type\":\"array\",\"items\":"
                + "{\"$ref\":\"https://apigateway.us-east-1.amazonaws.com/restapis/a1b2c3/models/Owner\"}}}}";
        assertThat(detail(schema, "{\"owner\":{\"id\":1},\"coOwners\":[{\"id\":2}]}", owner))
                .isNull();
        assertThat(detail(schema, "{\"owner\":{}}", owner))
                .isEqualTo("[object has missing required properties ([\"id\"])]");
        assertThat(detail(schema, "{\"coOwners\":[{\"id\":\"two\"}]}", owner))
                .isEqualTo(
                        "[instance type (string) does not match any allowed primitive type (allowed: [\"integer\"])]");
    }

    @Test
    void refsChainAcrossModelsAndIntoDefinitions() {
        Model address = model(
                "Address",
                "{\"type\":\"object\",\"properties\":{\"geo\":{\"$ref\":\"#/definitions/Geo\"}},"
                        + "\"definitions\":{\"Geo\":{\"type\":\"object\",\"required\":[\"lat\",\"lon\"]}}}");
        Model person = model(
                "Person",
                "{\"type\":\"object\",\"properties\":{\"home\":"
                        + "{\"$ref\":\"https://apigateway.amazonaws.com/restapis/a1b2c3/models/Address\"}}}");
        String schema = "{\"type\":\"object\",\"properties\":{"
                + "\"who\":{\"$ref\":\"https://apigateway.amazonaws.com/restapis/a1b2c3/models/Person\"},"
                + "\"tags\":{\"$ref\":\"#/definitions/Tags\"}},"
                + "\"definitions\":{\"Tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}";
        assertThat(detail(
                        schema,
                        "{\"who\":{\"home\":{\"geo\":{\"lat\":1,\"lon\":2}}},\"tags\":[\"a\"]}",
                        address,
                        person))
                .isNull();
        assertThat(detail(schema, "{\"who\":{\"home\":{\"geo\":{\"lat\":1}}}}", address, person))
                .isEqualTo("[object has missing required properties ([\"lon\"])]");
        assertThat(detail(schema, "{\"tags\":[1]}", address, person))
                .isEqualTo(
                        "[instance type (integer) does not match any allowed primitive type (allowed: [\"string\"])]");
    }

    @Test
    void combinatorsInsideAnotherModelAreSized() {
        Model choice = model("Choice", "{\"allOf\":[{\"type\":\"string\"},{\"minLength\":2},{\"maxLength\":3}]}");
        String schema =
                "{\"properties\":{\"c\":{\"$ref\":\"https://apigateway.amazonaws.com/restapis/x/models/Choice\"}}}";
        assertThat(detail(schema, "{\"c\":\"ab\"}", choice)).isNull();
        assertThat(detail(schema, "{\"c\":\"abcd\"}", choice))
                .isEqualTo("[instance failed to match all required schemas (matched only 2 out of 3)]");
    }

    @Test
    void recursiveModels() {
        String schema = "{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"children\":"
                + "{\"type\":\"array\",\"items\":{\"$ref\":\"#\"}}}}";
        assertThat(detail(schema, "{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[]}]}"))
                .isNull();
        assertThat(detail(schema, "{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[{}]}]}"))
                .isEqualTo("[object has missing required properties ([\"name\"])]");
    }

    @Test
    void formatsAreNotEnforced() {
        String schema = "{\"properties\":{\"email\":{\"type\":\"string\",\"format\":\"email\"},"
                + "\"when\":{\"type\":\"string\",\"format\":\"date-time\"}}}";
        assertThat(detail(schema, "{\"email\":\"not an address\",\"when\":\"yesterday\"}"))
                .isNull();
    }

    @Test
    void everyModelIsDraft4WhateverItsSchemaSays() {
        // "const" is not a draft 4 keyword: a draft-07 model still validates as draft 4.
        String schema =
                "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"properties\":{\"v\":{\"const\":1}}}";
        assertThat(detail(schema, "{\"v\":2}")).isNull();
    }

    @Test
    void oneCompiledValidationServesManyThreads() throws Exception {
        RequestValidation v = RequestValidation.compile(
                BODY_ONLY, method(null, Map.of("application/json", "Pet")), models(model("Pet", PET)));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var results = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 400; i++) {
                String body = i % 2 == 0
                        ? "{\"name\":\"Molly\",\"type\":\"bird\",\"price\":" + (100 + i) + "}"
                        : "{\"name\":\"Rex\",\"type\":\"dog\",\"price\":" + (100 + i) + "}";
                results.add(pool.submit(() -> v.validate(request().body(body).input())
                        .map(ValidationFailure::validationErrorString)
                        .orElse("valid")));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get())
                        .isEqualTo(
                                i % 2 == 0
                                        ? "[instance value (\"bird\") not found in enum (possible values: [\"dog\",\"cat\",\"fish\"])]"
                                        : "valid");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
