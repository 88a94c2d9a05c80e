package io.turnpike.dataplane.mapping;

import static io.turnpike.dataplane.mapping.Templates.ENGINE;
import static io.turnpike.dataplane.mapping.Templates.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code $context}, {@code $stageVariables} and the request/response overrides. */
class ContextVariableTest {

    private static TemplateResult render(String template, TemplateInput input) {
        return ENGINE.compile(template).render(input);
    }

    @Test
    void contextVariablesResolveThroughNestedMaps() {
        String template = "$context.stage $context.httpMethod $context.identity.sourceIp "
                + "$context.authorizer.principalId $context.authorizer.claims['custom:role'] $context.requestTimeEpoch";

        assertThat(render(template, request("")).output()).isEqualTo("dev POST 192.0.2.1 user-1 admin 1700000000000");
    }

    @Test
    void unknownContextVariableRendersNothing() {
        assertThat(render("[$context.nope.deeper][$context.identity.apiKey]", request(""))
                        .output())
                .isEqualTo("[][]");
    }

    @Test
    void contextMapsPrintTheJavaWay() {
        assertThat(render("$context.identity", request("")).output())
                .startsWith("{")
                .contains("sourceIp=192.0.2.1");
    }

    @Test
    void stageVariablesInAllThreeSyntaxes() {
        String template =
                "$stageVariables.backend|$stageVariables['backend']|${stageVariables['backend']}|[$stageVariables.none]";

        assertThat(render(template, request("")).output())
                .isEqualTo("https://example.com|https://example.com|https://example.com|[]");
    }

    @Test
    void templateChangesToStageVariablesStayInTheRender() {
        Map<String, String> stageVariables = new LinkedHashMap<>();
        stageVariables.put("backend", "a");
        stageVariables.put("zone", "z");
        TemplateInput input = new TemplateInput("", Map.of(), Map.of(), Map.of(), Map.of(), stageVariables);

        assertThat(render(
                                "#set($stageVariables.backend = 'b')$stageVariables.put('added', 'c')"
                                        + "#foreach($k in $stageVariables.keySet())$k=$stageVariables[$k];#end",
                                input)
                        .output())
                .isEqualTo("backend=b;zone=z;added=c;");
        assertThat(stageVariables).containsExactly(Map.entry("backend", "a"), Map.entry("zone", "z"));
        assertThat(render("$stageVariables.backend,[$stageVariables.added]", input)
                        .output())
                .isEqualTo("a,[]");
    }

    @Test
    void templateChangesToContextStayInTheRender() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("stage", "dev");
        TemplateInput input = new TemplateInput("", Map.of(), Map.of(), Map.of(), context, Map.of());

        assertThat(render("#set($context.stage = 'prod')$context.stage", input).output())
                .isEqualTo("prod");
        assertThat(context).containsExactly(Map.entry("stage", "dev"));
        assertThat(render("$context.stage", input).output()).isEqualTo("dev");
    }

    @Test
    void templateChangesToNestedContextMapsStayInTheRender() {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("sourceIp", "192.0.2.1");
        identity.put("userAgent", "curl");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("stage", "dev");
        context.put("identity", identity);
        context.put("list", new java.util.ArrayList<>(List.of("a", "b")));
        TemplateInput input = new TemplateInput("", Map.of(), Map.of(), Map.of(), context, Map.of());

        String template = "#set($context.identity.sourceIp = '10.0.0.1')"
                + "#set($ignored = $context.identity.put('extra', 'x'))"
                + "#set($ignored = $context.list.add('c'))"
                + "#set($context.added = 1)"
                + "$context.identity.sourceIp|$context.identity.extra|$context.list|$context.added|$context.size()";
        assertThat(render(template, input).output()).isEqualTo("10.0.0.1|x|[a, b, c]|1|6");
        assertThat(identity).containsExactly(Map.entry("sourceIp", "192.0.2.1"), Map.entry("userAgent", "curl"));
        assertThat(context).containsOnlyKeys("stage", "identity", "list");
        assertThat(context.get("list")).isEqualTo(List.of("a", "b"));
        assertThat(render("$context.identity.sourceIp|$context.identity.extra|$context.list", input)
                        .output())
                .isEqualTo("192.0.2.1||[a, b]");
    }

    @Test
    void aWholeContextMapPrintsInItsOrderWithTheTemplatesChanges() {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("sourceIp", "192.0.2.1");
        identity.put("userAgent", "curl");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("stage", "dev");
        context.put("identity", identity);
        TemplateInput input = new TemplateInput("", Map.of(), Map.of(), Map.of(), context, Map.of());

        String template = "#set($context.identity.userAgent = 'wrk')#set($context.zone = 'z')"
                + "#set($ignored = $context.remove('stage'))"
                + "$context.identity|#foreach($k in $context.keySet())$k,#end";
        assertThat(render(template, input).output())
                .isEqualTo("{sourceIp=192.0.2.1, userAgent=wrk}|identity,requestOverride,responseOverride,zone,");
        assertThat(context).containsOnlyKeys("stage", "identity");
        assertThat(identity).containsEntry("userAgent", "curl");
    }

    @Test
    void requestOverridesAreCollected() {
        String template = "#set($context.requestOverride.header.X-Custom = \"v\")"
                + "#set($context.requestOverride.querystring.q = \"1\")"
                + "#set($context.requestOverride.path.id = \"42\")";

        TemplateResult result = render(template, request(""));

        assertThat(result.output()).isEmpty();
        assertThat(result.requestOverride().headers()).containsExactly(Map.entry("X-Custom", "v"));
        assertThat(result.requestOverride().querystring()).containsExactly(Map.entry("q", "1"));
        assertThat(result.requestOverride().path()).containsExactly(Map.entry("id", "42"));
        assertThat(result.responseOverride()).isEqualTo(ResponseOverride.empty());
    }

    @Test
    void responseOverridesAreCollected() {
        String template = "#set($context.responseOverride.status = 444)"
                + "#set($context.responseOverride.header.Location = \"https://example.com\")";

        TemplateResult result = render(template, request(""));

        assertThat(result.responseOverride().status()).isEqualTo(444);
        assertThat(result.responseOverride().headers()).containsExactly(Map.entry("Location", "https://example.com"));
    }

    @Test
    void overrideHeadersCanBeSetByIndexAndPut() {
        String template = "#set($h = 'X-From-Var')#set($context.responseOverride.header[$h] = 'a')"
                + "$context.responseOverride.header.put('X-Put', 'b')"
                + "#set($context.requestOverride.header.multi = ['1header', '2header'])";

        TemplateResult result = render(template, request(""));

        assertThat(result.output()).isEmpty();
        assertThat(result.responseOverride().headers())
                .containsExactly(Map.entry("X-From-Var", "a"), Map.entry("X-Put", "b"));
        assertThat(result.requestOverride().headers()).containsExactly(Map.entry("multi", "1header,2header"));
    }

    @Test
    void overrideNamesKeepTheirCase() {
        TemplateResult result = render(
                "#set($context.requestOverride.header.x-lower = 'a')"
                        + "#set($context.requestOverride.header.X-Upper = 'b')",
                request(""));

        assertThat(result.requestOverride().headers()).containsOnlyKeys("x-lower", "X-Upper");
    }

    @Test
    void statusFromTextOrNumberIsHonouredOnlyInRange() {
        assertThat(status("444")).isEqualTo(444);
        assertThat(status("'201'")).isEqualTo(201);
        assertThat(status("$input.path('$.code')")).isEqualTo(418);
        assertThat(status("302.0")).isEqualTo(302);
        assertThat(status("600")).isNull();
        assertThat(status("99")).isNull();
        assertThat(status("'abc'")).isNull();
        assertThat(status("201.5")).isNull();
        assertThat(status("$input.path('$.missing')")).isNull();
    }

    private static Integer status(String expression) {
        TemplateInput input = TemplateInput.ofBody("{\"code\":418}");
        return render("#set($context.responseOverride.status = " + expression + ")", input)
                .responseOverride()
                .status();
    }

    @Test
    void overridesAreReadableInTheSameTemplate() {
        String template =
                "#set($context.requestOverride.path.one = 'path one')path was $context.requestOverride.path.one";

        assertThat(render(template, request("")).output()).isEqualTo("path was path one");
    }

    @Test
    void overridesCarriedFromTheRequestTemplateAreVisibleAndKept() {
        // Recorded: a request-template override is readable in the response template ("path was path one"),
        // and a responseOverride.status set in a MOCK request template reaches the client (444).
        TemplateResult requestSide = render(
                "#set($context.requestOverride.path.one = 'path one')#set($context.responseOverride.status = 444)"
                        + "{\"statusCode\": 200}",
                request(""));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("requestOverride", requestSide.requestOverride().asContextValue());
        context.put("responseOverride", requestSide.responseOverride().asContextValue());
        TemplateInput responseInput = new TemplateInput("", Map.of(), Map.of(), Map.of(), context, Map.of());

        TemplateResult responseSide = render("path was $context.requestOverride.path.one", responseInput);

        assertThat(responseSide.output()).isEqualTo("path was path one");
        assertThat(responseSide.responseOverride().status()).isEqualTo(444);
        assertThat(responseSide.requestOverride().path()).containsExactly(Map.entry("one", "path one"));
    }

    @Test
    void responseTemplateCanReplaceACarriedStatus() {
        Map<String, Object> context = Map.of("responseOverride", new ResponseOverride(444, Map.of()).asContextValue());
        TemplateInput input = new TemplateInput("", Map.of(), Map.of(), Map.of(), context, Map.of());

        assertThat(render("#set($context.responseOverride.status = 201)", input)
                        .responseOverride()
                        .status())
                .isEqualTo(201);
    }

    @Test
    void failedRenderKeepsOnlyTheCarriedOverrides() {
        Map<String, Object> context = Map.of(
                "requestOverride", new RequestOverride(Map.of("X-A", "1"), Map.of(), Map.of()).asContextValue(),
                "responseOverride", new ResponseOverride(404, Map.of("X-B", "2")).asContextValue());
        TemplateInput input = new TemplateInput("", Map.of(), Map.of(), Map.of(), context, Map.of());

        TemplateResult result = render(
                "#set($context.requestOverride.header.X-New = 'n')#set($context.responseOverride.status = 500)"
                        + "$util.parseJson('{')",
                input);

        assertThat(result.failed()).isTrue();
        assertThat(result.requestOverride().headers()).containsExactly(Map.entry("X-A", "1"));
        assertThat(result.responseOverride()).isEqualTo(new ResponseOverride(404, Map.of("X-B", "2")));
    }

    @Test
    void nullOverrideValuesAreDropped() {
        TemplateResult result = render(
                "#set($context.requestOverride.header.X-None = $input.path('$.missing'))"
                        + "#set($context.requestOverride.querystring.n = $nothing)",
                request("{}"));

        assertThat(result.requestOverride().isEmpty()).isTrue();
    }

    @Test
    void overrideRecordsValidate() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ResponseOverride(700, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status: 700 (expected: 100-599 or null)");
        assertThat(new RequestOverride(Map.of("a", "b"), Map.of(), Map.of()).asContextValue())
                .containsEntry("header", Map.of("a", "b"))
                .containsEntry("querystring", Map.of())
                .containsEntry("path", Map.of());
        assertThat(List.of(
                        RequestOverride.empty().isEmpty(),
                        ResponseOverride.empty().isEmpty()))
                .containsOnly(true);
    }
}
