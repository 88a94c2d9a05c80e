package io.turnpike.dataplane.mapping;

import static io.turnpike.dataplane.mapping.Templates.ENGINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Compiling (syntax errors with their location) and rendering one compiled template many times. */
class TemplateEngineTest {

    @Test
    void syntaxErrorNamesLineAndColumn() {
        assertThatThrownBy(() -> ENGINE.compile("{\n  \"a\": #if($x\n}"))
                .isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(1);
                })
                .hasMessageStartingWith("mapping template syntax error at line 3, column 1: Encountered \"}\"");
    }

    @Test
    void unterminatedDirectiveIsASyntaxError() {
        assertThatThrownBy(() -> ENGINE.compile("#set($x = "))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("line 1, column 10") // the text is trimmed to "#set($x ="
                .hasMessageContaining("end of template");
    }

    @Test
    void missingEndIsASyntaxError() {
        assertThatThrownBy(() -> ENGINE.compile("#foreach($a in [1])\nx"))
                .isInstanceOfSatisfying(
                        TemplateException.class, e -> assertThat(e.line()).isEqualTo(2));
    }

    @Test
    void badDirectiveArgumentsAreASyntaxError() {
        assertThatThrownBy(() -> ENGINE.compile("ok\n#foreach($a)x#end"))
                .isInstanceOfSatisfying(
                        TemplateException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageContaining("#foreach");
    }

    @Test
    void lineNumbersCountFromTheTrimmedText() {
        assertThatThrownBy(() -> ENGINE.compile("\n\n\n#if(")).isInstanceOfSatisfying(TemplateException.class, e -> {
            assertThat(e.line()).isEqualTo(1);
        });
    }

    @Test
    void engineRejectsANonPositiveOutputCap() {
        assertThatThrownBy(() -> new TemplateEngine(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxOutputChars: 0 (expected: >= 1)");
    }

    @Test
    void inputRecordRejectsNulls() {
        assertThatThrownBy(() -> new TemplateInput(null, Map.of(), Map.of(), Map.of(), Map.of(), Map.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("body");
    }

    @Test
    void oneCompiledTemplateRendersConcurrentlyWithoutCrosstalk() throws Exception {
        CompiledTemplate template = ENGINE.compile("#set($sum = 0)#foreach($n in $input.path('$.numbers'))"
                + "#set($sum = $sum + $n)#end{\"id\": \"$input.params('id')\", \"sum\": $sum, \"count\": $velocityCount}"
                + "#set($context.responseOverride.header.X-Id = $input.params('id'))");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int base = thread * 1_000;
                Callable<List<String>> task = () -> {
                    List<String> mismatches = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        int id = base + i;
                        int count = 1 + i % 7;
                        StringBuilder numbers = new StringBuilder();
                        for (int k = 1; k <= count; k++) {
                            numbers.append(k == 1 ? "" : ",").append(id);
                        }
                        TemplateInput input = new TemplateInput(
                                "{\"numbers\":[" + numbers + "]}",
                                Map.of("id", Integer.toString(id)),
                                Map.of(),
                                Map.of(),
                                Map.of(),
                                Map.of());
                        TemplateResult result = template.render(input);
                        String expected = "{\"id\": \"" + id + "\", \"sum\": " + (long) id * count + ", \"count\": }";
                        if (!result.output().equals(expected)
                                || !result.responseOverride().headers().equals(Map.of("X-Id", Integer.toString(id)))) {
                            mismatches.add(result.output() + " " + result.error());
                        }
                    }
                    return mismatches;
                };
                futures.add(pool.submit(task));
            }
            for (Future<List<String>> future : futures) {
                assertThat(future.get(60, TimeUnit.SECONDS)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
