package io.turnpike.dataplane.authorizer;

import static io.turnpike.dataplane.authorizer.AuthFixture.method;
import static io.turnpike.dataplane.authorizer.AuthFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.turnpike.dataplane.pipeline.ContextVariables;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.InvokeRequest;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import io.turnpike.dataplane.pipeline.PipelineRunner;
import io.turnpike.dataplane.pipeline.RequestIdentity;
import io.turnpike.dataplane.pipeline.RestPipeline;
import io.turnpike.dataplane.pipeline.StepOutcome;
import io.turnpike.dataplane.snapshot.GatewayConfig;
import io.turnpike.dataplane.snapshot.MethodPlan;
import io.turnpike.dataplane.snapshot.SnapshotCompiler;
import io.turnpike.dataplane.snapshot.StageSnapshot;
import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.Resource;
import io.turnpike.model.rest.RestApi;
import io.turnpike.model.rest.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the authorize step leaves for later steps, seen by a step after it without sockets: {@link
 * RequestIdentity#AUTHORIZER} (principal, typed context, usageIdentifierKey) and {@code
 * $context.authorizer}; and that TestInvokeMethod's exchanges skip authorization.
 */
class RequestIdentityTest {

    private final TestFunctions functions = new TestFunctions();
    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void close() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        functions.close();
    }

    private record Seen(RequestIdentity.Authorized identity, Map<String, Object> authorizerContext) {}

    private InvokeResponse run(String tokenValue, boolean skip, AtomicReference<Seen> seen) throws Exception {
        GatewayConfig config = new GatewayConfig("us-east-1", "123456789012", "localhost");
        AuthorizePhase authorize = new AuthorizePhase(
                config,
                functions,
                new AuthorizerSettings(null, null, null, Duration.ofSeconds(2), Duration.ofSeconds(10)),
                () -> 0L,
                Clock.systemUTC());
        RestPipeline pipeline =
                new RestPipeline(List.of(authorize.phase(), new RestPipeline.Phase("capture", m -> ex -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> a =
                            (Map<String, Object>) ContextVariables.of(ex).get("authorizer");
                    seen.set(new Seen(ex.get(RequestIdentity.AUTHORIZER), a));
                    return StepOutcome.respond(InvokeResponse.json(200, "{}".getBytes(StandardCharsets.UTF_8)));
                })));
        Method m = method("CUSTOM", "tok001", null);
        Resource root = new Resource("r0", null, null, "/", Map.of("GET", m));
        RestApi api =
                new RestApi("api0000001", "a", null, 0L, null, null, null, null, null, null, null, null, false, "r0");
        Stage stage = new Stage(
                "d1", null, "prod", null, false, null, null, null, null, null, null, null, false, null, null, 0L, 0L);
        StageSnapshot snapshot = new SnapshotCompiler(config, pipeline)
                .compileStage(
                        api,
                        stage,
                        new DeploymentContent(
                                api,
                                List.of(root),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(token("tok001", 0, null))));
        MethodPlan plan = snapshot.routes().match("/").value().forVerb("GET");
        InvokeRequest request = new InvokeRequest(
                "GET",
                "/",
                "",
                List.of(Map.entry("Authorization", tokenValue)),
                new byte[0],
                "127.0.0.1",
                "HTTP/1.1",
                "localhost",
                "/prod/");
        Exchange ex = new Exchange(request, snapshot, "req-1", "ext-1", 0L, System.nanoTime());
        if (skip) {
            ex.set(AuthorizePhase.SKIP, true);
        }
        return loop.submit(() -> PipelineRunner.run(ex, plan, Map.of(), loop))
                .get(10, TimeUnit.SECONDS)
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void lambdaAuthorizerOutputReachesLaterSteps() throws Exception {
        AtomicReference<Seen> seen = new AtomicReference<>();
        assertThat(run("allow", false, seen).status()).isEqualTo(200);
        RequestIdentity.Authorized a = seen.get().identity();
        assertThat(a.principalId()).isEqualTo("user-allow");
        assertThat(a.usageIdentifierKey()).isEqualTo("usage-key-0123456789");
        assertThat(a.context()).containsEntry("stringKey", "value").containsEntry("booleanKey", true);
        assertThat(((Number) a.context().get("numberKey")).intValue()).isEqualTo(1);
        assertThat(a.claims()).isEmpty();
        assertThat(seen.get().authorizerContext())
                .containsEntry("principalId", "user-allow")
                .containsEntry("numberKey", "1")
                .containsEntry("booleanKey", "true")
                .containsEntry("stringKey", "value");
    }

    @Test
    void testInvocationsSkipAuthorization() throws Exception {
        AtomicReference<Seen> seen = new AtomicReference<>();
        assertThat(run("deny", true, seen).status()).isEqualTo(200);
        assertThat(seen.get().identity()).isNull();
        assertThat(functions.calls()).isZero();
    }

    @Test
    void deniedRequestsNeverReachLaterSteps() throws Exception {
        AtomicReference<Seen> seen = new AtomicReference<>();
        InvokeResponse r = run("deny", false, seen);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("AccessDeniedException");
        assertThat(seen.get()).isNull();
    }
}
