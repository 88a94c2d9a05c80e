package io.turnpike.benchmarks;

import io.turnpike.dataplane.routing.RouteTable;
import io.turnpike.model.rest.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route matching on a 1,000-resource tree (50 collections × {id} × 19 sub-resources, plus a {proxy+}
 * fallback) against a 1-resource tree: the cost of a lookup should not grow with the API's size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteMatchBenchmark {

    @Param({"1", "1000"})
    int resources;

    RouteTable<String> table;
    String literalPath;
    String paramPath;
    String greedyPath;

    @Setup
    public void setUp() {
        List<Resource> rs = new ArrayList<>();
        rs.add(new Resource("root", null, null, "/", null));
        if (resources == 1) {
            rs.add(new Resource("p", "root", "{proxy+}", "/{proxy+}", null));
            literalPath = "/collection25/abc/sub7";
        } else {
            rs.add(new Resource("p", "root", "{proxy+}", "/{proxy+}", null));
            for (int c = 0; c < 50; c++) {
                rs.add(new Resource("c" + c, "root", "collection" + c, "/collection" + c, null));
                rs.add(new Resource("i" + c, "c" + c, "{id}", "/collection" + c + "/{id}", null));
                for (int s = 0; s < 18; s++) {
                    String path = "/collection" + c + "/{id}/sub" + s;
                    rs.add(new Resource("s" + c + "-" + s, "i" + c, "sub" + s, path, null));
                }
            }
            literalPath = "/collection25";
        }
        paramPath = "/collection25/abc/sub7";
        greedyPath = "/unknown/deep/path/here";
        table = RouteTable.compile(rs, Resource::path);
    }

    @Benchmark
    public Object literal() {
        return table.match(literalPath);
    }

    @Benchmark
    public Object parameter() {
        return table.match(paramPath);
    }

    @Benchmark
    public Object greedy() {
        return table.match(greedyPath);
    }
}
