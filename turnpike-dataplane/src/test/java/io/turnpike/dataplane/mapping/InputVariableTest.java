package io.turnpike.dataplane.mapping;

import static io.turnpike.dataplane.mapping.Templates.ENGINE;
import static io.turnpike.dataplane.mapping.Templates.output;
import static io.turnpike.dataplane.mapping.Templates.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code $input}. Expected texts marked "recorded" are AWS responses recorded by LocalStack's
 * snapshot tests ({@code test_input_path_template_formatting}, {@code test_input_body_formatting}).
 */
class InputVariableTest {

    // --- $input.path printing rules (recorded) ---

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"json\":{\"foo\":\"bar\"}}                                 | {foo=bar}",
                "{\"json\":[{\"foo\":\"bar\"}]}                               | [{\"foo\":\"bar\"}]",
                "{\"json\":{\"foo\":[{\"nested\":\"bar\"}]}}                  | {foo=[{\"nested\":\"bar\"}]}",
                "{\"json\":{\"bigger\":\"dict\",\"to\":\"test\",\"with\":\"separators\"}} | {bigger=dict, to=test, with=separators}",
                "{\"json\":{\"listValue\":[]}}                                | {listValue=[]}",
                "{\"json\":\"text\"}                                          | text",
                "{\"json\":12.5}                                              | 12.5",
                "{\"json\":true}                                              | true",
            })
    void pathRendersMapsTheJavaWayAndListsAsJson(String body, String expected) {
        assertThat(output("$input.path(\"$.json\")", body)).isEqualTo(expected);
    }

    @Test
    void listElementTakenOutOfAListPrintsTheJavaWay() {
        String body = "{\"json\":[{\"foo\":\"bar\"}]}";

        assertThat(output("#set($result = $input.path('$.json'))$result[0]", body))
                .isEqualTo("{foo=bar}");
        assertThat(output("#set($result = $input.path('$.json'))$result.toString()", "{\"json\":{\"foo\":\"bar\"}}"))
                .isEqualTo("{foo=bar}");
    }

    @Test
    void emptyListRendersAsBrackets() {
        assertThat(output("$input.path('$.json.listValue')", "{\"json\":{\"listValue\":[]}}"))
                .isEqualTo("[]");
    }

    @Test
    void missingPathRendersAsNothingAndEqualsBothNullAndEmptyString() {
        String template = "#set($result = $input.path('$.missing'))"
                + "{\"body\": $result}"
                + "#if($result == $null) null-equal#end"
                + "#if($result == \"\") empty-equal#end"
                + "#if($result) truthy#end"
                + "#if($result != \"\") not-empty#end";

        assertThat(output(template, "{\"json\":1}")).isEqualTo("{\"body\": } null-equal empty-equal");
    }

    @Test
    void jsonNullRendersAsNothingToo() {
        assertThat(output("[$input.path('$.a')]", "{\"a\":null}")).isEqualTo("[]");
    }

    @Test
    void pathResultIsNavigableInVtl() {
        String body =
                "{\"pets\":[{\"id\":1,\"type\":\"dog\",\"price\":249.99},{\"id\":2,\"type\":\"cat\",\"price\":124.99}],"
                        + "\"owner\":{\"name\":\"Ann\"}}";
        String template = "$input.path('$.pets').size() $input.path('$.pets')[1].type $input.path('$').owner.name "
                + "$input.path('$.owner').get('name') $input.path('$.pets[0].price')"
                + "#foreach($pet in $input.path('$.pets')) $pet.id:$pet.type#end";

        assertThat(output(template, body)).isEqualTo("2 cat Ann Ann 249.99 1:dog 2:cat");
    }

    @Test
    void numbersKeepTheirTypeForArithmetic() {
        assertThat(output(
                        "#set($n = $input.path('$.count') + 1)$n $input.path('$.big')",
                        "{\"count\":41,\"big\":12345678901}"))
                .isEqualTo("42 12345678901");
    }

    @Test
    void pathResultIsAMutableMapForTemplates() {
        String template = "#set($m = $input.path('$'))$m.put('added', 'v')#set($m.other = 'x')$m";

        assertThat(output(template, "{\"a\":1}")).isEqualTo("{a=1, added=v, other=x}");
    }

    @Test
    void pathWithoutDollarPrefixReadsFromTheRoot() {
        assertThat(output("$input.path('stackTrace')", "{\"stackTrace\":\"boom\"}"))
                .isEqualTo("boom");
    }

    @Test
    void indefinitePathsGiveAList() {
        String body = "{\"items\":[{\"name\":\"a\"},{\"name\":\"b\"}]}";

        assertThat(output("$input.path('$.items[*].name') $input.json('$..name')", body))
                .isEqualTo("[\"a\",\"b\"] [\"a\",\"b\"]");
    }

    @Test
    void docsExampleCountAndParams() {
        // DG "Example Request and Response Using $input", reduced to what the template computes.
        TemplateInput input = new TemplateInput(
                "{\"things\":{\"1\":{},\"2\":{},\"3\":{}}}",
                Map.of("id", "abc"),
                Map.of(),
                Map.of(),
                Map.of(),
                Map.of());
        String template = "{\"id\" : \"$input.params('id')\", \"count\" : \"$input.path('$.things').size()\", "
                + "\"things\" : $input.json('$.things')}";

        assertThat(ENGINE.compile(template).render(input).output())
                .isEqualTo("{\"id\" : \"abc\", \"count\" : \"3\", \"things\" : {\"1\":{},\"2\":{},\"3\":{}}}");
    }

    // --- $input.json ---

    @Test
    void jsonReturnsCompactJsonTextOfTheSelection() {
        String body = "{ \"name\" : \"Ann \\\"A\\\"\", \"tags\" : [ 1, 2.5, true, null ], \"o\" : { \"k\" : \"v\" } }";

        assertThat(output("$input.json('$.name')|$input.json('$.tags')|$input.json('$.o')|$input.json('$')", body))
                .isEqualTo("\"Ann \\\"A\\\"\"|[1,2.5,true,null]|{\"k\":\"v\"}"
                        + "|{\"name\":\"Ann \\\"A\\\"\",\"tags\":[1,2.5,true,null],\"o\":{\"k\":\"v\"}}");
    }

    @Test
    void jsonEmbedsWithoutExtraQuotes() {
        assertThat(output("{\"name\": $input.json('$.name'), \"n\": $input.json('$.n')}", "{\"name\":\"x\",\"n\":3}"))
                .isEqualTo("{\"name\": \"x\", \"n\": 3}");
    }

    @Test
    void jsonOfMissingPathIsAnEmptyJsonString() {
        assertThat(output("{\"x\": $input.json('$.missing')}", "{}")).isEqualTo("{\"x\": \"\"}");
    }

    @Test
    void jsonOfNullIsNull() {
        assertThat(output("$input.json('$.a')", "{\"a\":null}")).isEqualTo("null");
    }

    @Test
    void jsonEscapesControlCharactersInStrings() {
        assertThat(output("$input.json('$.s')", "{\"s\":\"line1\\nline2\\u0001\"}"))
                .isEqualTo("\"line1\\nline2\\u0001\"");
    }

    // --- $input.body and non-JSON bodies (recorded) ---

    @Test
    void emptyBodyRendersAsEmptyObject() {
        assertThat(output("Action=SendMessage&MessageBody=$input.body", ""))
                .isEqualTo("Action=SendMessage&MessageBody={}");
        assertThat(output("#if($input.body == \"\")empty#else not-empty#end", ""))
                .isEqualTo(" not-empty");
    }

    @Test
    void emptyBodyActsAsEmptyObjectForJsonPath() {
        assertThat(output("$input.json('$')|$input.path('$')|$input.json('$.a')", ""))
                .isEqualTo("{}|{}|\"\"");
    }

    @Test
    void rawBodyIsReturnedAsIs() {
        assertThat(output("$input.body", "some raw data")).isEqualTo("some raw data");
        assertThat(output("$input.body", "{ \"a\" : 1 }")).isEqualTo("{ \"a\" : 1 }");
    }

    @Test
    void attributeOfTheBodyStringRendersEmpty() {
        assertThat(output("[$input.body.someAttr]", "some raw data")).isEqualTo("[]");
    }

    @Test
    void nonJsonBodyIsOneJsonStringForJsonPath() {
        // The well-known AWS template for form posts splits $input.path('$').
        String template = "#foreach($pair in $input.path('$').split('&'))#set($kv = $pair.split('='))"
                + "$util.urlDecode($kv[0])=$util.urlDecode($kv[1]);#end|$input.json('$')|[$input.path('$.a')]";

        assertThat(output(template, "a=1&b=two+words")).isEqualTo("a=1;b=two words;|\"a=1&b=two+words\"|[]");
    }

    @Test
    void invalidJsonPathFailsTheRender() {
        TemplateResult result = Templates.render("$input.path('$[')", "{}");

        assertThat(result.failed()).isTrue();
        assertThat(result.error()).contains("invalid JSONPath");
    }

    // --- $input.params ---

    @Test
    void paramsMapHasPathQuerystringHeaderWithLastValues() {
        String rendered = ENGINE.compile("$input.params()").render(request("")).output();

        assertThat(rendered)
                .isEqualTo(
                        "{path={id=abc}, querystring={q=2, name=jane}, header={X-Custom=b, Accept=application/json}}");
    }

    @Test
    void paramsByNameSearchesPathThenQuerystringThenHeader() {
        TemplateInput input = new TemplateInput(
                "",
                Map.of("x", "from-path"),
                Map.of("x", List.of("from-query"), "y", List.of("q1", "q2")),
                Map.of("x", List.of("from-header"), "y", List.of("h"), "z", List.of("from-header")),
                Map.of(),
                Map.of());
        String template = "$input.params('x') $input.params('y') $input.params('z') [$input.params('none')]";

        assertThat(ENGINE.compile(template).render(input).output()).isEqualTo("from-path q2 from-header []");
    }

    @Test
    void emptyValueFallsThroughToTheNextLocation() {
        TemplateInput input =
                new TemplateInput("", Map.of("x", ""), Map.of("x", List.of("q")), Map.of(), Map.of(), Map.of());

        assertThat(ENGINE.compile("$input.params('x')").render(input).output()).isEqualTo("q");
    }

    @Test
    void headerLookupFindsAnyCaseButKeepsTheClientsCase() {
        String template = "$input.params().header.get('x-custom') $input.params().header.X-Custom "
                + "$input.params('x-CUSTOM') $input.params().header.keySet()";

        assertThat(ENGINE.compile(template).render(request("")).output()).isEqualTo("b b b [X-Custom, Accept]");
    }

    @Test
    void querystringMapSupportsPropertyAndGetAccess() {
        String template = "$input.params().querystring.name $input.params().querystring.get('q') "
                + "$input.params().path.get('id') $input.params().get('path').id";

        assertThat(ENGINE.compile(template).render(request("")).output()).isEqualTo("jane 2 abc abc");
    }

    @Test
    void docsLoopOverAllParams() {
        // DG "Parameter Mapping Template Example".
        String template =
                """
                #set($allParams = $input.params())
                {
                #foreach($type in $allParams.keySet())
                #set($params = $allParams.get($type))
                "$type" : {
                #foreach($paramName in $params.keySet())
                "$paramName" : "$util.escapeJavaScript($params.get($paramName))"#if($foreach.hasNext),#end

                #end
                }#if($foreach.hasNext),#end

                #end
                }""";

        assertThat(ENGINE.compile(template).render(request("")).output())
                .isEqualTo(
                        "{\n\"path\" : {\n\"id\" : \"abc\"\n},\n\"querystring\" : {\n\"q\" : \"2\",\n\"name\" : \"jane\"\n"
                                + "},\n\"header\" : {\n\"X-Custom\" : \"b\",\n\"Accept\" : \"application\\/json\"\n}\n}");
    }
}
