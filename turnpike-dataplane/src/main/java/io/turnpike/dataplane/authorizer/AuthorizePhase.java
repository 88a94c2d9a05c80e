package io.turnpike.dataplane.authorizer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.dataplane.Deferred;
import io.turnpike.dataplane.pipeline.Attr;
import io.turnpike.dataplane.pipeline.ContextVariables;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.ExecutionLog;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import io.turnpike.dataplane.pipeline.MethodCompilation;
import io.turnpike.dataplane.pipeline.RequestIdentity;
import io.turnpike.dataplane.pipeline.RestPipeline;
import io.turnpike.dataplane.pipeline.Step;
import io.turnpike.dataplane.pipeline.StepOutcome;
import io.turnpike.dataplane.snapshot.GatewayConfig;
import io.turnpike.model.rest.Authorizer;
import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.model.rest.RestApi;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "authorize" phase: the resource policy, then the method's authorizer, evaluated together as AWS
 * evaluates them (spec auth.md §5).
 *
 * <pre>
 *   resource policy explicitly denies the method ARN ──► 403 "User: anonymous is not authorized ... with an explicit deny"
 *   NONE / AWS_IAM (IAM is not enforced: "silent")   ──► the resource policy must Allow, else 403 (implicit)
 *   CUSTOM (Lambda) ──► identity sources (401 if missing) ──► cache or function ──► its policy on the method ARN:
 *        Deny ──► 403 explicit;  silent and the resource policy does not Allow ──► 403;  else allowed
 *   COGNITO_USER_POOLS ──► token verified (401 otherwise) ──► a resource policy, if any, must Allow
 * </pre>
 *
 * <p>Everything per method is prepared at compile time: the resource policy is parsed once per
 * deployment (shorthand resources {@code execute-api:/stage/VERB/path} expanded to the API's ARNs), the
 * authorizer is looked up in the deployment's frozen authorizers and compiled. A method naming an
 * authorizer the deployment does not hold fails to compile, so it answers 500.
 *
 * <p>Function calls and key fetches complete on other threads; the step hops back to the request's
 * event loop before it touches the exchange. What an authorizer established goes to {@link
 * RequestIdentity#AUTHORIZER} and {@code $context.authorizer}.
 */
public final class AuthorizePhase {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizePhase.class);

    /** Set on exchanges that skip authorization: TestInvokeMethod runs methods as AWS does, unauthorized. */
    public static final Attr<Boolean> SKIP = Attr.of("skipAuthorization");

    static final String INVOKE = "execute-api:Invoke";

    private final GatewayConfig config;
    private final FunctionInvoker functions;
    private final AuthorizerSettings settings;
    private final Clock clock;
    private final AuthorizerCache cache;
    private final JwksCache jwks;
    /** Resource policies by deployment, so each deployment's policy is parsed once for all its methods. */
    private final Cache<DeploymentContent, Optional<PolicyDocument>> policies =
            Caffeine.newBuilder().weakKeys().executor(Runnable::run).build(); // upkeep inline (AuthorizerCache)

    /** With the JWKS client built now, on the calling thread (tests and benchmarks). */
    public AuthorizePhase(
            GatewayConfig config, FunctionInvoker functions, AuthorizerSettings settings, Ticker ticker, Clock clock) {
        this(config, functions, settings, ticker, clock, Deferred.now(jwksClient()));
    }

    /**
     * @param setup where the JWKS client is built when a Cognito authorizer first needs it: a thread that
     *     is not an event loop (building it sets up the JDK's TLS stack; see {@link Deferred})
     */
    public AuthorizePhase(
            GatewayConfig config,
            FunctionInvoker functions,
            AuthorizerSettings settings,
            Ticker ticker,
            Clock clock,
            Executor setup) {
        this(config, functions, settings, ticker, clock, Deferred.onFirstUse(AuthorizePhase::jwksClient, setup));
    }

    private AuthorizePhase(
            GatewayConfig config,
            FunctionInvoker functions,
            AuthorizerSettings settings,
            Ticker ticker,
            Clock clock,
            Deferred<HttpClient> http) {
        this.config = Objects.requireNonNull(config, "config");
        this.functions = Objects.requireNonNull(functions, "functions");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cache = new AuthorizerCache(ticker);
        this.jwks = new JwksCache(http, ticker, settings.jwksMinRefetch(), Duration.ofMillis(1500));
    }

    private static HttpClient jwksClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(1500))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The phase for {@link RestPipeline}; it comes first. */
    public RestPipeline.Phase phase() {
        return new RestPipeline.Phase("authorize", this::step);
    }

    public AuthorizerCache cache() {
        return cache;
    }

    private Step step(MethodCompilation m) {
        String type =
                m.method().authorizationType() == null ? "NONE" : m.method().authorizationType();
        PolicyDocument policy = resourcePolicy(m.api(), m.deployment());
        LambdaAuthorizer lambda = null;
        CognitoAuthorizer cognito = null;
        if (type.equals("CUSTOM") || type.equals("COGNITO_USER_POOLS")) {
            Authorizer a = find(m.deployment(), m.method().authorizerId());
            if (type.equals("COGNITO_USER_POOLS")) {
                if (!"COGNITO_USER_POOLS".equals(a.type())) {
                    throw new IllegalArgumentException("authorizer " + a.id() + " is " + a.type()
                            + " (expected: COGNITO_USER_POOLS for a COGNITO_USER_POOLS method)");
                }
                cognito = CognitoAuthorizer.compile(a, settings.cognitoIssuerBase());
            } else {
                if (!"TOKEN".equals(a.type()) && !"REQUEST".equals(a.type())) {
                    throw new IllegalArgumentException("authorizer " + a.id() + " is " + a.type()
                            + " (expected: TOKEN or REQUEST for a CUSTOM method)");
                }
                lambda = LambdaAuthorizer.compile(a, m.stageVariables());
            }
        }
        if (policy == null && lambda == null && cognito == null) {
            return null;
        }
        List<String> scopes = m.method().authorizationScopes() == null
                ? List.of()
                : m.method().authorizationScopes();
        LambdaAuthorizer l = lambda;
        CognitoAuthorizer c = cognito;
        return ex -> authorize(ex, policy, l, c, scopes);
    }

    private StepOutcome authorize(
            Exchange ex,
            PolicyDocument policy,
            LambdaAuthorizer lambda,
            CognitoAuthorizer cognito,
            List<String> scopes) {
        if (Boolean.TRUE.equals(ex.get(SKIP))) {
            return StepOutcome.NEXT;
        }
        String arn = methodArn(ex);
        PolicyDocument.Facts facts = facts(ex);
        Decision rp = policy == null ? null : policy.evaluate(INVOKE, arn, facts, true);
        if (rp == Decision.EXPLICIT_DENY) {
            return StepOutcome.respond(resourcePolicyDenied(arn, true));
        }
        if (lambda == null && cognito == null) {
            return rp == Decision.ALLOW ? StepOutcome.NEXT : StepOutcome.respond(resourcePolicyDenied(arn, false));
        }
        AuthorizerRequest request = request(ex, arn);
        if (lambda != null) {
            List<String> identity = lambda.identity(request);
            if (identity == null) {
                ExecutionLog.add(ex, "Unauthorized request: " + ex.requestId());
                return StepOutcome.fail(AuthorizerOutcome.UNAUTHORIZED);
            }
            AuthorizerCache.Key key = new AuthorizerCache.Key(
                    ex.stage().apiId(),
                    ex.stage().stageName(),
                    ex.stage().authorizerCacheGeneration(),
                    lambda.id(),
                    identity);
            AuthorizerOutcome.Identified cached = lambda.ttlSeconds() > 0 ? cache.get(key) : null;
            if (cached != null) {
                return decide(ex, cached, arn, facts, rp);
            }
            CompletableFuture<AuthorizerOutcome> call = lambda.ttlSeconds() > 0
                    ? cache.coalesce(
                            key,
                            lambda.ttlSeconds(),
                            () -> lambda.invoke(request, identity, functions, settings.timeout(), ex.eventLoop()))
                    : lambda.invoke(request, identity, functions, settings.timeout(), ex.eventLoop());
            CompletableFuture<StepOutcome> next = call.thenApplyAsync(
                    outcome -> {
                        if (outcome instanceof AuthorizerOutcome.Identified id) {
                            return decide(ex, id, arn, facts, rp);
                        }
                        return rejected(ex, (AuthorizerOutcome.Rejected) outcome);
                    },
                    ex.eventLoop());
            return new StepOutcome.Await(next);
        }
        CompletableFuture<StepOutcome> next = cognito.verify(cognito.token(request), scopes, jwks, clock)
                .handleAsync(
                        (outcome, failure) -> {
                            if (failure != null) {
                                LOG.atWarn()
                                        .addKeyValue("requestId", ex.requestId())
                                        .addKeyValue(
                                                "authorizerId",
                                                cognito.definition().id())
                                        .addKeyValue("reason", String.valueOf(failure.getMessage()))
                                        .log("Cognito authorizer could not fetch the pool's keys");
                                return StepOutcome.fail(AuthorizerOutcome.FAILURE);
                            }
                            if (outcome instanceof AuthorizerOutcome.Identified id) {
                                if (rp != null && rp != Decision.ALLOW) {
                                    return StepOutcome.respond(resourcePolicyDenied(arn, false));
                                }
                                identify(ex, id);
                                return StepOutcome.NEXT;
                            }
                            return rejected(ex, (AuthorizerOutcome.Rejected) outcome);
                        },
                        ex.eventLoop());
        return new StepOutcome.Await(next);
    }

    /**
     * TestInvokeAuthorizer: runs an authorizer once for the given request parts, without cache, method
     * or resource policy, as AWS does. The method ARN is AWS's test one, {@code
     * arn:aws:execute-api:{region}:{account}:{apiId}/ESTestInvoke-stage/GET/}; a Cognito authorizer
     * expects an ID token (the test names no method, so no scopes).
     */
    public CompletableFuture<AuthorizerTestResult> test(
            String apiId,
            Authorizer authorizer,
            Map<String, List<String>> headers,
            String pathWithQueryString,
            Map<String, String> stageVariables,
            Map<String, String> additionalContext) {
        long start = System.nanoTime();
        String requestId = java.util.UUID.randomUUID().toString();
        List<String> log = new ArrayList<>();
        java.time.format.DateTimeFormatter time = java.time.format.DateTimeFormatter.ofPattern(
                        "EEE MMM dd HH:mm:ss 'UTC' yyyy", java.util.Locale.ENGLISH)
                .withZone(java.time.ZoneOffset.UTC);
        java.util.function.Consumer<String> add = line -> log.add(time.format(clock.instant()) + " : " + line);
        String pathAndQuery = pathWithQueryString == null || pathWithQueryString.isEmpty() ? "/" : pathWithQueryString;
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, List<String>> query = q < 0
                ? Map.of()
                : new io.netty.handler.codec.http.QueryStringDecoder(pathAndQuery.substring(q + 1), false).parameters();
        Map<String, List<String>> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        String stage = "ESTestInvoke-stage";
        String arn = arnPrefix(apiId) + stage + "/GET/";
        Map<String, Object> context = new java.util.LinkedHashMap<>();
        context.put("accountId", config.accountId());
        context.put("apiId", apiId);
        context.put("stage", stage);
        context.put("requestId", requestId);
        context.put("httpMethod", "GET");
        context.put("path", path);
        context.put("resourcePath", path);
        context.put("identity", new java.util.LinkedHashMap<>(Map.of("sourceIp", "test-invoke-source-ip")));
        if (additionalContext != null) {
            context.putAll(additionalContext);
        }
        AuthorizerRequest request = new AuthorizerRequest(
                arn,
                "GET",
                path,
                path,
                h,
                query,
                Map.of(),
                stageVariables == null ? Map.of() : stageVariables,
                () -> context);
        add.accept("Starting authorizer: " + authorizer.id() + " for request: " + requestId);
        CompletableFuture<AuthorizerOutcome> outcome;
        try {
            if ("COGNITO_USER_POOLS".equals(authorizer.type())) {
                CognitoAuthorizer c = CognitoAuthorizer.compile(authorizer, settings.cognitoIssuerBase());
                outcome = c.verify(c.token(request), List.of(), jwks, clock)
                        .exceptionally(e -> new AuthorizerOutcome.Rejected(AuthorizerOutcome.FAILURE, e.getMessage()));
            } else {
                LambdaAuthorizer l = LambdaAuthorizer.compile(authorizer, request.stageVariables());
                List<String> identity = l.identity(request);
                add.accept("Incoming identity: " + (identity == null ? "null" : String.join(",", identity)));
                outcome = identity == null
                        ? CompletableFuture.completedFuture(AuthorizerOutcome.unauthorized("identity source missing"))
                        : l.invoke(request, identity, functions, settings.timeout(), null);
            }
        } catch (IllegalArgumentException e) {
            outcome = CompletableFuture.completedFuture(AuthorizerOutcome.configuration(e.getMessage()));
        }
        return outcome.thenApply(o -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (o instanceof AuthorizerOutcome.Identified id) {
                add.accept("Authorizer result: principalId " + id.principalId());
                add.accept("Successfully completed authorizer execution in " + ms + " ms");
                Map<String, String> ctx = new java.util.LinkedHashMap<>();
                id.context().forEach((k, v) -> ctx.put(k, String.valueOf(v)));
                Map<String, String> claims = new java.util.LinkedHashMap<>();
                id.claims().forEach((k, v) -> claims.put(k, String.valueOf(v)));
                return new AuthorizerTestResult(200, log, ms, id.principalId(), id.policyJson(), ctx, claims);
            }
            AuthorizerOutcome.Rejected r = (AuthorizerOutcome.Rejected) o;
            add.accept(
                    r.error().type().name().equals("UNAUTHORIZED")
                            ? "Unauthorized request: " + requestId
                            : "Execution failed due to configuration error: " + r.reason());
            add.accept("Authorizer completed with status: "
                    + r.error().type().defaultStatusCode().orElse("500"));
            return new AuthorizerTestResult(
                    Integer.parseInt(r.error().type().defaultStatusCode().orElse("500")),
                    log,
                    ms,
                    null,
                    null,
                    Map.of(),
                    Map.of());
        });
    }

    /** Table A of spec auth.md §5, with the resource policy's explicit deny already handled. */
    private static StepOutcome decide(
            Exchange ex, AuthorizerOutcome.Identified id, String arn, PolicyDocument.Facts facts, Decision rp) {
        Decision d = id.policy().evaluate(INVOKE, arn, facts, false);
        if (d == Decision.EXPLICIT_DENY) {
            return StepOutcome.fail(AuthorizerOutcome.EXPLICIT_DENY);
        }
        if (d == Decision.IMPLICIT_DENY && rp != Decision.ALLOW) {
            return StepOutcome.fail(AuthorizerOutcome.ACCESS_DENIED);
        }
        identify(ex, id);
        return StepOutcome.NEXT;
    }

    private static StepOutcome rejected(Exchange ex, AuthorizerOutcome.Rejected r) {
        LOG.atDebug()
                .addKeyValue("requestId", ex.requestId())
                .addKeyValue("reason", r.reason())
                .log("authorizer rejected the request");
        ExecutionLog.add(ex, "Authorizer rejected the request: " + r.reason());
        return StepOutcome.fail(r.error());
    }

    private static void identify(Exchange ex, AuthorizerOutcome.Identified id) {
        ex.set(
                RequestIdentity.AUTHORIZER,
                new RequestIdentity.Authorized(
                        id.principalId(), id.context(), id.usageIdentifierKey(), id.claims(), id.scopes()));
        ContextVariables.authorized(ex);
    }

    /** {@code arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}} for this request. */
    private String methodArn(Exchange ex) {
        return arnPrefix(ex.stage().apiId()) + ex.stage().stageName() + "/"
                + ex.request().method() + ex.request().resourcePath();
    }

    private String arnPrefix(String apiId) {
        return "arn:aws:execute-api:" + config.region() + ":" + config.accountId() + ":" + apiId + "/";
    }

    private PolicyDocument.Facts facts(Exchange ex) {
        return new PolicyDocument.Facts(
                ex.request().sourceIp(),
                settings.vpceHeader() == null ? null : ex.header(settings.vpceHeader()),
                settings.vpcHeader() == null ? null : ex.header(settings.vpcHeader()));
    }

    private static AuthorizerRequest request(Exchange ex, String arn) {
        return new AuthorizerRequest(
                arn,
                ex.request().method(),
                ex.method().resource().path(),
                ex.request().resourcePath(),
                ex.headers(),
                ex.query(),
                ex.pathParams(),
                ex.stage().variables(),
                () -> ContextVariables.of(ex));
    }

    /**
     * A resource policy's denial, as AWS answers it: 403 {@code AccessDeniedException} with the IAM
     * message under a capital {@code Message} (spec auth.md §5), not a gateway response.
     */
    static InvokeResponse resourcePolicyDenied(String arn, boolean explicit) {
        String message = "User: anonymous is not authorized to perform: " + INVOKE + " on resource: " + arn
                + (explicit ? " with an explicit deny" : "");
        byte[] body;
        try {
            body = PolicyDocument.JSON.writeValueAsBytes(Map.of("Message", message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            body = ("{\"Message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(2);
        headers.add(Map.entry("Content-Type", "application/json"));
        headers.add(Map.entry("x-amzn-ErrorType", "AccessDeniedException"));
        return new InvokeResponse(403, headers, body);
    }

    /** The deployment's resource policy, compiled once per deployment; null when the API has none. */
    private PolicyDocument resourcePolicy(RestApi api, DeploymentContent deployment) {
        if (api.policy() == null || api.policy().isBlank()) {
            return null;
        }
        return policies.get(deployment, d -> Optional.of(compileResourcePolicy(api)))
                .orElse(null);
    }

    PolicyDocument compileResourcePolicy(RestApi api) {
        String prefix = arnPrefix(api.id());
        return PolicyDocument.parse(
                api.policy(), r -> r.startsWith("execute-api:/") ? prefix + r.substring("execute-api:/".length()) : r);
    }

    private static Authorizer find(DeploymentContent deployment, String authorizerId) {
        if (deployment.authorizers() != null) {
            for (Authorizer a : deployment.authorizers()) {
                if (a.id().equals(authorizerId)) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException(
                "authorizer " + authorizerId + " is not part of the deployment (expected: redeploy)");
    }
}
