package io.turnpike.dataplane.usageplan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.dataplane.pipeline.ContextVariables;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.InvokeRequest;
import io.turnpike.dataplane.pipeline.MethodCompilation;
import io.turnpike.dataplane.pipeline.RequestIdentity;
import io.turnpike.dataplane.pipeline.RestPipeline;
import io.turnpike.dataplane.pipeline.Step;
import io.turnpike.dataplane.pipeline.StepOutcome;
import io.turnpike.dataplane.snapshot.GatewayConfig;
import io.turnpike.dataplane.snapshot.SnapshotCompiler;
import io.turnpike.dataplane.snapshot.StageSnapshot;
import io.turnpike.dataplane.throttle.Buckets;
import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.model.rest.GatewayResponseType;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.Resource;
import io.turnpike.model.rest.RestApi;
import io.turnpike.model.rest.Stage;
import io.turnpike.model.usage.ApiKey;
import io.turnpike.model.usage.ApiStage;
import io.turnpike.model.usage.UsagePlan;
import io.turnpike.model.usage.UsagePlanKeyLink;
import io.turnpike.store.Kinds;
import io.turnpike.store.Store;
import io.turnpike.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API key step without sockets: the AUTHORIZER key source, and what it leaves for later steps. */
class ApiKeyStepTest {

    static final String VALUE = "authorizerKeyValue0123456789abcdefghijkl";

    @TempDir
    Path dir;

    Store store;
    UsagePlans plans;

    final RestApi api = new RestApi(
            "abc1234567", "a", null, 0L, null, null, null, null, "AUTHORIZER", null, null, null, false, "root");
    final Resource resource = new Resource("pets", "root", "pets", "/pets", Map.of());
    final Method method = new Method("GET", "CUSTOM", "auth01", true, null, null, null, null, null, null, null);
    StageSnapshot stage;

    @BeforeEach
    void setUp() {
        store = SqliteStore.open(dir, new ObjectMapper());
        store.write(tx -> {
            tx.put(
                    Kinds.API_KEY,
                    Store.GLOBAL,
                    "key0000001",
                    new ApiKey("key0000001", VALUE, "k", null, null, true, 0L, 0L, List.of(), null));
            tx.put(
                    Kinds.USAGE_PLAN,
                    Store.GLOBAL,
                    "plan01",
                    new UsagePlan(
                            "plan01",
                            "p",
                            null,
                            List.of(new ApiStage(api.id(), "prod", null)),
                            null,
                            null,
                            null,
                            null));
            tx.put(Kinds.USAGE_PLAN_KEY, "plan01", "key0000001", new UsagePlanKeyLink("key0000001", 0L, 0L));
            return null;
        });
        plans = new UsagePlans(store, new Buckets(() -> 0L), () -> 19_844L);
        plans.refresh();
        Stage s = new Stage(
                "d1", null, "prod", null, false, null, null, null, null, null, null, null, false, null, null, 0L, 0L);
        SnapshotCompiler compiler = new SnapshotCompiler(
                new GatewayConfig("us-east-1", "123456789012", "localhost"), new RestPipeline(List.of()));
        stage = compiler.compileStage(api, s, new DeploymentContent(api, List.of(), null, null, null));
    }

    @AfterEach
    void tearDown() {
        plans.close();
        store.close();
    }

    Step step() {
        return plans.phases()
                .get(0)
                .factory()
                .create(new MethodCompilation(api, null, Map.of(), resource, "GET", method, null));
    }

    Exchange exchange(String headerKey) {
        List<Map.Entry<String, String>> headers =
                headerKey == null ? List.of() : List.of(Map.entry("x-api-key", headerKey));
        InvokeRequest r = new InvokeRequest(
                "GET", "/pets", "", headers, new byte[0], "127.0.0.1", "HTTP/1.1", "localhost", "/prod/pets");
        return new Exchange(r, stage, "req", "ext", 1_714_564_800_000L, 0L);
    }

    @Test
    void withAuthorizerSourceTheKeyComesFromUsageIdentifierKey() {
        Exchange ex = exchange(null);
        ex.set(
                RequestIdentity.AUTHORIZER,
                new RequestIdentity.Authorized("user", Map.of(), VALUE, Map.of(), List.of()));
        assertThat(step().apply(ex)).isSameAs(StepOutcome.NEXT);
        assertThat(ex.get(RequestIdentity.API_KEY).id()).isEqualTo("key0000001");
        assertThat(ex.get(RequestIdentity.API_KEY).value()).isEqualTo(VALUE);
        assertThat(ex.get(RequestIdentity.API_KEY).toString()).doesNotContain(VALUE);
    }

    @Test
    void withAuthorizerSourceTheHeaderIsIgnored() {
        StepOutcome out = step().apply(exchange(VALUE));
        assertThat(out).isInstanceOfSatisfying(StepOutcome.Fail.class, f -> {
            assertThat(f.error().type()).isEqualTo(GatewayResponseType.INVALID_API_KEY);
            assertThat(f.error().message()).isEqualTo("Forbidden");
            assertThat(f.error().errorType()).isEqualTo("ForbiddenException");
        });
        Exchange noKey = exchange(null);
        noKey.set(
                RequestIdentity.AUTHORIZER,
                new RequestIdentity.Authorized("user", Map.of(), null, Map.of(), List.of()));
        assertThat(step().apply(noKey)).isInstanceOf(StepOutcome.Fail.class);
    }

    @Test
    void contextIdentityShowsTheKeyWhetherTheContextWasBuiltBeforeTheStepOrAfter() {
        // built before: a REQUEST authorizer reads $context before the key is checked
        Exchange early = exchange(null);
        early.set(
                RequestIdentity.AUTHORIZER,
                new RequestIdentity.Authorized("user", Map.of(), VALUE, Map.of(), List.of()));
        Map<?, ?> identityBefore = (Map<?, ?>) ContextVariables.of(early).get("identity");
        assertThat(identityBefore.get("apiKey")).isNull();
        assertThat(step().apply(early)).isSameAs(StepOutcome.NEXT);
        Map<?, ?> identity = (Map<?, ?>) ContextVariables.of(early).get("identity");
        assertThat(identity.get("apiKey")).isEqualTo(VALUE);
        assertThat(identity.get("apiKeyId")).isEqualTo("key0000001");

        // built after (a cached TOKEN authorizer never asks for it)
        Exchange late = exchange(null);
        late.set(
                RequestIdentity.AUTHORIZER,
                new RequestIdentity.Authorized("user", Map.of(), VALUE, Map.of(), List.of()));
        assertThat(step().apply(late)).isSameAs(StepOutcome.NEXT);
        Map<?, ?> lateIdentity = (Map<?, ?>) ContextVariables.of(late).get("identity");
        assertThat(lateIdentity.get("apiKey")).isEqualTo(VALUE);
        assertThat(lateIdentity.get("apiKeyId")).isEqualTo("key0000001");
    }

    @Test
    void methodsWithoutApiKeyRequiredHaveNoStep() {
        Method open = new Method("GET", "NONE", null, false, null, null, null, null, null, null, null);
        assertThat(plans.phases()
                        .get(0)
                        .factory()
                        .create(new MethodCompilation(api, null, Map.of(), resource, "GET", open, null)))
                .isNull();
    }
}
