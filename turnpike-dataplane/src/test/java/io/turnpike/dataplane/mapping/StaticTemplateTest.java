package io.turnpike.dataplane.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Templates without {@code $} or {@code #} are rendered once, at compile time. Each case compares the
 * pre-rendered result with a full Velocity render of the same text: the same text followed by an empty
 * block comment {@code #**#}, which Velocity renders as nothing but which makes the template dynamic.
 */
class StaticTemplateTest {

    private final TemplateEngine engine = new TemplateEngine();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"statusCode\": 200}",
                "  {\"statusCode\": 200}\n\n",
                "{\"data\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}",
                "line one\n  line two\r\n\tline three",
                "back\\slashes \\n \\\\ and 'quotes' \"here\"",
                "unicode: é ü 中文 😀",
                "<xml attr=\"1\">text &amp; more</xml>",
                "*/ {} [] () ! @ % ^ & * ~ `"
            })
    void aStaticTemplateRendersExactlyAsVelocityDoes(String text) {
        CompiledTemplate pre = engine.compile(text);
        CompiledTemplate full = engine.compile(text.strip() + "#**#"); // AWS trims the text first
        assertThat(pre.isStatic()).isTrue();
        assertThat(full.isStatic()).isFalse();

        for (TemplateInput input : List.of(TemplateInput.ofBody(""), Templates.request("{\"a\":1}"))) {
            TemplateResult expected = full.render(input);
            assertThat(expected.failed()).isFalse();
            assertThat(pre.render(input)).isEqualTo(expected);
            assertThat(pre.renderStatic(RequestOverride.empty(), ResponseOverride.empty()))
                    .isEqualTo(expected);
        }
        assertThat(pre.render(TemplateInput.ofBody("")).output()).isEqualTo(text.strip());
    }

    @Test
    void overridesCarriedInComeOutAsAFullRenderGivesThem() {
        RequestOverride request = new RequestOverride(Map.of("X-Req", "1"), Map.of("q", "v"), Map.of("id", "7"));
        ResponseOverride response = new ResponseOverride(201, Map.of("X-Resp", "2"));
        Map<String, Object> context = new HashMap<>(Map.of("stage", "dev"));
        context.put("requestOverride", request.asContextValue());
        context.put("responseOverride", response.asContextValue());
        TemplateInput input = new TemplateInput("", Map.of(), Map.of(), Map.of(), context, Map.of());
        String text = "{\"ok\": true}";

        TemplateResult expected = engine.compile(text + "#**#").render(input);
        CompiledTemplate pre = engine.compile(text);

        assertThat(expected.requestOverride()).isEqualTo(request);
        assertThat(expected.responseOverride()).isEqualTo(response);
        assertThat(pre.render(input)).isEqualTo(expected);
        assertThat(pre.renderStatic(request, response)).isEqualTo(expected);
    }

    @Test
    void onlyResponseOverridesCarriedIn() {
        ResponseOverride response = new ResponseOverride(null, Map.of("X-Resp", "2"));
        Map<String, Object> context = Map.of("responseOverride", response.asContextValue());
        TemplateInput input = new TemplateInput("", Map.of(), Map.of(), Map.of(), context, Map.of());

        TemplateResult expected = engine.compile("done#**#").render(input);

        assertThat(engine.compile("done").render(input)).isEqualTo(expected);
        assertThat(expected.responseOverride().headers()).containsEntry("X-Resp", "2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$x", "a $input.body", "#set($a = 1)", "## comment", "color: #fff", "price: $5"})
    void aTemplateWithDollarOrHashIsRenderedEveryTime(String text) {
        CompiledTemplate template = engine.compile(text);

        assertThat(template.isStatic()).isFalse();
        assertThatThrownBy(() -> template.renderStatic(RequestOverride.empty(), ResponseOverride.empty()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStaticTextOverTheOutputCapFailsLikeAnyRender() {
        TemplateEngine small = new TemplateEngine(5);

        CompiledTemplate template = small.compile("abcdefgh");
        TemplateResult result = template.render(TemplateInput.ofBody(""));

        assertThat(template.isStatic()).isFalse();
        assertThat(result.failed()).isTrue();
        assertThat(result.error()).isEqualTo("rendered output exceeds 5 characters");
        assertThat(result.output()).isEmpty();
    }

    @Test
    void theSameTextIsCompiledOnceAndSharedDifferentTextsAreNot() {
        CompiledTemplate a = engine.compile("{\"id\": \"$input.params('id')\"}");
        CompiledTemplate sameText = engine.compile("{\"id\": \"$input.params('id')\"}");
        CompiledTemplate sameOnceTrimmed = engine.compile("\n  {\"id\": \"$input.params('id')\"}  \n");
        CompiledTemplate other = engine.compile("{\"id\": \"$input.params('other')\"}");
        CompiledTemplate staticText = engine.compile("{\"statusCode\": 200}");

        assertThat(sameText).isSameAs(a);
        assertThat(sameOnceTrimmed).isSameAs(a);
        assertThat(other).isNotSameAs(a);
        assertThat(engine.compile("{\"statusCode\": 200}")).isSameAs(staticText);
        assertThat(engine.cachedTemplates()).isEqualTo(3);

        TemplateInput input =
                new TemplateInput("", Map.of("id", "1", "other", "2"), Map.of(), Map.of(), Map.of(), Map.of());
        assertThat(a.render(input).output()).isEqualTo("{\"id\": \"1\"}");
        assertThat(other.render(input).output()).isEqualTo("{\"id\": \"2\"}");
    }

    @Test
    void engineMaxOutputIsPartOfWhatIsShared() {
        // two engines never share: each keeps its own cap
        TemplateEngine small = new TemplateEngine(3);

        assertThat(small.compile("abcd").render(TemplateInput.ofBody("")).failed())
                .isTrue();
        assertThat(engine.compile("abcd").render(TemplateInput.ofBody("")).output())
                .isEqualTo("abcd");
    }
}
