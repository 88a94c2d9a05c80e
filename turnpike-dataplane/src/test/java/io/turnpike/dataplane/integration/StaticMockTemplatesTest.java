package io.turnpike.dataplane.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.InvokeRequest;
import io.turnpike.dataplane.pipeline.InvokeResponse;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A MOCK method whose templates have no {@code $} or {@code #} answers from text rendered at compile
 * time. Each case runs a method twice through the real pipeline: once with static templates and once
 * with the same templates made dynamic by an empty VTL comment ({@code #**#}, which renders as
 * nothing), and the two answers must be identical: status, every header in order, body.
 */
class StaticMockTemplatesTest {

    private static final String BODY = "{\"data\":\"" + "x".repeat(1013) + "\"}";
    private static final String SETS_OVERRIDES = "#set($context.responseOverride.status = 201)"
            + "#set($context.responseOverride.header.X-From = 'request template')"
            + "{\"statusCode\": 200}";

    private static MultiThreadIoEventLoopGroup group;
    private static Integrations integrations;
    private static EventLoop loop;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = new DefaultEventLoop();
        integrations = new Integrations(group, NioSocketChannel.class);
    }

    @AfterAll
    static void stop() {
        integrations.close();
        loop.shutdownGracefully();
        group.shutdownGracefully();
    }

    @ParameterizedTest(name = "request template {0}, response template {1}")
    @CsvSource({
        "static, static",
        "sets overrides, static",
        "static, none",
        "sets overrides, none",
    })
    void staticTemplatesAnswerExactlyAsRenderedOnes(String requestKind, String responseKind) {
        String requestTemplate = requestKind.equals("static") ? "{\"statusCode\": 200}" : SETS_OVERRIDES;
        String responseTemplate = responseKind.equals("static") ? BODY : null;

        InvokeResponse fast = invoke(requestTemplate, responseTemplate);
        InvokeResponse full =
                invoke(dynamic(requestTemplate), responseTemplate == null ? null : dynamic(responseTemplate));

        assertThat(fast.status()).isEqualTo(full.status());
        assertThat(fast.headers()).containsExactlyElementsOf(full.headers());
        assertThat(new String(fast.body(), StandardCharsets.UTF_8))
                .isEqualTo(new String(full.body(), StandardCharsets.UTF_8));
        assertThat(fast.status()).isEqualTo(requestKind.equals("static") ? 200 : 201);
        if (responseTemplate != null) {
            assertThat(new String(fast.body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
        }
        if (!requestKind.equals("static")) {
            assertThat(fast.headers()).contains(Map.entry("X-From", "request template"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "{\"statusCode\": 202}",
                "{'statusCode': 204}",
                "{\"ok\": true}",
                "not json",
                "{\"statusCode\": 2.5}"
            })
    void aStaticRequestTemplatesStatusIsTheOneARenderedTemplateGives(String requestTemplate) {
        // the status of a static template is read once, when the method is compiled
        InvokeResponse fast = invoke(requestTemplate, BODY);
        InvokeResponse full = invoke(dynamic(requestTemplate), BODY);

        assertThat(fast.status()).isEqualTo(full.status());
        assertThat(new String(fast.body(), StandardCharsets.UTF_8))
                .isEqualTo(new String(full.body(), StandardCharsets.UTF_8));
        assertThat(fast.status()).isEqualTo(requestTemplate.contains("statusCode\": 2.5") ? 500 : full.status());
    }

    private static String dynamic(String template) {
        return template + "#**#";
    }

    private static InvokeResponse invoke(String requestTemplate, String responseTemplate) {
        Integration mock = new Integration(
                "MOCK",
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of("application/json", requestTemplate),
                "WHEN_NO_MATCH",
                null,
                29000,
                null,
                List.of(),
                Map.of(
                        "200",
                        new IntegrationResponse(
                                "200",
                                null,
                                Map.of("method.response.header.X-Static", "'yes'"),
                                responseTemplate == null ? null : Map.of("application/json", responseTemplate),
                                null)),
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
        Resource item = new Resource("item", "root", "item", "/item", Map.of("GET", get));
        RestApi api = new RestApi(
                "staticapi1", "static", null, 0L, null, null, null, null, "HEADER", null, null, null, false, "root");
        Stage stage = new Stage(
                "d1", null, "prod", null, false, null, null, Map.of(), Map.of(), null, null, null, false, null, null,
                0L, 0L);
        StageSnapshot snapshot = new SnapshotCompiler(
                        new GatewayConfig("us-east-1", "123456789012", "localhost"),
                        new RestPipeline(integrations.phases()))
                .compileStage(
                        api, stage, new DeploymentContent(api, List.of(root, item), List.of(), List.of(), List.of()));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Accept", "application/json"));
        InvokeRequest request = new InvokeRequest(
                "GET",
                "/item",
                "",
                headers,
                new byte[0],
                "127.0.0.1",
                "HTTP/1.1",
                "staticapi1.execute-api.localhost",
                "/prod/item");
        Exchange ex = new Exchange(
                request, snapshot, "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "R1knPH17NjMFftw=", 1_700_000_000_000L, 0L);
        return PipelineRunner.run(ex, loop).toCompletableFuture().join();
    }
}
