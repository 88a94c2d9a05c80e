package io.turnpike.dataplane.integration;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.dataplane.content.ContentConversionException;
import io.turnpike.dataplane.content.ContentHandling;
import io.turnpike.dataplane.content.Payload;
import io.turnpike.dataplane.integration.TemplateSelection.Choice;
import io.turnpike.dataplane.integration.aws.AwsServices;
import io.turnpike.dataplane.integration.http.Origin;
import io.turnpike.dataplane.integration.http.UpstreamClient;
import io.turnpike.dataplane.integration.http.UpstreamException;
import io.turnpike.dataplane.integration.http.UpstreamRequest;
import io.turnpike.dataplane.integration.http.UpstreamResponse;
import io.turnpike.dataplane.integration.http.UpstreamSettings;
import io.turnpike.dataplane.mapping.CompiledTemplate;
import io.turnpike.dataplane.mapping.InvalidJsonBodyException;
import io.turnpike.dataplane.mapping.MappedParameters;
import io.turnpike.dataplane.mapping.ParameterMapping;
import io.turnpike.dataplane.mapping.RequestOverride;
import io.turnpike.dataplane.mapping.ResponseOverride;
import io.turnpike.dataplane.mapping.TemplateEngine;
import io.turnpike.dataplane.mapping.TemplateResult;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.ExecutionLog;
import io.turnpike.dataplane.pipeline.GatewayError;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import io.turnpike.dataplane.pipeline.MethodCompilation;
import io.turnpike.dataplane.pipeline.RestPipeline;
import io.turnpike.dataplane.pipeline.Step;
import io.turnpike.dataplane.pipeline.StepOutcome;
import io.turnpike.dataplane.validation.RequestValidation;
import io.turnpike.dataplane.validation.ValidationFailure;
import io.turnpike.dataplane.validation.ValidationInput;
import io.turnpike.model.rest.GatewayResponseType;
import io.turnpike.model.rest.Integration;
import io.turnpike.model.rest.Model;
import io.turnpike.model.rest.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integrations and the pipeline phases they contribute: request validation, integration request,
 * integration call and integration response, for MOCK, HTTP and HTTP_PROXY ({@code AWS} and {@code
 * AWS_PROXY} are delegated to {@link AwsIntegrations}). Everything a phase can
 * prepare (templates, parameter mappings, selection patterns, the URI with stage variables filled in) is
 * compiled once per method; the per-request work is rendering and I/O.
 */
public final class Integrations implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Integrations.class);

    /** MOCK request templates are parsed leniently: CDK's CORS preflight sends {@code {statusCode: 200}}. */
    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build();

    private static final Pattern STAGE_VARIABLE = Pattern.compile("\\$\\{stageVariables\\.([A-Za-z0-9_.:/?#&=,-]+)\\}");
    private static final int DEFAULT_TIMEOUT_MS = 29_000;
    private static final MappedParameters NO_PARAMETERS = new MappedParameters(Map.of(), Map.of(), Map.of());

    static final String CONFIGURATION_ERROR = "Execution failed due to configuration error: ";
    private static final String UNABLE_TO_TRANSFORM_REQUEST = CONFIGURATION_ERROR + "Unable to transform request";

    private final TemplateEngine templates = new TemplateEngine();
    private final UpstreamClient upstream;
    private final AwsIntegrations aws;
    private final ProxyStreaming proxyStreaming;

    /** Without Lambda functions or AWS-service credentials (AWS and AWS_PROXY methods then answer 500). */
    public Integrations(EventLoopGroup group, Class<? extends SocketChannel> channelType) {
        this(group, channelType, FunctionInvoker.none("us-east-1", "000000000000"), AwsServices.none());
    }

    public Integrations(
            EventLoopGroup group,
            Class<? extends SocketChannel> channelType,
            FunctionInvoker functions,
            AwsServices services) {
        this.upstream = new UpstreamClient(group, channelType, UpstreamSettings.defaults());
        this.aws = new AwsIntegrations(templates, upstream, functions, services);
        this.proxyStreaming = new ProxyStreaming(upstream, this);
    }

    /** The phases of {@link RestPipeline}, in AWS's order. */
    public List<RestPipeline.Phase> phases() {
        return List.of(
                new RestPipeline.Phase("request validation", this::validation),
                new RestPipeline.Phase("integration request", this::integrationRequest),
                new RestPipeline.Phase("integration call", this::integrationCall),
                new RestPipeline.Phase("integration response", this::integrationResponse));
    }

    // ---- request validation ----

    private Step validation(MethodCompilation m) {
        String validatorId = m.method().requestValidatorId();
        RequestValidator validator = null;
        if (validatorId != null && m.deployment().requestValidators() != null) {
            for (RequestValidator v : m.deployment().requestValidators()) {
                if (v.id().equals(validatorId)) {
                    validator = v;
                }
            }
        }
        Map<String, Model> models = new HashMap<>();
        if (m.deployment().models() != null) {
            for (Model model : m.deployment().models()) {
                models.put(model.name(), model);
            }
        }
        RequestValidation validation = RequestValidation.compile(validator, m.method(), models);
        if (validation == RequestValidation.NONE) {
            return null;
        }
        return ex -> validation
                .validate(new ValidationInput(
                        ex.pathParams(), ex.query(), ex.headers(), ex.header("Content-Type"), ex.bodyText()))
                .<StepOutcome>map(f -> {
                    logValidationFailure(ex, f);
                    return StepOutcome.fail(GatewayError.badRequest(
                            GatewayResponseType.valueOf(f.responseType()), f.message(), f.validationErrorString()));
                })
                .orElse(StepOutcome.NEXT);
    }

    private static void logValidationFailure(Exchange ex, ValidationFailure f) {
        if (f.responseType().equals(ValidationFailure.BAD_REQUEST_BODY)) {
            String contentType = ex.header("Content-Type");
            String mediaType = contentType == null
                    ? TemplateSelection.JSON
                    : contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
            ExecutionLog.add(
                    ex,
                    "Request body does not match model schema for content type " + mediaType + ": "
                            + f.validationErrorString());
        } else {
            ExecutionLog.add(ex, f.validationErrorString());
        }
    }

    // ---- integration request ----

    private Step integrationRequest(MethodCompilation m) {
        Integration integration = m.integration();
        String type = integration == null ? "none" : integration.type();
        switch (type) {
            case "MOCK":
                return mockRequest(integration);
            case "HTTP":
            case "HTTP_PROXY":
                if (ProxyStreaming.streamable(m)) {
                    return proxyStreaming.request(m); // HTTP_PROXY whose body may stream
                }
                return httpRequest(m, integration, type.equals("HTTP_PROXY"));
            case "AWS":
            case "AWS_PROXY":
                return aws.request(m);
            default:
                LOG.atInfo()
                        .addKeyValue("apiId", m.api().id())
                        .addKeyValue("method", m.httpMethod())
                        .addKeyValue("resource", m.resource().path())
                        .addKeyValue("type", type)
                        .log("integration type is not served yet; the method answers 500");
                return ex -> StepOutcome.fail(GatewayError.configuration());
        }
    }

    private Step mockRequest(Integration integration) {
        Map<String, CompiledTemplate> compiled = compileAll(integration.requestTemplates());
        // a static template ({"statusCode": 200}, the common case) gives the same status on every request:
        // read it once here instead of parsing the same text per request
        Map<String, Integer> staticStatus = new HashMap<>();
        compiled.forEach((type, t) -> {
            if (t.isStatic()) {
                Integer status = mockStatus(t.renderStatic(RequestOverride.empty(), ResponseOverride.empty())
                        .output());
                if (status != null) {
                    staticStatus.put(type, status);
                }
            }
        });
        String passthrough = integration.passthroughBehavior();
        return ex -> {
            String rendered;
            Integer known = null;
            Choice choice = TemplateSelection.forRequest(
                    integration.requestTemplates(), ex.header("Content-Type"), passthrough);
            if (choice instanceof Choice.Unsupported) {
                return StepOutcome.fail(GatewayError.unsupportedMediaType());
            } else if (choice instanceof Choice.Template t) {
                TemplateResult r = Inputs.renderRequest(compiled.get(t.contentType()), ex, ex.bodyText());
                if (r.failed()) {
                    ExecutionLog.add(ex, UNABLE_TO_TRANSFORM_REQUEST);
                    return StepOutcome.fail(GatewayError.configuration());
                }
                ex.set(IntegrationState.REQUEST_TEMPLATE, r);
                rendered = r.output();
                known = staticStatus.get(t.contentType());
            } else {
                rendered = ex.bodyText();
            }
            Integer status = known != null ? known : mockStatus(rendered);
            if (status == null) {
                return StepOutcome.fail(GatewayError.configuration());
            }
            ex.set(IntegrationState.MOCK_STATUS, status);
            return StepOutcome.NEXT;
        };
    }

    /** The {@code statusCode} a MOCK request template produced, or null when there is none. */
    static Integer mockStatus(String rendered) {
        try {
            JsonNode n = LENIENT.readTree(rendered);
            JsonNode code = n == null ? null : n.get("statusCode");
            return code != null && code.canConvertToInt() && code.isIntegralNumber() ? code.asInt() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private Step httpRequest(MethodCompilation m, Integration integration, boolean proxy) {
        ParameterMapping mapping = ParameterMapping.compileRequest(
                integration.requestParameters() == null ? Map.of() : integration.requestParameters());
        Map<String, CompiledTemplate> compiled = proxy ? Map.of() : compileAll(integration.requestTemplates());
        String uriTemplate = substituteStageVariables(integration.uri(), m.stageVariables());
        boolean insecure = integration.tlsConfig() != null
                && Boolean.TRUE.equals(integration.tlsConfig().insecureSkipVerification());
        IntegrationUri compiledUri = IntegrationUri.compile(uriTemplate, insecure);
        String fixedMethod =
                integration.httpMethod() == null || integration.httpMethod().equals("ANY")
                        ? null
                        : integration.httpMethod();
        Duration timeout = Duration.ofMillis(
                integration.timeoutInMillis() == null ? DEFAULT_TIMEOUT_MS : integration.timeoutInMillis());
        ContentHandling content = ContentHandling.of(m.api().binaryMediaTypes());
        String apiId = m.api().id();
        String userAgent = "AmazonAPIGateway_" + apiId;
        return ex -> {
            MappedParameters mapped;
            try {
                // without mappings, skip building $context, the header map and a copy of the body as text
                mapped = mapping.isEmpty() ? NO_PARAMETERS : mapping.apply(Inputs.requestSource(ex));
            } catch (InvalidJsonBodyException e) {
                return StepOutcome.fail(GatewayError.badRequest(
                        GatewayResponseType.BAD_REQUEST_BODY, "Invalid JSON in request body", null));
            }
            Map<String, String> pathValues = new HashMap<>(mapped.path());
            Map<String, List<String>> query = new LinkedHashMap<>(mapped.querystring());
            Map<String, List<String>> headers = new LinkedHashMap<>(mapped.headers());
            byte[] body;
            if (proxy) {
                body = ex.request().body();
            } else {
                Object rendered = requestBody(ex, integration, compiled, content);
                if (rendered instanceof StepOutcome failed) {
                    return failed;
                }
                RequestBody b = (RequestBody) rendered;
                body = b.bytes();
                TemplateResult r = b.template();
                if (r != null) {
                    pathValues.putAll(r.requestOverride().path());
                    r.requestOverride().querystring().forEach((k, v) -> query.put(k, List.of(v)));
                    r.requestOverride().headers().forEach((k, v) -> {
                        headers.keySet().removeIf(h -> h.equalsIgnoreCase(k));
                        headers.put(k, List.of(v));
                    });
                }
            }
            Origin origin;
            try {
                origin = compiledUri.origin(pathValues);
            } catch (IllegalArgumentException e) {
                ExecutionLog.add(ex, CONFIGURATION_ERROR + "Invalid endpoint address");
                return StepOutcome.fail(GatewayError.configuration());
            }
            String target;
            try {
                target = compiledUri.target(pathValues, proxy ? ex.request().rawQuery() : "", query);
            } catch (IllegalArgumentException e) {
                return StepOutcome.fail(GatewayError.configuration());
            }
            List<Map.Entry<String, String>> out = new ArrayList<>();
            if (proxy) {
                for (Map.Entry<String, String> h :
                        ProxyHeaders.forwardedRequestHeaders(ex.request().headers())) {
                    if (!containsIgnoreCase(headers, h.getKey())) {
                        out.add(h);
                    }
                }
            }
            headers.forEach((name, values) -> values.forEach(v -> out.add(Map.entry(name, v))));
            String method = fixedMethod == null ? ex.request().method() : fixedMethod;
            addDefault(out, "Accept", "application/json");
            addDefault(out, "User-Agent", userAgent);
            String contentType = ex.header("Content-Type");
            if (contentType != null && !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS")) {
                addDefault(out, "Content-Type", contentType);
            }
            out.add(Map.entry("X-Amzn-Trace-Id", TraceIds.of(ex)));
            out.add(Map.entry("X-Amzn-Apigateway-Api-Id", apiId));
            try {
                ex.set(
                        IntegrationState.UPSTREAM_REQUEST,
                        new UpstreamRequest(method, origin, compiledUri.base(pathValues), target, out, body, timeout));
            } catch (IllegalArgumentException e) {
                // a mapped header name or value that HTTP cannot carry: AWS answers 500
                return StepOutcome.fail(GatewayError.configuration());
            }
            return StepOutcome.NEXT;
        };
    }

    // ---- integration call ----

    private Step integrationCall(MethodCompilation m) {
        Integration integration = m.integration();
        if (integration == null) {
            return null;
        }
        switch (integration.type()) {
            case "MOCK":
                return ex -> {
                    ex.set(
                            IntegrationState.OUTPUT,
                            new IntegrationState.Output(ex.get(IntegrationState.MOCK_STATUS), List.of(), new byte[0]));
                    return StepOutcome.NEXT;
                };
            case "HTTP":
            case "HTTP_PROXY":
                if (ProxyStreaming.streamable(m)) {
                    return proxyStreaming.call(m);
                }
                return ex -> callBuffered(ex, ex.get(IntegrationState.UPSTREAM_REQUEST));
            case "AWS":
            case "AWS_PROXY":
                return aws.call(m);
            default:
                return null;
        }
    }

    /** Sends {@code request} with its whole body and leaves the whole answer for the response phase. */
    StepOutcome callBuffered(Exchange ex, UpstreamRequest request) {
        long sent = ExecutionLog.enabled(ex) ? logEndpointRequest(ex, request) : 0;
        return new StepOutcome.Await(upstream.execute(request, ex.eventLoop()).handle((response, failure) -> {
            if (failure != null) {
                return StepOutcome.fail(upstreamFailure(ex, failure));
            }
            if (sent != 0) {
                logEndpointResponse(ex, response, sent);
            }
            ex.set(
                    IntegrationState.OUTPUT,
                    new IntegrationState.Output(response.status(), response.headers(), response.body()));
            return StepOutcome.NEXT;
        }));
    }

    /** Logs what is about to be sent, as AWS does; returns when it was sent (never 0). */
    private static long logEndpointRequest(Exchange ex, UpstreamRequest request) {
        ExecutionLog.add(ex, "Endpoint request URI: " + request.uri());
        ExecutionLog.add(ex, "Endpoint request headers: " + ExecutionLog.pairs(request.headers()));
        ExecutionLog.add(
                ex,
                "Endpoint request body after transformations: "
                        + ExecutionLog.value(new String(request.body(), StandardCharsets.UTF_8)));
        ExecutionLog.add(ex, "Sending request to " + request.uri());
        long now = System.nanoTime();
        return now == 0 ? 1 : now;
    }

    private static void logEndpointResponse(Exchange ex, UpstreamResponse response, long sent) {
        ExecutionLog.add(
                ex,
                "Received response. Status: " + response.status() + ", Integration latency: "
                        + (System.nanoTime() - sent) / 1_000_000 + " ms");
        ExecutionLog.add(ex, "Endpoint response headers: " + ExecutionLog.pairs(response.headers()));
        ExecutionLog.add(
                ex,
                "Endpoint response body before transformations: "
                        + ExecutionLog.value(new String(response.body(), StandardCharsets.UTF_8)));
    }

    static GatewayError upstreamFailure(Exchange ex, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof UpstreamException u) {
            switch (u.kind()) {
                case TIMEOUT:
                    ExecutionLog.add(ex, "Execution failed due to a timeout error");
                    return GatewayError.integrationTimeout();
                case INVALID_URI:
                    ExecutionLog.add(ex, CONFIGURATION_ERROR + "Invalid endpoint address");
                    return GatewayError.configuration();
                default:
                    ExecutionLog.add(ex, CONFIGURATION_ERROR + u.getMessage());
                    return GatewayError.integrationFailure();
            }
        }
        ExecutionLog.add(ex, CONFIGURATION_ERROR + cause);
        return GatewayError.integrationFailure();
    }

    // ---- integration response ----

    private Step integrationResponse(MethodCompilation m) {
        Integration integration = m.integration();
        if (integration == null) {
            return null;
        }
        switch (integration.type()) {
            case "MOCK": {
                MethodResponder responder = MethodResponder.compile(integration, templates, m.api());
                return ex -> {
                    IntegrationState.Output output = ex.get(IntegrationState.OUTPUT);
                    return responder.respond(ex, output, Integer.toString(output.status()));
                };
            }
            case "HTTP": {
                MethodResponder responder = MethodResponder.compile(integration, templates, m.api());
                return ex -> {
                    IntegrationState.Output output = ex.get(IntegrationState.OUTPUT);
                    StepOutcome outcome = responder.respond(ex, output, Integer.toString(output.status()));
                    // AWS adds the trace id to answers of HTTP (and AWS) integrations, not MOCK or HTTP_PROXY
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
            case "HTTP_PROXY":
                return ex -> {
                    IntegrationState.Output output = ex.get(IntegrationState.OUTPUT);
                    return StepOutcome.respond(new InvokeResponse(
                            output.status(), ProxyHeaders.proxiedResponseHeaders(output.headers()), output.body()));
                };
            case "AWS":
            case "AWS_PROXY":
                return aws.response(m);
            default:
                return null;
        }
    }

    // ---- helpers ----

    private Map<String, CompiledTemplate> compileAll(Map<String, String> sources) {
        Map<String, CompiledTemplate> out = new HashMap<>();
        if (sources != null) {
            sources.forEach((k, v) -> out.put(k, templates.compile(v == null ? "" : v)));
        }
        return out;
    }

    /** Fills {@code ${stageVariables.x}} once per stage; an undefined variable becomes empty, as in AWS. */
    static String substituteStageVariables(String s, Map<String, String> variables) {
        if (s == null || !s.contains("${stageVariables.")) {
            return s;
        }
        Matcher mt = STAGE_VARIABLE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (mt.find()) {
            mt.appendReplacement(out, Matcher.quoteReplacement(variables.getOrDefault(mt.group(1), "")));
        }
        mt.appendTail(out);
        return out.toString();
    }

    private static boolean containsIgnoreCase(Map<String, ?> m, String key) {
        for (String k : m.keySet()) {
            if (k.equalsIgnoreCase(key)) {
                return true;
            }
        }
        return false;
    }

    private static void addDefault(List<Map.Entry<String, String>> headers, String name, String value) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return;
            }
        }
        headers.add(Map.entry(name, value));
    }

    @Override
    public void close() {
        upstream.close();
    }

    /** The body a non-proxy integration sends: the template's output, or the converted payload. */
    record RequestBody(byte[] bytes, TemplateResult template) {}

    /**
     * Renders a non-proxy integration's request body (HTTP and AWS alike): the request template chosen by
     * content type under the passthrough rules (415 when none may pass), or the payload converted by
     * content handling. Returns a {@link RequestBody}, or the {@link StepOutcome} that ends the request.
     */
    static Object requestBody(
            Exchange ex, Integration integration, Map<String, CompiledTemplate> compiled, ContentHandling content) {
        Choice choice = TemplateSelection.forRequest(
                integration.requestTemplates(), ex.header("Content-Type"), integration.passthroughBehavior());
        if (choice instanceof Choice.Unsupported) {
            return StepOutcome.fail(GatewayError.unsupportedMediaType());
        }
        Payload payload;
        try {
            payload = content.toIntegration(
                    ex.request().body(), ex.header("Content-Type"), integration.contentHandling());
        } catch (ContentConversionException e) {
            return StepOutcome.fail(GatewayError.configuration());
        }
        if (choice instanceof Choice.Template t) {
            if (payload.binary()) {
                return StepOutcome.fail(GatewayError.configuration()); // templates cannot read raw binary
            }
            TemplateResult r = compiled.get(t.contentType())
                    .render(Inputs.request(ex, new String(payload.bytes(), StandardCharsets.UTF_8)));
            if (r.failed()) {
                ExecutionLog.add(ex, UNABLE_TO_TRANSFORM_REQUEST);
                return StepOutcome.fail(GatewayError.configuration());
            }
            ex.set(IntegrationState.REQUEST_TEMPLATE, r);
            return new RequestBody(r.output().getBytes(StandardCharsets.UTF_8), r);
        }
        return new RequestBody(payload.bytes(), null);
    }
}
