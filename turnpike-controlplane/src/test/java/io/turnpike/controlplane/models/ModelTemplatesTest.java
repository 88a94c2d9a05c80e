package io.turnpike.controlplane.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.aws.AwsException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Template generation and schema checks without a server. */
class ModelTemplatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelSchemas SCHEMAS = new ModelSchemas(JSON);

    private static String template(String schema, Map<String, String> others) {
        return ModelTemplates.generate(
                SCHEMAS.parse(schema), "api1234567", name -> Optional.ofNullable(others.get(name))
                        .map(s -> (JsonNode) SCHEMAS.parse(s)));
    }

    @Test
    void objectPropertiesQuoteStringsAndLeaveNumbersBare() {
        String t = template(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},\"op\":{\"type\":\"string\"},"
                        + "\"ok\":{\"type\":\"boolean\"},\"n\":{\"type\":\"integer\"}}}",
                Map.of());
        assertThat(t)
                .isEqualTo("#set($inputRoot = $input.path('$'))\n{\n"
                        + "  \"a\" : $inputRoot.a,\n"
                        + "  \"op\" : \"$inputRoot.op\",\n"
                        + "  \"ok\" : $inputRoot.ok,\n"
                        + "  \"n\" : $inputRoot.n\n"
                        + "}");
    }

    @Test
    void anArrayOfObjectsIsAForeachInAwsLayout() {
        String t = template(
                "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"type\":\"array\",\"items\":{"
                        + "\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"},"
                        + "\"height\":{\"type\":\"integer\"},\"income\":{\"type\":\"integer\"}}}}",
                Map.of());
        assertThat(t)
                .isEqualTo("#set($inputRoot = $input.path('$'))\n[\n"
                        + "##TODO: Update this foreach loop to reference array from input json\n"
                        + "#foreach($elem in $inputRoot)\n"
                        + " {\n"
                        + "  \"age\" : $elem.age,\n"
                        + "  \"height\" : $elem.height,\n"
                        + "  \"income\" : $elem.income\n"
                        + "} \n"
                        + "#if($foreach.hasNext),#end\n"
                        + "#end\n"
                        + "]");
    }

    @Test
    void nestedObjectsAndArraysIndentAndUseFreshLoopVariables() {
        String t = template(
                "{\"type\":\"object\",\"properties\":{\"user\":{\"type\":\"object\",\"properties\":{"
                        + "\"name\":{\"type\":\"string\"}}},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
                        + "\"properties\":{\"vals\":{\"type\":\"array\",\"items\":{\"type\":\"number\"}}}}},"
                        + "\"first-name\":{\"type\":\"string\"}}}",
                Map.of());
        assertThat(t)
                .isEqualTo("#set($inputRoot = $input.path('$'))\n{\n"
                        + "  \"user\" : {\n"
                        + "    \"name\" : \"$inputRoot.user.name\"\n"
                        + "  },\n"
                        + "  \"tags\" : [\n"
                        + "##TODO: Update this foreach loop to reference array from input json\n"
                        + "#foreach($elem in $inputRoot.tags)\n"
                        + "   {\n"
                        + "    \"vals\" : [\n"
                        + "##TODO: Update this foreach loop to reference array from input json\n"
                        + "#foreach($elem1 in $elem.vals)\n"
                        + "     $elem1 \n"
                        + "#if($foreach.hasNext),#end\n"
                        + "#end\n"
                        + "    ]\n"
                        + "  } \n"
                        + "#if($foreach.hasNext),#end\n"
                        + "#end\n"
                        + "  ],\n"
                        + "  \"first-name\" : \"$inputRoot['first-name']\"\n"
                        + "}");
    }

    @Test
    void anObjectWithoutPropertiesIsEmptyBraces() {
        assertThat(template("{\"title\":\"Empty Schema\",\"type\":\"object\"}", Map.of()))
                .isEqualTo("#set($inputRoot = $input.path('$'))\n{ }");
    }

    @Test
    void referencesToModelsAndDefinitionsAreFollowedAndLoopsStop() {
        String address = "{\"type\":\"object\",\"properties\":{\"street\":{\"type\":\"string\"}}}";
        String node = "{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":"
                + "\"https://apigateway.amazonaws.com/restapis/api1234567/models/Node\"}}}";
        String t = template(
                "{\"type\":\"object\",\"definitions\":{\"Zip\":{\"type\":\"integer\"}},\"properties\":{"
                        + "\"home\":{\"$ref\":\"https://apigateway.amazonaws.com/restapis/api1234567/models/Address\"},"
                        + "\"zip\":{\"$ref\":\"#/definitions/Zip\"},"
                        + "\"node\":{\"$ref\":\"https://apigateway.amazonaws.com/restapis/api1234567/models/Node\"}}}",
                Map.of("Address", address, "Node", node));
        assertThat(t)
                .isEqualTo("#set($inputRoot = $input.path('$'))\n{\n"
                        + "  \"home\" : {\n"
                        + "    \"street\" : \"$inputRoot.home.street\"\n"
                        + "  },\n"
                        + "  \"zip\" : $inputRoot.zip,\n"
                        + "  \"node\" : {\n"
                        + "    \"next\" : { }\n"
                        + "  }\n"
                        + "}");
    }

    @Test
    void schemasFollowTheDraft4MetaSchema() {
        for (String ok : new String[] {
            "{\"type\":\"object\"}",
            "{\"type\":[\"string\",\"null\"],\"x-vendor\":1}",
            "{\"properties\":{\"a\":{\"enum\":[1,2]}},\"required\":[\"a\"],\"additionalProperties\":false}",
            "{\"minimum\":1,\"exclusiveMinimum\":true,\"pattern\":\"^a+$\",\"items\":[{\"type\":\"string\"}]}",
            "{\"definitions\":{\"x\":{}},\"allOf\":[{\"$ref\":\"#/definitions/x\"}]}"
        }) {
            assertThat(SCHEMAS.parse(ok).isObject()).as(ok).isTrue();
        }
        for (String bad : new String[] {
            "not json",
            "[]",
            "{\"type\":\"object\"} trailing",
            "{\"type\":\"strnig\"}",
            "{\"required\":[]}",
            "{\"required\":[\"a\",\"a\"]}",
            "{\"properties\":{\"a\":\"string\"}}",
            "{\"minLength\":-1}",
            "{\"multipleOf\":0}",
            "{\"exclusiveMaximum\":true}",
            "{\"enum\":[]}",
            "{\"pattern\":\"(\"}",
            "{\"anyOf\":[]}",
            "{\"$ref\":\"#/definitions/missing\"}"
        }) {
            assertThatThrownBy(() -> SCHEMAS.parse(bad))
                    .as(bad)
                    .isInstanceOf(AwsException.class)
                    .hasMessage(ModelSchemas.INVALID_SCHEMA);
        }
        assertThatThrownBy(() -> SCHEMAS.parse("  ")).hasMessage(ModelSchemas.EMPTY_SCHEMA);
    }

    @Test
    void modelReferencesAreRecognisedInEveryRegionalHostForm() {
        assertThat(ModelSchemas.modelRef("https://apigateway.amazonaws.com/restapis/abc/models/Pet"))
                .contains(new ModelSchemas.ModelRef("abc", "Pet"));
        assertThat(ModelSchemas.modelRef("https://apigateway.eu-west-1.amazonaws.com/restapis/abc/models/Pet"))
                .contains(new ModelSchemas.ModelRef("abc", "Pet"));
        assertThat(ModelSchemas.modelRef("#/definitions/Pet")).isEmpty();
        assertThat(ModelSchemas.modelRef("https://example.com/restapis/abc/models/Pet"))
                .isEmpty();
    }
}
