package io.turnpike.dataplane.testinvoke;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.turnpike.dataplane.authorizer.AuthorizePhase;
import io.turnpike.dataplane.pipeline.ContextVariables;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.ExecutionLog;
import io.turnpike.dataplane.pipeline.InvokeRequest;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import io.turnpike.dataplane.pipeline.PipelineRunner;
import io.turnpike.dataplane.routing.RouteTable;
import io.turnpike.dataplane.snapshot.GatewayConfig;
import io.turnpike.dataplane.snapshot.MethodPlan;
import io.turnpike.dataplane.snapshot.ResourcePlan;
import io.turnpike.dataplane.snapshot.SnapshotCompiler;
import io.turnpike.dataplane.snapshot.StageSnapshot;
import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.model.rest.Resource;
import io.turnpike.model.rest.RestApi;
import io.turnpike.model.rest.Stage;
import io.turnpike.store.Kinds;
import io.turnpike.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs TestInvokeMethod: one request through one method of an API as it is defined now, deployed or
 * not, on the data plane's own pipeline.
 *
 * <p>The API's current definition (the API, the method's resource, models, request validators and
 * gateway responses) is read from the store in one transaction and compiled exactly as a deployment is,
 * by {@link SnapshotCompiler#compileStage}, into a stage named {@value #STAGE} (the name AWS gives
 * every test invocation) carrying the given stage variables. The request then goes straight to the
 * named method, not through routing: AWS tests the resource and verb the caller names, and takes path
 * parameters from {@code pathWithQueryString} where it fits the resource's path. Authorization does not
 * run, as in AWS.
 *
 * <p>The request runs on one of the data plane's event loops (HTTP integrations do their I/O there);
 * {@link #invoke} blocks the calling thread, which must not be an event loop, until it completes.
 * {@code $context} carries what AWS gives test invocations: a fresh request id, the {@code
 * test-invoke-*} identity values, {@code testPrefix.testDomainName}, and the account as caller.
 */
public final class TestInvoker {

    /** The stage name AWS gives every test invocation ({@code $context.stage}). */
    public static final String STAGE = "test-invoke-stage";

    /** How long {@link #invoke} waits: above the longest integration timeout (29 s). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    static final String SOURCE_IP = "test-invoke-source-ip";
    static final String DOMAIN_NAME = "testPrefix.testDomainName";

    private final Store store;
    private final SnapshotCompiler compiler;
    private final GatewayConfig config;
    private final EventLoopGroup loops;
    private final Clock clock;
    private final Duration timeout;

    public TestInvoker(
            Store store,
            SnapshotCompiler compiler,
            GatewayConfig config,
            EventLoopGroup loops,
            Clock clock,
            Duration timeout) {
        this.store = Objects.requireNonNull(store, "store");
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        this.config = Objects.requireNonNull(config, "config");
        this.loops = Objects.requireNonNull(loops, "loops");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Runs the test invocation and waits for it.
     *
     * @return the result, or empty when the API, the resource or the method does not exist
     * @throws IllegalStateException when the invocation does not finish within the timeout
     */
    public Optional<TestInvokeResult> invoke(TestInvokeRequest request) {
        DeploymentContent content = store.read(tx -> {
            RestApi api =
                    tx.get(Kinds.REST_API, Store.GLOBAL, request.restApiId()).orElse(null);
            Resource resource = api == null
                    ? null
                    : tx.get(Kinds.RESOURCE, api.id(), request.resourceId()).orElse(null);
            if (resource == null
                    || resource.resourceMethods() == null
                    || !resource.resourceMethods().containsKey(request.httpMethod())) {
                return null;
            }
            // only the tested resource: its methods are all that compile, and all that can run
            return new DeploymentContent(
                    api,
                    List.of(resource),
                    tx.list(Kinds.MODEL, api.id()),
                    tx.list(Kinds.REQUEST_VALIDATOR, api.id()),
                    tx.list(Kinds.GATEWAY_RESPONSE, api.id()),
                    tx.list(Kinds.AUTHORIZER, api.id()));
        });
        if (content == null) {
            return Optional.empty();
        }
        Resource resource = content.resources().get(0);
        StageSnapshot stage = compiler.compileStage(content.restApi(), stage(request), content);
        RouteTable.Match<ResourcePlan> own = stage.routes().match(resource.path());
        MethodPlan method = own == null ? null : own.value().methods().get(request.httpMethod());
        if (method == null) {
            throw new IllegalStateException("method " + request.httpMethod() + " of resource " + resource.id()
                    + " did not compile into the test stage");
        }
        return Optional.of(await(run(request, stage, method)));
    }

    private CompletableFuture<TestInvokeResult> run(TestInvokeRequest request, StageSnapshot stage, MethodPlan method) {
        String pathAndQuery = request.pathWithQueryString() == null ? "" : request.pathWithQueryString();
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String rawQuery = q < 0 ? "" : pathAndQuery.substring(q + 1);
        Map<String, String> pathParams;
        if (path.isEmpty()) {
            path = method.resource().path();
            pathParams = Map.of();
        } else {
            if (!path.startsWith("/")) {
                path = "/" + path;
            }
            RouteTable.Match<ResourcePlan> fits = stage.routes().match(path);
            pathParams = fits == null ? Map.of() : fits.pathParams();
        }

        String resourcePath = path;
        InvokeRequest invoke = new InvokeRequest(
                request.httpMethod(),
                path,
                rawQuery,
                headers(request),
                request.body() == null ? new byte[0] : request.body().getBytes(StandardCharsets.UTF_8),
                SOURCE_IP,
                "HTTP/1.1",
                DOMAIN_NAME,
                path);
        String requestId = UUID.randomUUID().toString();
        long start = System.nanoTime();
        Exchange ex = new Exchange(invoke, stage, requestId, extendedRequestId(), clock.millis(), start);
        ex.set(ContextVariables.IDENTITY, identity());
        ex.set(AuthorizePhase.SKIP, true);
        ExecutionLog log = new ExecutionLog(clock).attachTo(ex);

        CompletableFuture<TestInvokeResult> result = new CompletableFuture<>();
        EventLoop loop = loops.next();
        loop.execute(() -> {
            try {
                log.add("Starting execution for request: " + requestId);
                log.add("HTTP Method: " + invoke.method() + ", Resource Path: " + resourcePath);
                log.add("Method request path: " + ExecutionLog.pairs(pathParams.entrySet()));
                log.add("Method request query string: "
                        + ExecutionLog.pairs(ex.query().entrySet()));
                log.add("Method request headers: " + ExecutionLog.pairs(invoke.headers()));
                log.add("Method request body before transformations: " + ExecutionLog.value(ex.bodyText()));
                PipelineRunner.run(ex, method, pathParams, loop).whenComplete((response, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(finish(log, requestId, response, start));
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Ends the log as AWS ends it and shapes the answer. Runs on the request's event loop. */
    private static TestInvokeResult finish(ExecutionLog log, String requestId, InvokeResponse r, long start) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        if (!PipelineRunner.isGatewayError(r)) {
            log.add("Method response body after transformations: " + ExecutionLog.value(body));
            log.add("Method response headers: " + ExecutionLog.pairs(r.headers()));
            log.add("Successfully completed execution");
        }
        log.add("Method completed with status: " + r.status());
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, List<String>> multi = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : r.headers()) {
            single.put(h.getKey(), h.getValue());
            multi.computeIfAbsent(h.getKey(), k -> new ArrayList<>(1)).add(h.getValue());
        }
        long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new TestInvokeResult(r.status(), body, single, multi, log.text(requestId), latency);
    }

    private TestInvokeResult await(CompletableFuture<TestInvokeResult> result) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("test invocation did not finish within " + timeout, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("test invocation failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a test invocation", e);
        }
    }

    /** The synthetic stage: AWS's test stage name, the given variables, no deployment. */
    private static Stage stage(TestInvokeRequest request) {
        Map<String, String> variables =
                request.stageVariables() == null || request.stageVariables().isEmpty()
                        ? null
                        : Map.copyOf(request.stageVariables());
        return new Stage(
                null,
                request.clientCertificateId(),
                STAGE,
                null,
                null,
                null,
                null,
                null,
                variables,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** {@code multiValueHeaders} first, then each single-valued header not already given there. */
    private static List<Map.Entry<String, String>> headers(TestInvokeRequest request) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (request.multiValueHeaders() != null) {
            request.multiValueHeaders().forEach((name, values) -> {
                if (values != null) {
                    values.forEach(v -> out.add(Map.entry(name, v == null ? "" : v)));
                }
            });
        }
        if (request.headers() != null) {
            request.headers().forEach((name, value) -> {
                boolean given = request.multiValueHeaders() != null
                        && request.multiValueHeaders().keySet().stream().anyMatch(name::equalsIgnoreCase);
                if (!given) {
                    out.add(Map.entry(name, value == null ? "" : value));
                }
            });
        }
        return out;
    }

    /** The caller's identity as AWS fills it for a test invocation made with the account's credentials. */
    private Map<String, Object> identity() {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("apiKey", "test-invoke-api-key");
        identity.put("apiKeyId", "test-invoke-api-key-id");
        identity.put("accountId", config.accountId());
        identity.put("caller", config.accountId());
        identity.put("user", config.accountId());
        identity.put("userArn", "arn:aws:iam::" + config.accountId() + ":root");
        return identity;
    }

    /** {@code $context.extendedRequestId}: 16 base64 characters ending in {@code =}, as on the data plane. */
    private static String extendedRequestId() {
        byte[] b = new byte[11];
        ThreadLocalRandom.current().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
