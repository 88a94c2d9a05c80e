package io.turnpike.dataplane.pipeline;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.turnpike.dataplane.gatewayresponse.GatewayResponses;
import io.turnpike.dataplane.routing.RouteTable;
import io.turnpike.dataplane.snapshot.MethodPlan;
import io.turnpike.dataplane.snapshot.ResourcePlan;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request through its method's steps. The runner alone decides what happens after each step
 * (see {@link StepOutcome}); asynchronous steps resume on the request's event loop, so every step of a
 * request runs on the same thread. Any failure ends as a gateway response; an unexpected exception is
 * logged once, with the request id, and answered as AWS answers an internal error.
 */
public final class PipelineRunner {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    private PipelineRunner() {}

    /** Routes the request and runs the matched method's steps; completes on {@code loop}. */
    public static CompletionStage<InvokeResponse> run(Exchange ex, EventLoop loop) {
        RouteTable.Match<ResourcePlan> match =
                ex.stage().routes().match(ex.request().resourcePath());
        MethodPlan method =
                match == null ? null : match.value().forVerb(ex.request().method());
        if (method == null) {
            ex.runOn(loop);
            return CompletableFuture.completedFuture(render(ex, GatewayError.missingAuthenticationToken()));
        }
        return run(ex, method, match.pathParams(), loop);
    }

    /**
     * Runs the steps of a method the caller has chosen instead of routing to one: TestInvokeMethod names
     * its resource and verb. Must be called on {@code loop}; completes on {@code loop}.
     */
    public static CompletionStage<InvokeResponse> run(
            Exchange ex, MethodPlan method, Map<String, String> pathParams, EventLoop loop) {
        ex.runOn(loop);
        CompletableFuture<InvokeResponse> done = new CompletableFuture<>();
        ex.routed(method, pathParams);
        continueFrom(ex, method.steps(), 0, loop, done);
        return done;
    }

    private static void continueFrom(
            Exchange ex, List<Step> steps, int index, EventExecutor loop, CompletableFuture<InvokeResponse> done) {
        for (int i = index; i < steps.size(); i++) {
            StepOutcome outcome;
            try {
                outcome = steps.get(i).apply(ex);
            } catch (RuntimeException e) {
                done.complete(internalError(ex, e));
                return;
            }
            if (!handle(ex, outcome, steps, i, loop, done)) {
                return;
            }
        }
        done.complete(internalError(ex, new IllegalStateException("no step answered the request")));
    }

    /** Returns true to go on with the next step. */
    private static boolean handle(
            Exchange ex,
            StepOutcome outcome,
            List<Step> steps,
            int i,
            EventExecutor loop,
            CompletableFuture<InvokeResponse> done) {
        if (outcome instanceof StepOutcome.Next) {
            return true;
        }
        if (outcome instanceof StepOutcome.Respond r) {
            done.complete(r.response());
        } else if (outcome instanceof StepOutcome.Fail f) {
            done.complete(render(ex, f.error()));
        } else if (outcome instanceof StepOutcome.Await a) {
            a.pending().whenComplete((next, failure) -> {
                Runnable resume = () -> {
                    if (failure != null) {
                        done.complete(internalError(ex, failure));
                    } else if (handle(ex, next, steps, i, loop, done)) {
                        continueFrom(ex, steps, i + 1, loop, done);
                    }
                };
                if (loop.inEventLoop()) {
                    resume.run();
                } else {
                    loop.execute(resume);
                }
            });
        }
        return false;
    }

    private static InvokeResponse internalError(Exchange ex, Throwable e) {
        LOG.atError()
                .addKeyValue("requestId", ex.requestId())
                .addKeyValue("apiId", ex.stage().apiId())
                .addKeyValue("stage", ex.stage().stageName())
                .setCause(e)
                .log("unexpected failure in the request pipeline");
        return render(ex, GatewayError.configuration());
    }

    /** Renders a gateway error with the stage's gateway responses. */
    public static InvokeResponse render(Exchange ex, GatewayError error) {
        Map<String, Object> context = ContextVariables.withError(ex, error);
        GatewayResponses.Rendered r = ex.stage()
                .gatewayResponses()
                .render(error.type(), error.errorType(), ex.header("Accept"), new GatewayResponses.Source() {
                    @Override
                    public Object context(String path) {
                        Object node = context;
                        for (String part : path.split("\\.")) {
                            if (!(node instanceof Map<?, ?> m)) {
                                return null;
                            }
                            node = m.get(part);
                        }
                        return node;
                    }

                    @Override
                    public String stageVariable(String name) {
                        return ex.stage().variables().get(name);
                    }

                    @Override
                    public String methodRequest(String kind, String name) {
                        return switch (kind) {
                            case "header" -> ex.header(name);
                            case "multivalueheader" -> {
                                List<String> v = ex.headers().get(name);
                                yield v == null ? null : String.join(",", v);
                            }
                            case "path" -> ex.pathParams().get(name);
                            case "querystring" -> {
                                List<String> v = ex.query().get(name);
                                yield v == null || v.isEmpty() ? null : v.get(v.size() - 1);
                            }
                            default -> null;
                        };
                    }
                });
        return new InvokeResponse(r.status(), r.headers(), r.body());
    }

    /** True for gateway-generated answers (they carry no trace id). */
    public static boolean isGatewayError(InvokeResponse r) {
        return r.header("x-amzn-ErrorType") != null;
    }
}
