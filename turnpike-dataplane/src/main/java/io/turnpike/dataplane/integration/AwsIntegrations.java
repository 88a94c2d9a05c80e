package io.turnpike.dataplane.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.util.concurrent.ScheduledFuture;
import io.turnpike.aws.AwsException;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.aws.lambda.Invocation;
import io.turnpike.aws.lambda.InvocationResult;
import io.turnpike.aws.lambda.InvocationType;
import io.turnpike.aws.sigv4.AwsCredentials;
import io.turnpike.aws.sigv4.SigV4Signer;
import io.turnpike.dataplane.content.ContentHandling;
import io.turnpike.dataplane.integration.aws.AwsServiceCall;
import io.turnpike.dataplane.integration.aws.AwsServices;
import io.turnpike.dataplane.integration.aws.IntegrationUri;
import io.turnpike.dataplane.integration.aws.ProxyEvent;
import io.turnpike.dataplane.integration.aws.ProxyResponse;
import io.turnpike.dataplane.integration.http.UpstreamClient;
import io.turnpike.dataplane.integration.http.UpstreamException;
import io.turnpike.dataplane.integration.http.UpstreamRequest;
import io.turnpike.dataplane.mapping.CompiledTemplate;
import io.turnpike.dataplane.mapping.InvalidJsonBodyException;
import io.turnpike.dataplane.mapping.MappedParameters;
import io.turnpike.dataplane.mapping.ParameterMapping;
import io.turnpike.dataplane.mapping.TemplateEngine;
import io.turnpike.dataplane.pipeline.Attr;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.ExecutionLog;
import io.turnpike.dataplane.pipeline.GatewayError;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import io.turnpike.dataplane.pipeline.MethodCompilation;
import io.turnpike.dataplane.pipeline.PipelineRunner;
import io.turnpike.dataplane.pipeline.Step;
import io.turnpike.dataplane.pipeline.StepOutcome;
import io.turnpike.model.rest.GatewayResponse;
import io.turnpike.model.rest.GatewayResponseType;
import io.turnpike.model.rest.Integration;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code AWS_PROXY} and {@code AWS} integrations' phases: Lambda proxy (payload format 1.0), Lambda
 * non-proxy ("custom") and AWS-service calls. {@link Integrations} hands its phase factories to this
 * class for these two types.
 *
 * <p><b>Threads.</b> A {@link FunctionInvoker} completes on a thread of its own. Nothing here touches the
 * exchange there: the result is handed to the request's event loop first, which is also where the
 * integration timeout fires, so exactly one of "answered" and "timed out" wins and both run on the loop.
 *
 * <p><b>Errors.</b> As AWS answers them (spec data-plane-rest §10, §11, lambda-invoke §1): a function
 * error or a malformed proxy answer is 502 {@code Internal server error}; the integration timeout is
 * 504 {@code Endpoint request timed out}; an Invoke API error is 500 when it is the caller's fault
 * (4xx: function not found, permission, bad payload) and 502 when Lambda failed or throttled (429,
 * 5xx).
 */
public final class AwsIntegrations {

    private static final Logger LOG = LoggerFactory.getLogger(AwsIntegrations.class);
    private static final JsonMapper JSON = new JsonMapper();
    private static final int DEFAULT_TIMEOUT_MS = 29_000;
    private static final MappedParameters NO_PARAMETERS = new MappedParameters(Map.of(), Map.of(), Map.of());

    /** Set by the integration-request phase of Lambda integrations: the call to make. */
    static final Attr<Invocation> INVOCATION = Attr.of("lambdaInvocation");

    /** Set by the call phase of non-proxy Lambda integrations: what selection patterns match. */
    static final Attr<String> SELECTION_SUBJECT = Attr.of("selectionSubject");

    private final TemplateEngine templates;
    private final UpstreamClient upstream;
    private final FunctionInvoker functions;
    private final AwsServices services;

    AwsIntegrations(
            TemplateEngine templates, UpstreamClient upstream, FunctionInvoker functions, AwsServices services) {
        this.templates = templates;
        this.upstream = upstream;
        this.functions = functions;
        this.services = services;
    }

    // ---- integration request ----

    Step request(MethodCompilation m) {
        Integration integration = m.integration();
        boolean proxy = integration.type().equals("AWS_PROXY");
        String uri = Integrations.substituteStageVariables(integration.uri(), m.stageVariables());
        IntegrationUri target;
        try {
            target = IntegrationUri.parse(uri);
        } catch (IllegalArgumentException e) {
            return misconfigured(m, e.getMessage());
        }
        if (target instanceof IntegrationUri.Lambda lambda) {
            if (proxy) {
                if (!"POST".equals(integration.httpMethod())) {
                    // recorded: a Lambda proxy integration whose method is not POST answers 500
                    return misconfigured(m, "httpMethod: " + integration.httpMethod() + " (expected: POST)");
                }
                return proxyRequest(m, lambda);
            }
            return lambdaRequest(m, lambda);
        }
        if (proxy) {
            return misconfigured(m, "AWS_PROXY to " + uri + " (only Lambda functions are served)");
        }
        return serviceRequest(m, target);
    }

    private Step proxyRequest(MethodCompilation m, IntegrationUri.Lambda lambda) {
        ContentHandling content = ContentHandling.of(m.api().binaryMediaTypes());
        return ex -> {
            ex.set(
                    INVOCATION,
                    new Invocation(
                            lambda.function(),
                            lambda.qualifier(),
                            InvocationType.REQUEST_RESPONSE,
                            ProxyEvent.of(ex, content),
                            false,
                            null));
            return StepOutcome.NEXT;
        };
    }

    private Step lambdaRequest(MethodCompilation m, IntegrationUri.Lambda lambda) {
        Integration integration = m.integration();
        ParameterMapping mapping = ParameterMapping.compileRequest(
                integration.requestParameters() == null ? Map.of() : integration.requestParameters());
        Map<String, CompiledTemplate> compiled = compileAll(integration.requestTemplates());
        ContentHandling content = ContentHandling.of(m.api().binaryMediaTypes());
        return ex -> {
            MappedParameters mapped;
            try {
                mapped = mapping.isEmpty() ? NO_PARAMETERS : mapping.apply(Inputs.requestSource(ex));
            } catch (InvalidJsonBodyException e) {
                return StepOutcome.fail(GatewayError.badRequest(
                        GatewayResponseType.BAD_REQUEST_BODY, "Invalid JSON in request body", null));
            }
            Object b = Integrations.requestBody(ex, integration, compiled, content);
            if (b instanceof StepOutcome failed) {
                return failed;
            }
            Integrations.RequestBody body = (Integrations.RequestBody) b;
            Map<String, String> headers = new HashMap<>();
            mapped.headers().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(v.size() - 1)));
            if (body.template() != null) {
                body.template()
                        .requestOverride()
                        .headers()
                        .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
            }
            InvocationType type;
            try {
                String t = headers.get("x-amz-invocation-type");
                type = t == null ? InvocationType.REQUEST_RESPONSE : InvocationType.fromWire(t);
            } catch (IllegalArgumentException e) {
                // Lambda would refuse the header; AWS then answers 500 as for any Invoke API error
                ExecutionLog.add(ex, Integrations.CONFIGURATION_ERROR + e.getMessage());
                return StepOutcome.fail(GatewayError.configuration());
            }
            ex.set(
                    INVOCATION,
                    new Invocation(
                            lambda.function(),
                            lambda.qualifier(),
                            type,
                            body.bytes(),
                            "Tail".equals(headers.get("x-amz-log-type")),
                            headers.get("x-amz-client-context")));
            return StepOutcome.NEXT;
        };
    }

    private Step serviceRequest(MethodCompilation m, IntegrationUri target) {
        Integration integration = m.integration();
        ParameterMapping mapping = ParameterMapping.compileRequest(
                integration.requestParameters() == null ? Map.of() : integration.requestParameters());
        Map<String, CompiledTemplate> compiled = compileAll(integration.requestTemplates());
        ContentHandling content = ContentHandling.of(m.api().binaryMediaTypes());
        Duration timeout = Duration.ofMillis(
                integration.timeoutInMillis() == null ? DEFAULT_TIMEOUT_MS : integration.timeoutInMillis());
        String method =
                integration.httpMethod() == null || integration.httpMethod().equals("ANY")
                        ? null
                        : integration.httpMethod();
        String apiId = m.api().id();
        String userAgent = "AmazonAPIGateway_" + apiId;
        return ex -> {
            MappedParameters mapped;
            try {
                mapped = mapping.isEmpty() ? NO_PARAMETERS : mapping.apply(Inputs.requestSource(ex));
            } catch (InvalidJsonBodyException e) {
                return StepOutcome.fail(GatewayError.badRequest(
                        GatewayResponseType.BAD_REQUEST_BODY, "Invalid JSON in request body", null));
            }
            Object b = Integrations.requestBody(ex, integration, compiled, content);
            if (b instanceof StepOutcome failed) {
                return failed;
            }
            Integrations.RequestBody body = (Integrations.RequestBody) b;
            Map<String, String> pathValues = new HashMap<>(mapped.path());
            Map<String, List<String>> query = new LinkedHashMap<>(mapped.querystring());
            Map<String, List<String>> headers = new LinkedHashMap<>(mapped.headers());
            if (body.template() != null) {
                pathValues.putAll(body.template().requestOverride().path());
                body.template().requestOverride().querystring().forEach((k, v) -> query.put(k, List.of(v)));
                body.template().requestOverride().headers().forEach((k, v) -> {
                    headers.keySet().removeIf(h -> h.equalsIgnoreCase(k));
                    headers.put(k, List.of(v));
                });
            }
            AwsCredentials credentials = services.credentials().orElse(null);
            if (credentials == null) {
                ExecutionLog.add(
                        ex,
                        Integrations.CONFIGURATION_ERROR
                                + "no AWS credentials to sign the call with (set AWS_ACCESS_KEY_ID and"
                                + " AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, before starting Turnpike)");
                return StepOutcome.fail(GatewayError.configuration());
            }
            String verb = method == null ? ex.request().method() : method;
            List<Map.Entry<String, String>> out = new ArrayList<>();
            headers.forEach((name, values) -> values.forEach(v -> out.add(Map.entry(name, v))));
            addDefault(out, "Accept", "application/json");
            addDefault(out, "User-Agent", userAgent);
            String contentType = ex.header("Content-Type");
            if (contentType != null && !verb.equals("GET") && !verb.equals("HEAD") && !verb.equals("OPTIONS")) {
                addDefault(out, "Content-Type", contentType);
            }
            out.add(Map.entry("X-Amzn-Trace-Id", TraceIds.of(ex)));
            AwsServiceCall call;
            try {
                call = AwsServiceCall.build(services, target, pathValues, query);
            } catch (IllegalArgumentException e) {
                ExecutionLog.add(ex, Integrations.CONFIGURATION_ERROR + e.getMessage());
                return StepOutcome.fail(GatewayError.configuration());
            }
            URI uri = call.uri();
            out.removeIf(h -> h.getKey().equalsIgnoreCase("Host"));
            out.add(0, Map.entry("Host", call.hostHeader()));
            out.addAll(SigV4Signer.sign(
                    verb,
                    uri.getRawPath(),
                    uri.getRawQuery() == null ? "" : uri.getRawQuery(),
                    out,
                    body.bytes(),
                    credentials,
                    call.region(),
                    call.signingName(),
                    services.clock().instant()));
            try {
                ex.set(
                        IntegrationState.UPSTREAM_REQUEST,
                        new UpstreamRequest(verb, uri, out, body.bytes(), timeout, false));
            } catch (IllegalArgumentException e) {
                return StepOutcome.fail(GatewayError.configuration());
            }
            return StepOutcome.NEXT;
        };
    }

    // ---- integration call ----

    Step call(MethodCompilation m) {
        Integration integration = m.integration();
        boolean proxy = integration.type().equals("AWS_PROXY");
        IntegrationUri target;
        try {
            target = IntegrationUri.parse(Integrations.substituteStageVariables(integration.uri(), m.stageVariables()));
        } catch (IllegalArgumentException e) {
            return null; // the request phase already answers 500
        }
        if (!(target instanceof IntegrationUri.Lambda)) {
            return proxy ? null : this::serviceCall;
        }
        long timeoutMs = integration.timeoutInMillis() == null ? DEFAULT_TIMEOUT_MS : integration.timeoutInMillis();
        ContentHandling content = ContentHandling.of(m.api().binaryMediaTypes());
        return ex -> {
            Invocation invocation = ex.get(INVOCATION);
            if (ExecutionLog.enabled(ex)) {
                ExecutionLog.add(
                        ex,
                        "Endpoint request body after transformations: "
                                + ExecutionLog.value(new String(invocation.payload(), StandardCharsets.UTF_8)));
                ExecutionLog.add(ex, "Sending request to " + invocationUri(ex, invocation));
            }
            long sent = System.nanoTime();
            CompletableFuture<StepOutcome> outcome = new CompletableFuture<>();
            ScheduledFuture<?> timer = ex.eventLoop()
                    .schedule(
                            () -> {
                                if (outcome.isDone()) {
                                    return;
                                }
                                ExecutionLog.add(ex, "Execution failed due to a timeout error");
                                outcome.complete(StepOutcome.fail(GatewayError.integrationTimeout()));
                            },
                            timeoutMs,
                            TimeUnit.MILLISECONDS);
            CompletableFuture<InvocationResult> pending;
            try {
                pending = functions.invoke(invocation);
            } catch (RuntimeException e) {
                pending = CompletableFuture.failedFuture(e);
            }
            pending.whenComplete((result, failure) -> ex.eventLoop().execute(() -> {
                if (outcome.isDone()) {
                    return; // timed out first
                }
                timer.cancel(false);
                StepOutcome o;
                try {
                    o = failure != null
                            ? invokeFailure(ex, failure)
                            : proxy ? proxyAnswer(ex, result, content, sent) : lambdaAnswer(ex, result, sent);
                } catch (RuntimeException e) {
                    outcome.completeExceptionally(e);
                    return;
                }
                outcome.complete(o);
            }));
            return new StepOutcome.Await(outcome);
        };
    }

    private static String invocationUri(Exchange ex, Invocation invocation) {
        return "https://lambda." + ex.stage().config().region() + ".amazonaws.com/2015-03-31/functions/"
                + invocation.function() + (invocation.qualifier() == null ? "" : ":" + invocation.qualifier())
                + "/invocations";
    }

    private static void logReceived(Exchange ex, InvocationResult result, long sent) {
        if (ExecutionLog.enabled(ex)) {
            ExecutionLog.add(
                    ex,
                    "Received response. Status: " + result.statusCode() + ", Integration latency: "
                            + (System.nanoTime() - sent) / 1_000_000 + " ms");
            ExecutionLog.add(
                    ex,
                    "Endpoint response body before transformations: "
                            + ExecutionLog.value(new String(result.payload(), StandardCharsets.UTF_8)));
        }
    }

    private static StepOutcome proxyAnswer(Exchange ex, InvocationResult result, ContentHandling content, long sent) {
        logReceived(ex, result, sent);
        if (result.failed()) {
            ExecutionLog.add(
                    ex,
                    "Lambda execution failed with status 200 due to customer function error: "
                            + errorMessage(result.payload()));
            return badGateway(ex);
        }
        String accept = ex.header("Accept");
        ProxyResponse.Result r = ProxyResponse.read(
                result.payload(), content.isBinary(accept == null || accept.isBlank() ? "application/json" : accept));
        if (r instanceof ProxyResponse.Malformed malformed) {
            ExecutionLog.add(ex, Integrations.CONFIGURATION_ERROR + "Malformed Lambda proxy response");
            LOG.atDebug()
                    .addKeyValue("requestId", ex.requestId())
                    .addKeyValue("reason", malformed.reason())
                    .log("malformed Lambda proxy response");
            return badGateway(ex);
        }
        InvokeResponse response = ((ProxyResponse.Valid) r).response();
        List<Map.Entry<String, String>> headers = new ArrayList<>(response.headers());
        headers.add(Map.entry("X-Amzn-Trace-Id", TraceIds.of(ex)));
        return StepOutcome.respond(new InvokeResponse(response.status(), headers, response.body()));
    }

    private static StepOutcome lambdaAnswer(Exchange ex, InvocationResult result, long sent) {
        logReceived(ex, result, sent);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", "application/json"));
        headers.add(Map.entry("X-Amz-Executed-Version", result.executedVersion()));
        String subject = "";
        if (result.failed()) {
            headers.add(Map.entry("X-Amz-Function-Error", result.functionError()));
            subject = errorMessage(result.payload());
            ExecutionLog.add(ex, "Lambda execution failed with status 200 due to customer function error: " + subject);
        }
        ex.set(SELECTION_SUBJECT, subject);
        // Lambda answers 200 (202 for Event); the endpoint status AWS selects on is the function's error
        ex.set(IntegrationState.OUTPUT, new IntegrationState.Output(result.statusCode(), headers, result.payload()));
        return StepOutcome.NEXT;
    }

    /** The {@code errorMessage} of a function's error document, or "" when it has none. */
    static String errorMessage(byte[] payload) {
        try {
            JsonNode n = JSON.readTree(payload);
            JsonNode m = n == null ? null : n.get("errorMessage");
            return m == null || m.isNull() ? "" : m.isTextual() ? m.textValue() : m.toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static StepOutcome invokeFailure(Exchange ex, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof AwsException aws) {
            ExecutionLog.add(
                    ex,
                    "Lambda invocation failed with status: " + aws.status() + ". Lambda request id: " + ex.requestId()
                            + " (" + aws.errorType() + ": " + aws.getMessage() + ")");
            if (aws.status() == 429 || aws.status() >= 500) {
                return badGateway(ex);
            }
            ExecutionLog.add(ex, Integrations.CONFIGURATION_ERROR + aws.getMessage());
            return StepOutcome.fail(GatewayError.configuration());
        }
        LOG.atWarn().addKeyValue("requestId", ex.requestId()).setCause(cause).log("Lambda invocation failed");
        ExecutionLog.add(ex, "Lambda invocation failed: " + cause);
        return badGateway(ex);
    }

    /**
     * 502 {@code Internal server error}. AWS has no gateway response type of its own for this answer:
     * it is the {@code DEFAULT_5XX} response (so a customized {@code DEFAULT_5XX} body and headers apply,
     * the usual way to put CORS headers on it) with status 502 unless that customization sets one.
     */
    static StepOutcome badGateway(Exchange ex) {
        GatewayError error = new GatewayError(
                GatewayResponseType.DEFAULT_5XX, "Internal server error", "InternalServerErrorException", null);
        InvokeResponse rendered = PipelineRunner.render(ex, error);
        GatewayResponse effective = ex.stage().gatewayResponses().effective(GatewayResponseType.DEFAULT_5XX);
        int status = effective == null || effective.statusCode() == null ? 502 : rendered.status();
        return StepOutcome.respond(new InvokeResponse(status, rendered.headers(), rendered.body()));
    }

    private StepOutcome serviceCall(Exchange ex) {
        UpstreamRequest request = ex.get(IntegrationState.UPSTREAM_REQUEST);
        if (ExecutionLog.enabled(ex)) {
            ExecutionLog.add(ex, "Endpoint request URI: " + request.uri());
            ExecutionLog.add(
                    ex,
                    "Endpoint request body after transformations: "
                            + ExecutionLog.value(new String(request.body(), StandardCharsets.UTF_8)));
            ExecutionLog.add(ex, "Sending request to " + request.uri());
        }
        return new StepOutcome.Await(upstream.execute(request, ex.eventLoop()).handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                if (cause instanceof UpstreamException u && u.kind() == UpstreamException.Kind.TIMEOUT) {
                    ExecutionLog.add(ex, "Execution failed due to a timeout error");
                    return StepOutcome.fail(GatewayError.integrationTimeout());
                }
                ExecutionLog.add(ex, Integrations.CONFIGURATION_ERROR + cause.getMessage());
                return StepOutcome.fail(GatewayError.integrationFailure());
            }
            if (ExecutionLog.enabled(ex)) {
                ExecutionLog.add(ex, "Received response. Status: " + response.status());
                ExecutionLog.add(
                        ex,
                        "Endpoint response body before transformations: "
                                + ExecutionLog.value(new String(response.body(), StandardCharsets.UTF_8)));
            }
            ex.set(
                    IntegrationState.OUTPUT,
                    new IntegrationState.Output(response.status(), response.headers(), response.body()));
            ex.set(SELECTION_SUBJECT, Integer.toString(response.status()));
            return StepOutcome.NEXT;
        }));
    }

    // ---- integration response ----

    Step response(MethodCompilation m) {
        Integration integration = m.integration();
        if (integration.type().equals("AWS_PROXY")) {
            return null; // the call phase answered
        }
        MethodResponder responder = MethodResponder.compile(integration, templates, m.api());
        return ex -> {
            IntegrationState.Output output = ex.get(IntegrationState.OUTPUT);
            StepOutcome outcome = responder.respond(ex, output, ex.get(SELECTION_SUBJECT));
            if (outcome instanceof StepOutcome.Respond r) {
                List<Map.Entry<String, String>> headers =
                        new ArrayList<>(r.response().headers());
                headers.add(Map.entry("X-Amzn-Trace-Id", TraceIds.of(ex)));
                return StepOutcome.respond(new InvokeResponse(
                        r.response().status(), headers, r.response().body()));
            }
            return outcome;
        };
    }

    // ---- helpers ----

    private static Step misconfigured(MethodCompilation m, String why) {
        LOG.atInfo()
                .addKeyValue("apiId", m.api().id())
                .addKeyValue("method", m.httpMethod())
                .addKeyValue("resource", m.resource().path())
                .addKeyValue("problem", why)
                .log("integration cannot be served; the method answers 500");
        return ex -> {
            ExecutionLog.add(ex, Integrations.CONFIGURATION_ERROR + why);
            return StepOutcome.fail(GatewayError.configuration());
        };
    }

    private Map<String, CompiledTemplate> compileAll(Map<String, String> sources) {
        Map<String, CompiledTemplate> out = new HashMap<>();
        if (sources != null) {
            sources.forEach((k, v) -> out.put(k, templates.compile(v == null ? "" : v)));
        }
        return out;
    }

    private static void addDefault(List<Map.Entry<String, String>> headers, String name, String value) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return;
            }
        }
        headers.add(Map.entry(name, value));
    }
}
