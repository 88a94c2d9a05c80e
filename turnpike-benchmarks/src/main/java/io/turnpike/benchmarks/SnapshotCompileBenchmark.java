package io.turnpike.benchmarks;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.turnpike.dataplane.integration.Integrations;
import io.turnpike.dataplane.pipeline.RestPipeline;
import io.turnpike.dataplane.snapshot.GatewayConfig;
import io.turnpike.dataplane.snapshot.SnapshotCompiler;
import io.turnpike.dataplane.snapshot.StageSnapshot;
import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.model.rest.Integration;
import io.turnpike.model.rest.IntegrationResponse;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.MethodResponse;
import io.turnpike.model.rest.Resource;
import io.turnpike.model.rest.RestApi;
import io.turnpike.model.rest.Stage;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compiling the stage of {@code bench/}'s large API: 1,000 resources ({@code /s0} … {@code /s99}, each
 * with children {@code /r0} … {@code /r8}), each with the same MOCK {@code GET} (request template {@code
 * {"statusCode": 200}}, a 1,024-byte response template). This is the CPU part of "CreateDeployment to
 * serving"; the rest is the store read and the publication.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SnapshotCompileBenchmark {

    MultiThreadIoEventLoopGroup group;
    Integrations integrations;
    SnapshotCompiler compiler;
    RestApi api;
    Stage stage;
    DeploymentContent content;

    @Setup
    public void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        integrations = new Integrations(group, NioSocketChannel.class);
        compiler = new SnapshotCompiler(
                new GatewayConfig("us-east-1", "123456789012", "localhost"), new RestPipeline(integrations.phases()));
        String body = "{\"data\":\"" + "x".repeat(1024 - 11) + "\"}";
        List<Resource> resources = new ArrayList<>();
        resources.add(new Resource("root", null, null, "/", null));
        for (int i = 0; i < 100; i++) {
            String parent = "s" + i;
            resources.add(new Resource(parent, "root", parent, "/" + parent, Map.of("GET", mockGet(body))));
            for (int j = 0; j < 9; j++) {
                resources.add(new Resource(
                        parent + "r" + j, parent, "r" + j, "/" + parent + "/r" + j, Map.of("GET", mockGet(body))));
            }
        }
        api = new RestApi(
                "benchapi02", "bench", null, 0L, null, null, null, null, "HEADER", null, null, null, false, "root");
        stage = new Stage(
                "d1", null, "prod", null, false, null, null, Map.of(), Map.of(), null, null, null, false, null, null,
                0L, 0L);
        content = new DeploymentContent(api, resources, List.of(), List.of(), List.of());
    }

    private static Method mockGet(String body) {
        // a new String per method, as the store hands them out: nothing shared by identity
        Integration mock = new Integration(
                "MOCK",
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of("application/json", new String("{\"statusCode\": 200}")),
                "WHEN_NO_MATCH",
                null,
                29000,
                null,
                List.of(),
                Map.of(
                        "200",
                        new IntegrationResponse("200", null, null, Map.of("application/json", new String(body)), null)),
                null,
                null,
                null);
        return new Method(
                "GET",
                "NONE",
                null,
                false,
                null,
                null,
                null,
                null,
                Map.of("200", new MethodResponse("200", null, null)),
                mock,
                null);
    }

    @Benchmark
    public StageSnapshot compile1000Resources() {
        return compiler.compileStage(api, stage, content);
    }

    @TearDown
    public void tearDown() {
        integrations.close();
        group.shutdownGracefully();
    }
}
