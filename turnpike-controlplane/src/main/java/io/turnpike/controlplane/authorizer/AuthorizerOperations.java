package io.turnpike.controlplane.authorizer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.aws.Ids;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.Call;
import io.turnpike.controlplane.Operations;
import io.turnpike.controlplane.Paging;
import io.turnpike.controlplane.Reply;
import io.turnpike.controlplane.patch.PatchOperation;
import io.turnpike.controlplane.patch.PatchOperation.Op;
import io.turnpike.controlplane.patch.PatchSpec;
import io.turnpike.controlplane.patch.PatchSpec.ValueType;
import io.turnpike.controlplane.restapi.RestApiOperations;
import io.turnpike.model.rest.Authorizer;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.Resource;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * CreateAuthorizer, GetAuthorizer, GetAuthorizers, UpdateAuthorizer, DeleteAuthorizer and
 * TestInvokeAuthorizer.
 *
 * <p>Every create and update is checked as a whole (spec auth.md §1.1, §2): TOKEN and REQUEST need a
 * Lambda {@code authorizerUri}; COGNITO_USER_POOLS needs user-pool {@code providerARNs}; TOKEN and
 * Cognito take exactly one {@code method.request.header.X} identity source, REQUEST a comma-separated
 * list of header, query string, stage variable and context sources (required while caching is on);
 * {@code identityValidationExpression} must be a regular expression; {@code
 * authorizerResultTtlInSeconds} is 0..3600 and 300 when not given. An authorizer that a method uses
 * cannot be deleted. Where the spec has no recorded message, the message is ours (marked so below).
 */
public final class AuthorizerOperations {

    static final String NOT_FOUND = "Invalid Authorizer identifier specified";
    static final int DEFAULT_TTL = 300;

    private static final Pattern LAMBDA_URI =
            Pattern.compile("arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path/2015-03-31/functions/.+/invocations");
    private static final Pattern POOL_ARN =
            Pattern.compile("arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\\d{12}:userpool/[\\w-]+_[0-9a-zA-Z]+");
    private static final Pattern SOURCE = Pattern.compile(
            "method\\.request\\.(header|querystring)\\.[^,\\s]+|stageVariables\\.[^,\\s]+|context\\.[^,\\s]+");
    private static final Pattern HEADER_SOURCE = Pattern.compile("method\\.request\\.header\\.[^,\\s]+");

    private static final PatchSpec PATCH = PatchSpec.builder()
            .scalar("/name", ValueType.STRING, Op.REPLACE)
            .scalar("/type", ValueType.STRING, Op.REPLACE)
            .scalar("/authType", ValueType.STRING, Op.REPLACE)
            .scalar("/authorizerUri", ValueType.STRING, Op.REPLACE)
            .scalar("/authorizerCredentials", ValueType.STRING, Op.REPLACE, Op.REMOVE)
            .scalar("/identitySource", ValueType.STRING, Op.REPLACE)
            .scalar("/identityValidationExpression", ValueType.STRING, Op.REPLACE, Op.REMOVE)
            .scalar("/authorizerResultTtlInSeconds", ValueType.INTEGER, Op.REPLACE)
            .stringSet("/providerARNs")
            .build();

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<Map<String, List<String>>> LIST_MAP = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private final AdminContext ctx;
    private final AuthorizerTester tester;

    public AuthorizerOperations(AdminContext ctx, AuthorizerTester tester) {
        this.ctx = ctx;
        this.tester = tester;
    }

    public void register(Operations ops) {
        ops.on("CreateAuthorizer", this::create)
                .on("GetAuthorizer", this::get)
                .on("GetAuthorizers", this::list)
                .on("UpdateAuthorizer", this::update)
                .on("DeleteAuthorizer", this::delete)
                .on("TestInvokeAuthorizer", this::testInvoke);
    }

    private Reply create(Call call) {
        String restApiId = call.string("restApiId");
        Authorizer a = new Authorizer(
                Ids.short6(),
                call.string("name"),
                call.string("type"),
                ctx.json().convertValue(call.opt("providerARNs"), STRING_LIST),
                call.optString("authType"),
                call.optString("authorizerUri"),
                call.optString("authorizerCredentials"),
                call.optString("identitySource"),
                call.optString("identityValidationExpression"),
                call.optInt("authorizerResultTtlInSeconds"));
        Authorizer created = ctx.store().write(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            Authorizer checked = check(a);
            tx.put(Kinds.AUTHORIZER, restApiId, checked.id(), checked);
            return checked;
        });
        return Reply.of(created);
    }

    private Reply get(Call call) {
        String restApiId = call.string("restApiId");
        String id = call.string("authorizerId");
        return Reply.of(ctx.store().read(tx -> require(tx, restApiId, id)));
    }

    private Reply list(Call call) {
        String restApiId = call.string("restApiId");
        List<Authorizer> all = ctx.store().read(tx -> {
            RestApiOperations.require(tx, ctx, restApiId);
            return tx.list(Kinds.AUTHORIZER, restApiId);
        });
        return Reply.of(Paging.page(ctx.json(), call, all, Authorizer::id, a -> a));
    }

    private Reply update(Call call) {
        String restApiId = call.string("restApiId");
        String id = call.string("authorizerId");
        List<PatchOperation> ops = call.patchOperations();
        Authorizer updated = ctx.store().write(tx -> {
            Authorizer current = require(tx, restApiId, id);
            ObjectNode patched = PATCH.apply(ctx.json().valueToTree(current), ops);
            Authorizer next = check(ctx.json().convertValue(patched, Authorizer.class));
            if (!next.type().equals(current.type())) {
                checkTypeChange(tx, restApiId, next);
            }
            tx.put(Kinds.AUTHORIZER, restApiId, id, next);
            return next;
        });
        return Reply.of(updated);
    }

    private Reply delete(Call call) {
        String restApiId = call.string("restApiId");
        String id = call.string("authorizerId");
        ctx.store().write(tx -> {
            Authorizer a = require(tx, restApiId, id);
            for (Resource r : tx.list(Kinds.RESOURCE, restApiId)) {
                Map.Entry<String, Method> user = user(r, id);
                if (user != null) {
                    // ours: AWS refuses; the wording follows its other "is referenced" conflicts
                    throw AwsException.conflict("Cannot delete authorizer '" + a.name() + "', is referenced in method: "
                            + user.getKey() + "/" + r.path());
                }
            }
            tx.delete(Kinds.AUTHORIZER, restApiId, id);
            return null;
        });
        return Reply.empty();
    }

    private Reply testInvoke(Call call) {
        String restApiId = call.string("restApiId");
        String id = call.string("authorizerId");
        Authorizer a = ctx.store().read(tx -> require(tx, restApiId, id));
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, List<String>> multi = ctx.json().convertValue(call.opt("multiValueHeaders"), LIST_MAP);
        if (multi != null) {
            multi.forEach((k, v) -> headers.put(k, List.copyOf(v)));
        }
        Map<String, String> single = ctx.json().convertValue(call.opt("headers"), STRING_MAP);
        if (single != null) {
            single.forEach((k, v) -> headers.put(k, List.of(v)));
        }
        AuthorizerTester.Result r = tester.test(new AuthorizerTester.Test(
                restApiId,
                a,
                headers,
                call.optString("pathWithQueryString"),
                call.optString("body"),
                ctx.json().convertValue(call.opt("stageVariables"), STRING_MAP),
                ctx.json().convertValue(call.opt("additionalContext"), STRING_MAP)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clientStatus", r.clientStatus());
        out.put("log", r.log());
        out.put("latency", r.latency());
        out.put("principalId", r.principalId());
        out.put("policy", r.policy());
        out.put("authorization", r.authorization());
        out.put("claims", r.claims());
        out.values().removeIf(v -> v == null);
        return Reply.of(out);
    }

    /** The authorizer, or AWS's 404, the same whether the API or the authorizer is missing. */
    private static Authorizer require(ReadTx tx, String restApiId, String id) {
        return tx.get(Kinds.AUTHORIZER, restApiId, id).orElseThrow(() -> AwsException.notFound(NOT_FOUND));
    }

    /** The first method of the resource that uses the authorizer, or null. */
    private static Map.Entry<String, Method> user(Resource r, String authorizerId) {
        if (r.resourceMethods() != null) {
            for (Map.Entry<String, Method> m : r.resourceMethods().entrySet()) {
                if (authorizerId.equals(m.getValue().authorizerId())) {
                    return m;
                }
            }
        }
        return null;
    }

    /** Methods name Lambda authorizers as CUSTOM and pools as COGNITO_USER_POOLS: a switch must not break them. */
    private static void checkTypeChange(ReadTx tx, String restApiId, Authorizer next) {
        boolean cognito = next.type().equals("COGNITO_USER_POOLS");
        for (Resource r : tx.list(Kinds.RESOURCE, restApiId)) {
            Map.Entry<String, Method> user = user(r, next.id());
            if (user != null
                    && cognito != "COGNITO_USER_POOLS".equals(user.getValue().authorizationType())) {
                // ours: no recording of this case
                throw AwsException.badRequest("Authorizer type " + next.type() + " does not fit authorization type "
                        + user.getValue().authorizationType() + " of method " + user.getKey() + "/" + r.path());
            }
        }
    }

    /** Checks a whole authorizer and fills in AWS's default TTL. Messages are ours unless noted. */
    static Authorizer check(Authorizer a) {
        if (a.name() == null || a.name().isBlank()) {
            throw AwsException.badRequest("Authorizer name must be non-empty");
        }
        String type = a.type();
        boolean lambda = type.equals("TOKEN") || type.equals("REQUEST");
        if (!lambda && !type.equals("COGNITO_USER_POOLS")) {
            throw AwsException.badRequest(
                    "Invalid authorizer type specified: " + type + " (expected: TOKEN, REQUEST or COGNITO_USER_POOLS)");
        }
        int ttl = a.authorizerResultTtlInSeconds() == null ? DEFAULT_TTL : a.authorizerResultTtlInSeconds();
        if (ttl < 0 || ttl > 3600) {
            throw AwsException.badRequest(
                    "Invalid authorizer TTL specified: " + ttl + ". Must be between 0 and 3600 seconds");
        }
        List<String> providers = a.providerARNs();
        if (lambda) {
            if (a.authorizerUri() == null || a.authorizerUri().isBlank()) {
                throw AwsException.badRequest("Authorizer URI is required for authorizer type " + type);
            }
            if (!LAMBDA_URI.matcher(a.authorizerUri()).matches()) {
                throw AwsException.badRequest(
                        "Invalid authorizer URI specified: " + a.authorizerUri()
                                + " (expected: arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations)");
            }
        } else {
            if (providers == null || providers.isEmpty()) {
                throw AwsException.badRequest("Provider ARNs are required for authorizer type COGNITO_USER_POOLS");
            }
            for (String arn : providers) {
                if (!POOL_ARN.matcher(arn).matches()) {
                    throw AwsException.badRequest("Invalid provider ARN specified: " + arn
                            + " (expected: arn:aws:cognito-idp:{region}:{account}:userpool/{poolId})");
                }
            }
        }
        String source = a.identitySource();
        if (type.equals("REQUEST")) {
            if (source == null || source.isBlank()) {
                if (ttl > 0) {
                    throw AwsException.badRequest(
                            "Identity source is required for a REQUEST authorizer while caching is enabled");
                }
            } else {
                for (String s : source.split(",")) {
                    if (!SOURCE.matcher(s.trim()).matches()) {
                        throw AwsException.badRequest("Invalid identity source specified: " + s.trim());
                    }
                }
            }
        } else if (source == null || !HEADER_SOURCE.matcher(source.trim()).matches()) {
            throw AwsException.badRequest(
                    "Invalid identity source specified: " + source + " (expected: method.request.header.{name})");
        }
        if (a.identityValidationExpression() != null) {
            try {
                Pattern.compile(a.identityValidationExpression());
            } catch (PatternSyntaxException e) {
                throw AwsException.badRequest(
                        "Invalid identity validation expression specified: " + a.identityValidationExpression());
            }
        }
        return new Authorizer(
                a.id(),
                a.name(),
                type,
                lambda ? null : List.copyOf(providers),
                a.authType(),
                lambda ? a.authorizerUri() : null,
                a.authorizerCredentials(),
                source == null ? null : source.trim(),
                a.identityValidationExpression(),
                ttl);
    }
}
