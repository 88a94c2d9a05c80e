package io.turnpike.dataplane.mapping;

import static io.turnpike.dataplane.mapping.Templates.output;
import static io.turnpike.dataplane.mapping.Templates.render;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A template is code from the API owner: it must not reach Java internals or exhaust the gateway. */
class SandboxTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$input.getClass()",
                "$input.getClass().forName('java.lang.Runtime')",
                "$util.getClass().getClassLoader()",
                "#set($s = 'x')$s.getClass()",
                "$context.getClass()",
                "$input.path('$').getClass()",
            })
    void getClassFailsTheRender(String template) {
        TemplateResult result = render(template, "{}");

        assertThat(result.failed()).isTrue();
        assertThat(result.error()).endsWith("method getClass() is not allowed");
        assertThat(result.output()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$input.class.forName('java.lang.Runtime')", "$util.class", "#set($s = 'x')$s.class.name"})
    void classPropertyFailsTheRender(String template) {
        TemplateResult result = render(template, "{}");

        assertThat(result.failed()).isTrue();
        assertThat(result.error()).contains("access to .class is not allowed");
    }

    @Test
    void classKeyOfAJsonObjectIsJustData() {
        assertThat(output("$input.path('$').class $input.path('$').get('class')", "{\"class\":\"economy\"}"))
                .isEqualTo("economy economy");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "#set($s = 'x')$s.repeat(2000000000)",
                "#set($f = '%0999999999d')$f.format($f, 1)",
                "$input.wait()",
                "$input.notifyAll()"
            })
    void allocatingAndThreadMethodsFailTheRender(String template) {
        TemplateResult result = render(template, "{}");

        assertThat(result.failed()).isTrue();
        assertThat(result.error()).contains("is not allowed");
    }

    @Test
    void foreachRunsUpToTheAwsQuota() {
        assertThat(output("#set($n = 0)#foreach($i in [1..1000])#set($n = $n + 1)#end$n"))
                .isEqualTo("1000");
    }

    @Test
    void foreachPastTheQuotaFailsTheRender() {
        TemplateResult result = render("ok\n#foreach($i in [1..1001])x#end", "");

        assertThat(result.failed()).isTrue();
        assertThat(result.error()).isEqualTo("line 2, column 16: #foreach ran more than 1000 iterations");
        assertThat(result.output()).isEmpty();
    }

    @Test
    void foreachQuotaCountsListsFromThePayload() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            body.append(i == 0 ? "" : ",").append(i);
        }
        body.append(']');

        assertThat(render("#foreach($i in $input.path('$'))#end", body.toString())
                        .error())
                .contains("#foreach ran more than 1000 iterations");
    }

    @Test
    void nestedLoopsShareARenderWideBudget() {
        TemplateResult result =
                render("#foreach($a in [1..1000])#foreach($b in [1..1000])#foreach($c in [1..2])#end#end#end", "");

        assertThat(result.error()).isEqualTo("#foreach loops ran more than 1000000 iterations in total");
    }

    @Test
    void outputPastTheCapFailsTheRender() {
        TemplateEngine small = new TemplateEngine(100);

        assertThat(small.compile("#foreach($i in [1..10])0123456789#end")
                        .render(TemplateInput.ofBody(""))
                        .output())
                .hasSize(100);
        TemplateResult result =
                small.compile("#foreach($i in [1..11])0123456789#end").render(TemplateInput.ofBody(""));
        assertThat(result.error()).isEqualTo("rendered output exceeds 100 characters");
        assertThat(result.output()).isEmpty();
    }

    @Test
    void doublingAStringInsideTheTemplateStopsAtTheCap() {
        TemplateEngine small = new TemplateEngine(1_000);

        TemplateResult result = small.compile("#set($s = 'x')#foreach($i in [1..60])#set($s = \"$s$s\")#end done")
                .render(TemplateInput.ofBody(""));

        assertThat(result.error()).isEqualTo("a string value exceeds 1000 characters");
    }

    @Test
    void stringMethodResultsPastTheCapFailTheRender() {
        TemplateEngine small = new TemplateEngine(1_000);

        TemplateResult result = small.compile(
                        "#set($s = 'xxxxxxxxxx')#foreach($i in [1..10])#set($s = $s.concat($s))#end")
                .render(TemplateInput.ofBody(""));

        assertThat(result.error()).isEqualTo("a string value exceeds 1000 characters");
    }

    @Test
    void doublingAListStopsAtTheCollectionCap() {
        TemplateResult result = render("#set($l = [1])#foreach($i in [1..30])#set($ok = $l.addAll($l))#end", "");

        assertThat(result.error()).isEqualTo("a list exceeds 1000000 elements");
    }

    @Test
    void printingAHugeRangeFailsInsteadOfExhaustingTheHeap() {
        assertThat(render("#set($r = [1..2000000000])$r", "").error()).isEqualTo("a list exceeds 1000000 elements");
        assertThat(render("#set($r = [1..2000000000])$r.toString()", "").error())
                .isEqualTo("a list exceeds 1000000 elements");
    }

    @Test
    void includeAndParseCannotReadFiles() {
        assertThat(render("#include('/etc/passwd')", "").error())
                .isEqualTo("#include is not supported in mapping templates");
        assertThat(render("#parse('pom.xml')", "").error()).isEqualTo("#parse is not supported in mapping templates");
    }

    @Test
    void selfEvaluatingTextStopsAtTheNestingLimit() {
        assertThat(render("#set($s = '#evaluate($s)')#evaluate($s)", "").error())
                .isEqualTo("#evaluate nested more than 8 deep");
    }

    @Test
    void recursiveMacroFailsTheRender() {
        TemplateResult result = render("#macro(r)x#r()#end#r()", "");

        assertThat(result.error()).startsWith("Max calling depth of 20 was exceeded in macro 'r'");
        assertThat(result.output()).isEmpty();
    }

    @Test
    void syntaxErrorInEvaluatedTextFailsTheRender() {
        assertThat(render("#evaluate('#if(')", "").error())
                .isEqualTo("line 1, column 1: #evaluate syntax error: Encountered end of template");
    }

    @Test
    void methodThatThrowsFailsTheRenderWithItsLocation() {
        TemplateResult result = render("ok\n  $util.parseJson('{')", "");

        // Velocity reports the column of the method name.
        assertThat(result.error())
                .isEqualTo("line 2, column 9: parseJson() failed: $util.parseJson: not valid JSON:"
                        + " Unexpected end-of-input: expected close marker for Object at line 1, column 2");
    }

    @Test
    void javaExceptionsFromCollectionMethodsFailTheRender() {
        assertThat(render("#set($l = [1])$l.get(5)", "").error())
                .isEqualTo("line 1, column 18: get() failed: Index 5 out of bounds for length 1");
    }

    @Test
    void oneTemplateRenderedWithValuesOfOtherTypesLooksThemUpAgain() {
        // the same compiled template, so the introspection of one render is offered to the next
        CompiledTemplate t = Templates.ENGINE.compile("$input.path('$').size()|$input.path('$').class");
        assertThat(t.render(Templates.request("{\"a\":1,\"class\":\"economy\"}"))
                        .output())
                .isEqualTo("2|economy");
        TemplateResult list = t.render(Templates.request("[1,2,3]"));
        assertThat(list.error()).contains("access to .class is not allowed");
        assertThat(t.render(Templates.request("{\"class\":\"first\"}")).output())
                .isEqualTo("1|first");
        TemplateResult text = t.render(Templates.request("not json"));
        assertThat(text.error()).contains("access to .class is not allowed");
        assertThat(t.render(Templates.request("{\"class\":\"again\",\"b\":2,\"c\":3}"))
                        .output())
                .isEqualTo("3|again");
    }
}
