package io.turnpike.dataplane.integration;

import io.turnpike.dataplane.integration.http.Origin;
import io.turnpike.dataplane.integration.http.StreamRequest;
import io.turnpike.dataplane.integration.http.UpstreamClient;
import io.turnpike.dataplane.integration.http.UpstreamRequest;
import io.turnpike.dataplane.integration.http.UpstreamSettings;
import io.turnpike.dataplane.mapping.InvalidJsonBodyException;
import io.turnpike.dataplane.mapping.MappedParameters;
import io.turnpike.dataplane.mapping.ParameterMapping;
import io.turnpike.dataplane.pipeline.Attr;
import io.turnpike.dataplane.pipeline.ClientStream;
import io.turnpike.dataplane.pipeline.GatewayError;
import io.turnpike.dataplane.pipeline.MethodCompilation;
import io.turnpike.dataplane.pipeline.Step;
import io.turnpike.dataplane.pipeline.StepOutcome;
import io.turnpike.dataplane.pipeline.StreamingStep;
import io.turnpike.model.rest.GatewayResponseType;
import io.turnpike.model.rest.Integration;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.RequestValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code HTTP_PROXY} integrations whose request body nothing before the call reads, so that the body
 * can stream from the client to the upstream as it arrives and the response stream back the same way
 * (the entry decides per request, when the head arrives, by the {@link StreamingStep} in the method's
 * plan). A method streams unless its request validator checks the body against a model, or a request
 * parameter is mapped from {@code method.request.body}; those methods take the buffered way of {@link
 * Integrations}.
 *
 * <p>Two steps: the integration request builds the upstream request's head from the method request's
 * head (the same header rules as the buffered way, spec data-plane-rest §5.1), and the integration call
 * streams it, or, for a request that arrived whole (HTTP/1.0, TestInvokeMethod), calls the upstream
 * the buffered way.
 *
 * <p>The response transfer mode follows AWS: {@code BUFFERED} (the default) keeps API Gateway's 10 MB
 * response limit, its timeout covers the whole response, and the response reaches the client only once
 * it is complete (so a truncated or oversized one still gets a gateway response); {@code STREAM} streams
 * the response as it arrives, has no size limit, and its timeout covers the wait for the response head.
 */
final class ProxyStreaming {

    /** The upstream request's head, from the integration request step to the call. */
    private record Head(
            Origin origin, String target, String method, List<Map.Entry<String, String>> headers, long contentLength) {}

    private static final Attr<Head> HEAD = Attr.of("proxyHead");
    private static final java.util.function.BiConsumer<
                    io.netty.handler.codec.http.HttpHeaders, io.netty.handler.codec.http.HttpHeaders>
            RESPONSE_HEADERS = ProxyHeaders::proxiedResponseHeaders;
    private static final int DEFAULT_TIMEOUT_MS = 29_000;

    private final UpstreamClient upstream;
    private final Integrations integrations;

    ProxyStreaming(UpstreamClient upstream, Integrations integrations) {
        this.upstream = upstream;
        this.integrations = integrations;
    }

    /** Whether {@code m} is an {@code HTTP_PROXY} method whose steps before the call read no body. */
    static boolean streamable(MethodCompilation m) {
        Integration integration = m.integration();
        if (integration == null || !"HTTP_PROXY".equals(integration.type())) {
            return false;
        }
        if (integration.requestParameters() != null) {
            for (String source : integration.requestParameters().values()) {
                if (source != null && source.startsWith("method.request.body")) {
                    return false;
                }
            }
        }
        Method method = m.method();
        String validatorId = method.requestValidatorId();
        if (validatorId != null && m.deployment().requestValidators() != null) {
            for (RequestValidator v : m.deployment().requestValidators()) {
                if (v.id().equals(validatorId)
                        && Boolean.TRUE.equals(v.validateRequestBody())
                        && method.requestModels() != null
                        && !method.requestModels().isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---- integration request ----

    Step request(MethodCompilation m) {
        Integration integration = m.integration();
        Map<String, String> parameters =
                integration.requestParameters() == null ? Map.of() : integration.requestParameters();
        ParameterMapping mapping = ParameterMapping.compileRequest(parameters);
        PathMapping pathOnly = PathMapping.of(parameters);
        boolean insecure = integration.tlsConfig() != null
                && Boolean.TRUE.equals(integration.tlsConfig().insecureSkipVerification());
        IntegrationUri uri = IntegrationUri.compile(
                Integrations.substituteStageVariables(integration.uri(), m.stageVariables()), insecure);
        String fixedMethod =
                integration.httpMethod() == null || integration.httpMethod().equals("ANY")
                        ? null
                        : integration.httpMethod();
        String apiId = m.api().id();
        String userAgent = "AmazonAPIGateway_" + apiId;
        return ex -> {
            Map<String, String> mappedPath;
            Map<String, List<String>> mappedQuery;
            Map<String, List<String>> mappedHeaders;
            if (mapping.isEmpty()) {
                mappedPath = Map.of();
                mappedQuery = Map.of();
                mappedHeaders = Map.of();
            } else if (pathOnly != null) {
                mappedPath = pathOnly.apply(ex.pathParams());
                mappedQuery = Map.of();
                mappedHeaders = Map.of();
            } else {
                MappedParameters mapped;
                try {
                    mapped = mapping.apply(Inputs.requestSource(ex));
                } catch (InvalidJsonBodyException e) {
                    return StepOutcome.fail(GatewayError.badRequest(
                            GatewayResponseType.BAD_REQUEST_BODY, "Invalid JSON in request body", null));
                }
                mappedPath = mapped.path();
                mappedQuery = mapped.querystring();
                mappedHeaders = mapped.headers();
            }
            Origin origin;
            String target;
            try {
                origin = uri.origin(mappedPath);
                target = uri.target(mappedPath, ex.request().rawQuery(), mappedQuery);
            } catch (IllegalArgumentException e) {
                return StepOutcome.fail(GatewayError.configuration());
            }
            List<Map.Entry<String, String>> given = ex.request().headers();
            List<Map.Entry<String, String>> out = new ArrayList<>(given.size() + mappedHeaders.size() + 5);
            boolean accept = false;
            boolean agent = false;
            String trace = null;
            long length = StreamRequest.NO_BODY;
            for (int i = 0; i < given.size(); i++) {
                Map.Entry<String, String> h = given.get(i);
                String name = h.getKey();
                ClientHeader kind = ClientHeader.of(name);
                switch (kind) {
                    case CONTENT_LENGTH -> length = contentLength(h.getValue(), length);
                    case TRANSFER_ENCODING -> length = StreamRequest.CHUNKED;
                    case TRACE -> trace = h.getValue();
                    case DROP -> {}
                    case AUTHORIZATION, ACCEPT, USER_AGENT, OTHER -> {
                        if (!mappedHeaders.isEmpty() && containsIgnoreCase(mappedHeaders, name)) {
                            continue;
                        }
                        if (kind == ClientHeader.AUTHORIZATION && h.getValue().startsWith("AWS4-HMAC-SHA256")) {
                            continue; // a SigV4 signature for API Gateway must not leak to the backend
                        }
                        accept |= kind == ClientHeader.ACCEPT;
                        agent |= kind == ClientHeader.USER_AGENT;
                        out.add(h);
                    }
                }
            }
            try {
                for (Map.Entry<String, List<String>> e : mappedHeaders.entrySet()) {
                    for (String v : e.getValue()) {
                        UpstreamRequest.checkHeader(e.getKey(), v);
                        accept |= e.getKey().equalsIgnoreCase("Accept");
                        agent |= e.getKey().equalsIgnoreCase("User-Agent");
                        out.add(Map.entry(e.getKey(), v));
                    }
                }
            } catch (IllegalArgumentException e) {
                return StepOutcome.fail(GatewayError.configuration()); // AWS answers 500
            }
            if (!accept) {
                out.add(Map.entry("Accept", "application/json"));
            }
            if (!agent) {
                out.add(Map.entry("User-Agent", userAgent));
            }
            out.add(Map.entry("X-Amzn-Trace-Id", TraceIds.of(ex, trace)));
            out.add(Map.entry("X-Amzn-Apigateway-Api-Id", apiId));
            String method = fixedMethod == null ? ex.request().method() : fixedMethod;
            ex.set(HEAD, new Head(origin, target, method, out, length));
            return StepOutcome.NEXT;
        };
    }

    /**
     * Mappings that only copy path parameters ({@code integration.request.path.X =
     * method.request.path.Y}, the usual {@code {proxy+}} set-up), applied without the mapping engine: it
     * would build {@code $context} and the header and query maps for every request. Same rules: a
     * missing or empty value maps nothing.
     */
    private record PathMapping(String[] targets, String[] sources) {
        private static final String TARGET = "integration.request.path.";
        private static final String SOURCE = "method.request.path.";

        static PathMapping of(Map<String, String> parameters) {
            if (parameters.isEmpty()) {
                return null;
            }
            String[] targets = new String[parameters.size()];
            String[] sources = new String[parameters.size()];
            int i = 0;
            for (Map.Entry<String, String> e : parameters.entrySet()) {
                String key = e.getKey();
                String value = e.getValue();
                if (value == null
                        || !key.startsWith(TARGET)
                        || !value.startsWith(SOURCE)
                        || !plain(key.substring(TARGET.length()))
                        || !plain(value.substring(SOURCE.length()))) {
                    return null;
                }
                targets[i] = key.substring(TARGET.length());
                sources[i++] = value.substring(SOURCE.length());
            }
            return new PathMapping(targets, sources);
        }

        private static boolean plain(String name) {
            return !name.isEmpty() && name.chars().allMatch(c -> c > ' ' && c != 0x7f);
        }

        Map<String, String> apply(Map<String, String> pathParams) {
            if (targets.length == 1) {
                String v = pathParams.get(sources[0]);
                return v == null || v.isEmpty() ? Map.of() : Map.of(targets[0], v);
            }
            Map<String, String> path = new java.util.HashMap<>(targets.length * 2);
            for (int i = 0; i < targets.length; i++) {
                String v = pathParams.get(sources[i]);
                if (v != null && !v.isEmpty()) {
                    path.put(targets[i], v);
                }
            }
            return path;
        }
    }

    /** The client's framing: its {@code Content-Length} unless it also sent chunks. */
    private static long contentLength(String value, long sofar) {
        if (sofar == StreamRequest.CHUNKED) {
            return sofar;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return sofar; // the server's decoder has refused such a request already
        }
    }

    private static boolean containsIgnoreCase(Map<String, ?> m, String key) {
        for (String k : m.keySet()) {
            if (k.equalsIgnoreCase(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A client header as HTTP_PROXY treats it (spec §5.1); sorted by length first, so most names cost one
     * switch and no string compare, and nothing is lower-cased per request.
     */
    private enum ClientHeader {
        OTHER,
        DROP,
        CONTENT_LENGTH,
        TRANSFER_ENCODING,
        TRACE,
        AUTHORIZATION,
        ACCEPT,
        USER_AGENT;

        static ClientHeader of(String n) {
            return switch (n.length()) {
                case 2 -> is(n, "te") ? DROP : OTHER;
                case 3 -> is(n, "via") ? DROP : OTHER;
                case 4 -> is(n, "host") ? DROP : OTHER;
                case 6 -> is(n, "expect") || is(n, "server") ? DROP : is(n, "accept") ? ACCEPT : OTHER;
                case 7 -> is(n, "trailer") || is(n, "upgrade") ? DROP : OTHER;
                case 10 -> is(n, "connection") || is(n, "keep-alive") ? DROP : is(n, "user-agent") ? USER_AGENT : OTHER;
                case 11 -> is(n, "content-md5") ? DROP : OTHER;
                case 12 -> is(n, "max-forwards") ? DROP : OTHER;
                case 13 -> is(n, "authorization") ? AUTHORIZATION : OTHER;
                case 14 -> is(n, "content-length") ? CONTENT_LENGTH : OTHER;
                case 15 -> is(n, "x-amzn-trace-id") ? TRACE : OTHER;
                case 16 -> is(n, "www-authenticate") || is(n, "proxy-connection") || is(n, "content-encoding")
                        ? DROP
                        : OTHER;
                case 17 -> is(n, "transfer-encoding") ? TRANSFER_ENCODING : OTHER;
                case 18 -> is(n, "proxy-authenticate") ? DROP : OTHER;
                default -> OTHER;
            };
        }

        private static boolean is(String name, String lower) {
            return name.equalsIgnoreCase(lower);
        }
    }

    // ---- integration call ----

    StreamingStep call(MethodCompilation m) {
        Integration integration = m.integration();
        Duration timeout = Duration.ofMillis(
                integration.timeoutInMillis() == null ? DEFAULT_TIMEOUT_MS : integration.timeoutInMillis());
        boolean stream = "STREAM".equals(integration.responseTransferMode());
        long maxResponse = stream ? Long.MAX_VALUE : UpstreamSettings.TEN_MEGABYTES;
        return ex -> {
            Head head = ex.get(HEAD);
            ClientStream client = ex.get(ClientStream.KEY);
            if (client == null) {
                UpstreamRequest request;
                try {
                    request = new UpstreamRequest(
                            head.method(),
                            head.origin(),
                            null, // the log's URI, only if asked for: the origin's own form
                            head.target(),
                            head.headers(),
                            ex.request().body(),
                            timeout);
                } catch (IllegalArgumentException e) {
                    return StepOutcome.fail(GatewayError.configuration());
                }
                return integrations.callBuffered(ex, request);
            }
            StreamRequest request = new StreamRequest(
                    head.origin(),
                    head.method(),
                    head.target(),
                    head.headers(),
                    head.contentLength(),
                    timeout,
                    stream,
                    maxResponse,
                    RESPONSE_HEADERS);
            return new StepOutcome.Await(upstream.stream(request, client, ex.eventLoop())
                    .handle((ignored, failure) -> failure == null
                            ? StepOutcome.respond(ClientStream.STREAMED)
                            : StepOutcome.fail(Integrations.upstreamFailure(ex, failure))));
        };
    }
}
