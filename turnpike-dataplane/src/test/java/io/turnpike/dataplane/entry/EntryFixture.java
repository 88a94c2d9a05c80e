package io.turnpike.dataplane.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.ServerChannel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import io.turnpike.dataplane.pipeline.RestPipeline;
import io.turnpike.dataplane.pipeline.StepOutcome;
import io.turnpike.dataplane.snapshot.GatewayConfig;
import io.turnpike.dataplane.snapshot.GatewaySnapshot;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One deployed stage, {@code abc1234567/prod}, whose only method ({@code ANY /{proxy+}}) is a test
 * step: it answers at once with a JSON echo of what it received, except under {@code /slow}, where it
 * waits for the test to {@link #complete} it — an integration that takes as long as the test wants.
 */
final class EntryFixture {

    static final String API = "abc1234567";
    static final String HOST = API + ".execute-api.localhost";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);
    static final DataPlaneServer.Timeouts TIMEOUTS = DataPlaneServer.Timeouts.DEFAULT;

    /** Requests under {@code /slow} waiting for an answer, oldest first. */
    final Deque<Pending> waiting = new ArrayDeque<>();

    record Pending(String path, CompletableFuture<StepOutcome> outcome) {}

    final GatewaySnapshot snapshot;

    EntryFixture() {
        RestPipeline pipeline = new RestPipeline(List.of(new RestPipeline.Phase("test", m -> ex -> {
            String path = ex.request().resourcePath();
            if (path.startsWith("/slow")) {
                CompletableFuture<StepOutcome> f = new CompletableFuture<>();
                waiting.add(new Pending(path, f));
                return new StepOutcome.Await(f);
            }
            return StepOutcome.respond(echo(ex.request()));
        })));
        SnapshotCompiler compiler =
                new SnapshotCompiler(new GatewayConfig("us-east-1", "123456789012", "localhost"), pipeline);
        Method any = new Method("ANY", "NONE", null, false, null, null, null, null, null, null, null);
        List<Resource> resources = List.of(
                new Resource("root", null, null, "/", null),
                new Resource("proxy", "root", "{proxy+}", "/{proxy+}", Map.of("ANY", any)));
        RestApi api =
                new RestApi(API, "entry", null, 0L, null, null, null, null, null, null, null, null, false, "root");
        Stage stage = new Stage(
                "d1", null, "prod", null, false, null, null, null, null, null, null, null, false, null, null, 0L, 0L);
        StageSnapshot prod = compiler.compileStage(api, stage, new DeploymentContent(api, resources, null, null, null));
        snapshot = new GatewaySnapshot(1, Map.of(API, Map.of("prod", prod)));
    }

    /** A server connection, as the data-plane server builds it, on an embedded channel. */
    EmbeddedChannel connection() {
        return connection(TIMEOUTS);
    }

    EmbeddedChannel connection(DataPlaneServer.Timeouts timeouts) {
        EmbeddedChannel ch = new EmbeddedChannel(
                new Listener(),
                DefaultChannelId.newInstance(),
                true,
                false,
                new ConnectionInitializer(() -> snapshot, CLOCK, timeouts));
        ch.freezeTime();
        return ch;
    }

    /**
     * The parent of an accepted connection. Netty's HTTP/2 multiplexer tells server from client by it:
     * on a server, stream 1 of an upgraded connection is the client's upgrade request.
     */
    private static final class Listener extends EmbeddedChannel implements ServerChannel {}

    /** Answers the oldest waiting {@code /slow} request with 200 and {@code body}. */
    void complete(String body) {
        Pending p = waiting.removeFirst();
        p.outcome().complete(StepOutcome.respond(InvokeResponse.json(200, body.getBytes(StandardCharsets.UTF_8))));
    }

    private static InvokeResponse echo(io.turnpike.dataplane.pipeline.InvokeRequest r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("method", r.method());
        o.put("path", r.resourcePath());
        o.put("protocol", r.protocol());
        o.put("bodyLength", r.body().length);
        ObjectNode h = o.putObject("headers");
        for (Map.Entry<String, String> e : r.headers()) {
            h.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue());
        }
        try {
            return InvokeResponse.json(200, JSON.writeValueAsBytes(o));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(FullHttpResponse r) throws Exception {
        return JSON.readTree(body(r));
    }

    static String body(FullHttpResponse r) {
        return r.content().toString(StandardCharsets.UTF_8);
    }

    static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    /** Decodes what a server channel wrote as HTTP/1.1 responses; the caller releases them. */
    static List<FullHttpResponse> responses(EmbeddedChannel server) {
        EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 24));
        for (Object o; (o = server.readOutbound()) != null; ) {
            client.writeInbound(o);
        }
        List<FullHttpResponse> out = new ArrayList<>();
        for (Object o; (o = client.readInbound()) != null; ) {
            out.add((FullHttpResponse) o);
        }
        client.finishAndReleaseAll();
        return out;
    }

    static void advance(EmbeddedChannel ch, Duration d) {
        ch.advanceTimeBy(d.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        ch.runPendingTasks();
    }
}
