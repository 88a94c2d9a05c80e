package io.turnpike.dataplane.integration.aws;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.dataplane.integration.Integrations;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.InvokeRequest;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import io.turnpike.dataplane.pipeline.PipelineRunner;
import io.turnpike.dataplane.pipeline.RestPipeline;
import io.turnpike.dataplane.pipeline.Step;
import io.turnpike.dataplane.snapshot.GatewayConfig;
import io.turnpike.dataplane.snapshot.SnapshotCompiler;
import io.turnpike.dataplane.snapshot.StageSnapshot;
import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.model.rest.GatewayResponse;
import io.turnpike.model.rest.Integration;
import io.turnpike.model.rest.IntegrationResponse;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.Resource;
import io.turnpike.model.rest.RestApi;
import io.turnpike.model.rest.Stage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One stage ({@code prod} of API {@code abc1234567}) with the data plane's real integration phases,
 * run without sockets: requests go through {@link PipelineRunner} on a real event loop, so steps hop
 * threads exactly as they do when serving. An optional first phase stands in for the access-control
 * steps (it may set {@code RequestIdentity} keys).
 */
final class AwsFixture implements AutoCloseable {

    static final String API = "abc1234567";
    static final String ACCOUNT = "123456789012";
    static final long EPOCH = 1_428_582_896_000L; // 09/Apr/2015:12:34:56 +0000

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Integrations integrations;
    private final StageSnapshot stage;

    AwsFixture(FunctionInvoker functions, AwsServices services, Builder b) {
        integrations = new Integrations(group, NioSocketChannel.class, functions, services);
        List<RestPipeline.Phase> phases = new ArrayList<>();
        if (b.first != null) {
            phases.add(new RestPipeline.Phase("access control (test)", m -> b.first));
        }
        phases.addAll(integrations.phases());
        SnapshotCompiler compiler =
                new SnapshotCompiler(new GatewayConfig("us-east-1", ACCOUNT, "localhost"), new RestPipeline(phases));
        RestApi api = new RestApi(
                API, "aws", null, 0L, null, null, b.binaryMediaTypes, null, null, null, null, null, false, "root");
        Stage s = new Stage(
                "dep123",
                null,
                "prod",
                null,
                false,
                null,
                null,
                null,
                b.variables,
                null,
                null,
                null,
                false,
                null,
                null,
                0L,
                0L);
        stage = compiler.compileStage(
                api, s, new DeploymentContent(api, b.resources(), null, null, b.gatewayResponses));
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private final Map<String, Map<String, Method>> methods = new LinkedHashMap<>();
        private List<String> binaryMediaTypes;
        private Map<String, String> variables;
        private List<GatewayResponse> gatewayResponses;
        private Step first;

        /** A method at {@code path} (each segment its own resource, ids "r" + path). */
        Builder method(String path, String verb, Integration integration) {
            methods.computeIfAbsent(path, p -> new LinkedHashMap<>())
                    .put(verb, new Method(verb, "NONE", null, false, null, null, null, null, null, integration, null));
            return this;
        }

        Builder binaryMediaTypes(String... types) {
            binaryMediaTypes = List.of(types);
            return this;
        }

        Builder variables(Map<String, String> v) {
            variables = v;
            return this;
        }

        Builder gatewayResponses(GatewayResponse... g) {
            gatewayResponses = List.of(g);
            return this;
        }

        Builder first(Step s) {
            first = s;
            return this;
        }

        List<Resource> resources() {
            Map<String, Resource> out = new LinkedHashMap<>();
            out.put("/", new Resource("root", null, null, "/", methods.getOrDefault("/", Map.of())));
            for (String path : methods.keySet()) {
                String parent = "root";
                String sofar = "";
                for (String part : path.substring(1).split("/")) {
                    if (part.isEmpty()) {
                        continue;
                    }
                    sofar = sofar + "/" + part;
                    String id = "r" + Integer.toHexString(sofar.hashCode());
                    if (!out.containsKey(sofar)) {
                        out.put(
                                sofar,
                                new Resource(
                                        id, parent, part, sofar, sofar.equals(path) ? methods.get(path) : Map.of()));
                    } else if (sofar.equals(path)) {
                        Resource r = out.get(sofar);
                        out.put(sofar, new Resource(r.id(), r.parentId(), r.pathPart(), r.path(), methods.get(path)));
                    }
                    parent = id;
                }
            }
            return List.copyOf(out.values());
        }
    }

    /** A Lambda integration URI for {@code function}. */
    static String lambdaUri(String function) {
        return "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + function + "/invocations";
    }

    static Integration proxy(String uri) {
        return integration("AWS_PROXY", "POST", uri, null, null, null, null);
    }

    static Integration integration(
            String type,
            String httpMethod,
            String uri,
            Map<String, String> requestParameters,
            Map<String, String> requestTemplates,
            Map<String, IntegrationResponse> responses,
            Integer timeoutInMillis) {
        return new Integration(
                type,
                httpMethod,
                uri,
                null,
                null,
                null,
                requestParameters,
                requestTemplates,
                null,
                null,
                timeoutInMillis,
                null,
                null,
                responses,
                null,
                null,
                null);
    }

    /** Sends a request through the pipeline; waits for its answer. */
    InvokeResponse send(String method, String pathAndQuery, byte[] body, String... headerPairs) throws Exception {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Host", API + ".execute-api.localhost:8080"));
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(Map.entry(headerPairs[i], headerPairs[i + 1]));
        }
        InvokeRequest request = new InvokeRequest(
                method,
                path,
                query,
                headers,
                body,
                "203.0.113.5",
                "HTTP/1.1",
                API + ".execute-api.localhost",
                "/prod" + path);
        Exchange ex = new Exchange(
                request, stage, UUID.randomUUID().toString(), "R1knPH17NjMFftw=", EPOCH, System.nanoTime());
        EventLoop loop = group.next();
        return loop.submit(() -> PipelineRunner.run(ex, loop))
                .get(10, TimeUnit.SECONDS)
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    InvokeResponse send(String method, String pathAndQuery, String body, String... headerPairs) throws Exception {
        return send(
                method, pathAndQuery, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), headerPairs);
    }

    static String text(InvokeResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        integrations.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
