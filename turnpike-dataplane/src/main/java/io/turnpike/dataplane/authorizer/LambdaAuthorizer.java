package io.turnpike.dataplane.authorizer;

import com.fasterxml.jackson.databind.JsonNode;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.aws.lambda.Invocation;
import io.turnpike.aws.lambda.InvocationResult;
import io.turnpike.model.rest.Authorizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lambda authorizer ({@code TOKEN} or {@code REQUEST}), compiled from its definition: the function to
 * call, the identity sources, the token's validation expression and the result TTL.
 *
 * <p>{@link #identity} reads the identity-source values (the cache key); {@link #invoke} builds the
 * event exactly as AWS does (spec auth.md §1.2–1.3), calls the function and reads its answer (§1.4):
 * an error whose message is exactly {@code Unauthorized} is a 401, any other failure (function error,
 * malformed output, a {@code context} value that is an object or list, a timeout, a function that
 * cannot be invoked) is a 500 {@code AuthorizerConfigurationException}.
 */
public final class LambdaAuthorizer {

    private static final Pattern URI =
            Pattern.compile("arn:aws[a-z-]*:apigateway:[^:]+:lambda:path/2015-03-31/functions/(.+)/invocations");
    private static final Pattern STAGE_VARIABLE = Pattern.compile("\\$\\{stageVariables\\.([A-Za-z0-9_.:-]+)\\}");

    /** One identity source: where the value comes from and its name. */
    record Source(String kind, String name) {}

    private final Authorizer definition;
    private final boolean token;
    private final String function;
    private final List<Source> sources;
    private final Pattern validation;
    private final long ttlSeconds;

    private LambdaAuthorizer(
            Authorizer definition, String function, List<Source> sources, Pattern validation, long ttlSeconds) {
        this.definition = definition;
        this.token = "TOKEN".equals(definition.type());
        this.function = function;
        this.sources = List.copyOf(sources);
        this.validation = validation;
        this.ttlSeconds = ttlSeconds;
    }

    /** Compiles a TOKEN or REQUEST authorizer; stage variables in its URI are filled in now. */
    public static LambdaAuthorizer compile(Authorizer a, Map<String, String> stageVariables) {
        String uri = a.authorizerUri();
        if (uri == null) {
            throw new IllegalArgumentException("authorizer " + a.id() + ": no authorizerUri");
        }
        Matcher sv = STAGE_VARIABLE.matcher(uri);
        StringBuilder filled = new StringBuilder();
        while (sv.find()) {
            String v = stageVariables.get(sv.group(1));
            if (v == null) {
                throw new IllegalArgumentException(
                        "authorizer " + a.id() + ": stage variable " + sv.group(1) + " is not set");
            }
            sv.appendReplacement(filled, Matcher.quoteReplacement(v));
        }
        sv.appendTail(filled);
        Matcher m = URI.matcher(filled);
        if (!m.matches()) {
            throw new IllegalArgumentException("authorizer " + a.id() + ": authorizerUri " + filled
                    + " (expected: arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations)");
        }
        List<Source> sources = parseSources(a.identitySource());
        Pattern validation = null;
        if ("TOKEN".equals(a.type()) && a.identityValidationExpression() != null) {
            validation = Pattern.compile(a.identityValidationExpression());
        }
        long ttl = a.authorizerResultTtlInSeconds() == null ? 300 : a.authorizerResultTtlInSeconds();
        return new LambdaAuthorizer(a, m.group(1), sources, validation, ttl);
    }

    /** Parses {@code identitySource}: a comma-separated list of AWS's forms (spec auth.md §1.1). */
    static List<Source> parseSources(String identitySource) {
        List<Source> out = new ArrayList<>();
        if (identitySource == null || identitySource.isBlank()) {
            return out;
        }
        for (String raw : identitySource.split(",")) {
            String s = raw.trim();
            if (s.startsWith("method.request.header.")) {
                out.add(new Source("header", s.substring("method.request.header.".length())));
            } else if (s.startsWith("method.request.querystring.")) {
                out.add(new Source("querystring", s.substring("method.request.querystring.".length())));
            } else if (s.startsWith("stageVariables.")) {
                out.add(new Source("stageVariables", s.substring("stageVariables.".length())));
            } else if (s.startsWith("context.")) {
                out.add(new Source("context", s.substring("context.".length())));
            } else {
                throw new IllegalArgumentException("identitySource: " + s + " (expected: method.request.header.X, "
                        + "method.request.querystring.X, stageVariables.X or context.X)");
            }
        }
        return out;
    }

    public String id() {
        return definition.id();
    }

    public Authorizer definition() {
        return definition;
    }

    /** Seconds a result stays cached; 0 turns caching off. */
    public long ttlSeconds() {
        return ttlSeconds;
    }

    /**
     * The identity-source values, in order: the cache key. Null when the request must be answered 401
     * without calling the function: a TOKEN header that is missing or empty or fails the validation
     * expression, or (with caching on) a REQUEST source that is missing or empty.
     */
    public List<String> identity(AuthorizerRequest r) {
        List<String> values = new ArrayList<>(sources.size());
        for (Source s : sources) {
            String v =
                    switch (s.kind()) {
                        case "header" -> r.header(s.name());
                        case "querystring" -> r.queryParameter(s.name());
                        case "stageVariables" -> r.stageVariables().get(s.name());
                        default -> r.contextValue(s.name());
                    };
            if (v == null || v.isEmpty()) {
                if (token || ttlSeconds > 0) {
                    return null;
                }
                v = "";
            }
            values.add(v);
        }
        if (token) {
            if (values.isEmpty()) {
                return null;
            }
            if (validation != null && !validation.matcher(values.get(0)).matches()) {
                return null;
            }
        }
        return values;
    }

    /**
     * Builds the event, calls the function, reads the answer. Completes off the event loop.
     *
     * @param timer where the timeout is scheduled: the request's event loop on the data plane (its own
     *     timer queue, no lock); null off the data plane (TestInvokeAuthorizer), where the JDK's shared
     *     timer thread, whose queue is guarded by a lock that event loops would wait on, is fine
     */
    public CompletableFuture<AuthorizerOutcome> invoke(
            AuthorizerRequest r,
            List<String> identity,
            FunctionInvoker functions,
            Duration timeout,
            java.util.concurrent.ScheduledExecutorService timer) {
        byte[] event;
        try {
            event = PolicyDocument.JSON.writeValueAsBytes(token ? tokenEvent(r, identity.get(0)) : requestEvent(r));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return CompletableFuture.completedFuture(AuthorizerOutcome.configuration("event: " + e.getMessage()));
        }
        CompletableFuture<InvocationResult> call;
        try {
            call = functions.invoke(Invocation.requestResponse(function, event));
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return withTimeout(call, timeout, timer).handle((result, failure) -> {
            if (failure != null) {
                Throwable cause =
                        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure;
                return cause instanceof TimeoutException
                        ? AuthorizerOutcome.configuration("authorizer timed out after " + timeout.toMillis() + " ms")
                        : AuthorizerOutcome.configuration("authorizer could not be invoked: " + cause.getMessage());
            }
            return read(result);
        });
    }

    private static <T> CompletableFuture<T> withTimeout(
            CompletableFuture<T> call, Duration timeout, java.util.concurrent.ScheduledExecutorService timer) {
        if (timer == null) {
            return call.orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        CompletableFuture<T> timed = new CompletableFuture<>();
        java.util.concurrent.ScheduledFuture<?> t = timer.schedule(
                () -> timed.completeExceptionally(new TimeoutException()),
                timeout.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
        call.whenComplete((result, failure) -> {
            t.cancel(false);
            if (failure != null) {
                timed.completeExceptionally(failure);
            } else {
                timed.complete(result);
            }
        });
        return timed;
    }

    static Map<String, Object> tokenEvent(AuthorizerRequest r, String token) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", "TOKEN");
        e.put("methodArn", r.methodArn());
        e.put("authorizationToken", token);
        return e;
    }

    static Map<String, Object> requestEvent(AuthorizerRequest r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", "REQUEST");
        e.put("methodArn", r.methodArn());
        e.put("resource", r.resource());
        e.put("path", r.path());
        e.put("httpMethod", r.httpMethod());
        e.put("headers", single(r.headers()));
        e.put("multiValueHeaders", new LinkedHashMap<>(r.headers()));
        e.put("queryStringParameters", single(r.query()));
        e.put("multiValueQueryStringParameters", new LinkedHashMap<>(r.query()));
        e.put("pathParameters", new LinkedHashMap<>(r.pathParameters()));
        e.put("stageVariables", new LinkedHashMap<>(r.stageVariables()));
        Map<String, Object> requestContext = new LinkedHashMap<>(r.context());
        requestContext.remove("authorizer");
        requestContext.remove("error");
        e.put("requestContext", requestContext);
        return e;
    }

    private static Map<String, String> single(Map<String, List<String>> multi) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : multi.entrySet()) {
            if (!h.getValue().isEmpty()) {
                out.put(h.getKey(), h.getValue().get(h.getValue().size() - 1));
            }
        }
        return out;
    }

    /** Reads the function's answer (spec auth.md §1.4–1.5). */
    static AuthorizerOutcome read(InvocationResult result) {
        JsonNode out;
        try {
            out = PolicyDocument.JSON.readTree(result.payload());
        } catch (java.io.IOException e) {
            out = null;
        }
        if (result.failed()) {
            String message =
                    out != null && out.isObject() && out.path("errorMessage").isTextual()
                            ? out.get("errorMessage").asText()
                            : null;
            return "Unauthorized".equals(message)
                    ? AuthorizerOutcome.unauthorized("authorizer answered Unauthorized")
                    : AuthorizerOutcome.configuration("authorizer function failed: " + message);
        }
        if (out == null || !out.isObject()) {
            return AuthorizerOutcome.configuration("authorizer output is not a JSON object");
        }
        JsonNode principal = out.get("principalId");
        if (principal == null || !principal.isValueNode() || principal.isNull()) {
            return AuthorizerOutcome.configuration("authorizer output has no principalId");
        }
        JsonNode policyNode = out.get("policyDocument");
        PolicyDocument policy;
        try {
            policy = PolicyDocument.compile(policyNode, r -> r);
        } catch (IllegalArgumentException e) {
            return AuthorizerOutcome.configuration("authorizer policyDocument: " + e.getMessage());
        }
        Map<String, Object> context = new HashMap<>();
        JsonNode ctx = out.get("context");
        if (ctx != null && !ctx.isNull()) {
            if (!ctx.isObject()) {
                return AuthorizerOutcome.configuration("authorizer context is not an object");
            }
            var fields = ctx.fields();
            while (fields.hasNext()) {
                var f = fields.next();
                JsonNode v = f.getValue();
                if (v.isTextual()) {
                    context.put(f.getKey(), v.asText());
                } else if (v.isBoolean()) {
                    context.put(f.getKey(), v.asBoolean());
                } else if (v.isNumber()) {
                    context.put(f.getKey(), v.numberValue());
                } else if (!v.isNull()) {
                    return AuthorizerOutcome.configuration("authorizer context value " + f.getKey()
                            + " is " + v.getNodeType().toString().toLowerCase(Locale.ROOT)
                            + " (expected: string, number or boolean)");
                }
            }
        }
        JsonNode key = out.get("usageIdentifierKey");
        return new AuthorizerOutcome.Identified(
                principal.asText(),
                policy,
                policyNode.toString(),
                context,
                key != null && key.isTextual() ? key.asText() : null,
                Map.of(),
                List.of());
    }

    @Override
    public String toString() {
        return "LambdaAuthorizer[" + definition.id() + " " + definition.type() + " " + function + "]";
    }
}
