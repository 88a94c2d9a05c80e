package io.turnpike.benchmarks;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.turnpike.dataplane.integration.Integrations;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.InvokeRequest;
import io.turnpike.dataplane.pipeline.PipelineRunner;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request cost of the pipeline without sockets: route, run a MOCK method's steps (request
 * template, status selection, response template), render. What every invocation pays on top of I/O.
 *
 * <p>{@code responseTemplate}: {@code dynamic} reads a path parameter; {@code static} is the 1,024-byte
 * fixed body of {@code bench/}'s {@code tp-mock} target (no {@code $} or {@code #}). Run with {@code
 * -prof gc} for the allocation per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PipelineBenchmark {

    MultiThreadIoEventLoopGroup group;
    Integrations integrations;
    EventLoop loop;
    StageSnapshot stage;
    InvokeRequest request;

    @Param({"dynamic", "static"})
    public String responseTemplate;

    static final String STATIC_BODY = "{\"data\":\"" + "x".repeat(1024 - 11) + "\"}";

    @Setup
    public void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = new DefaultEventLoop();
        integrations = new Integrations(group, NioSocketChannel.class);
        Integration mock = new Integration(
                "MOCK",
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of("application/json", "{\"statusCode\": 200}"),
                "WHEN_NO_MATCH",
                null,
                29000,
                null,
                List.of(),
                Map.of("200", new IntegrationResponse("200", null, null, Map.of("application/json", template()), null)),
                null,
                null,
                null);
        Method get = new Method(
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
        Resource root = new Resource("root", null, null, "/", null);
        Resource pets = new Resource("pets", "root", "pets", "/pets", null);
        Resource pet = new Resource("pet", "pets", "{id}", "/pets/{id}", Map.of("GET", get));
        RestApi api = new RestApi(
                "benchapi01", "bench", null, 0L, null, null, null, null, "HEADER", null, null, null, false, "root");
        Stage prod = new Stage(
                "d1", null, "prod", null, false, null, null, Map.of(), Map.of(), null, null, null, false, null, null,
                0L, 0L);
        stage = new SnapshotCompiler(
                        new GatewayConfig("us-east-1", "123456789012", "localhost"),
                        new RestPipeline(integrations.phases()))
                .compileStage(
                        api,
                        prod,
                        new DeploymentContent(api, List.of(root, pets, pet), List.of(), List.of(), List.of()));
        request = new InvokeRequest(
                "GET",
                "/pets/42",
                "",
                List.of(Map.entry("Accept", "application/json")),
                new byte[0],
                "127.0.0.1",
                "HTTP/1.1",
                "benchapi01.execute-api.localhost",
                "/prod/pets/42");
        String body = new String(invoke(), StandardCharsets.UTF_8);
        String expected = responseTemplate.equals("static") ? STATIC_BODY : "{\"id\": \"42\", \"ok\": true}";
        if (!body.equals(expected)) {
            throw new IllegalStateException("unexpected benchmark answer: " + body);
        }
    }

    private String template() {
        return responseTemplate.equals("static") ? STATIC_BODY : "{\"id\": \"$input.params('id')\", \"ok\": true}";
    }

    @Benchmark
    public byte[] invoke() {
        Exchange ex = new Exchange(
                request,
                stage,
                "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                "R1knPH17NjMFftw=",
                1_700_000_000_000L,
                System.nanoTime());
        return PipelineRunner.run(ex, loop).toCompletableFuture().join().body();
    }

    @TearDown
    public void tearDown() {
        integrations.close();
        loop.shutdownGracefully();
        group.shutdownGracefully();
    }
}
