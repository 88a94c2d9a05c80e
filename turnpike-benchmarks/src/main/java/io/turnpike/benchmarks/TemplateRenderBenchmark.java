package io.turnpike.benchmarks;

import io.turnpike.dataplane.mapping.CompiledTemplate;
import io.turnpike.dataplane.mapping.TemplateEngine;
import io.turnpike.dataplane.mapping.TemplateInput;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** One render of a typical request mapping template (JSONPath reads, params, context, a loop). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TemplateRenderBenchmark {

    CompiledTemplate template;
    TemplateInput input;

    @Setup
    public void setUp() {
        template = new TemplateEngine()
                .compile("#set($inputRoot = $input.path('$'))\n"
                        + "{\n"
                        + "  \"id\": \"$input.params('id')\",\n"
                        + "  \"requestId\": \"$context.requestId\",\n"
                        + "  \"name\": \"$util.escapeJavaScript($inputRoot.name)\",\n"
                        + "  \"tags\": [#foreach($t in $inputRoot.tags)\"$t\"#if($foreach.hasNext),#end#end],\n"
                        + "  \"raw\": $input.json('$.nested')\n"
                        + "}");
        input = new TemplateInput(
                "{\"name\":\"Rex \\\"the dog\\\"\",\"tags\":[\"a\",\"b\",\"c\",\"d\"],\"nested\":{\"x\":1,\"y\":[1,2,3]}}",
                Map.of("id", "42"),
                Map.of("sort", List.of("asc")),
                Map.of("Content-Type", List.of("application/json")),
                Map.of("requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "stage", "prod"),
                Map.of("backend", "example.com"));
    }

    @Benchmark
    public Object render() {
        return template.render(input);
    }
}
