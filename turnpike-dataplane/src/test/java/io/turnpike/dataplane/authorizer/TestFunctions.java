package io.turnpike.dataplane.authorizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.aws.lambda.Invocation;
import io.turnpike.aws.lambda.InvocationResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Authorizer functions that really read their event and decide from it, answering on their own thread
 * as a function host does. The decision is the TOKEN event's {@code authorizationToken}, or the REQUEST
 * event's {@code X-Decision} header (else its {@code decision} query parameter):
 *
 * <ul>
 *   <li>{@code allow}: Allow on exactly the event's methodArn, principal {@code user-<decision>}, context
 *       {@code {stringKey: "value", numberKey: 1, booleanKey: true}}
 *   <li>{@code wildcard}: Allow on {@code arn:...:{api}/* /GET/*}
 *   <li>{@code deny}: Deny on the methodArn; {@code silent}: Allow on another ARN only
 *   <li>{@code unauthorized}: fails with {@code Unauthorized}; {@code crash}: fails with another message
 *   <li>{@code garbage}, {@code no-principal}, {@code nested-context}: malformed answers
 *   <li>{@code hang}: never answers; {@code missing}: the function does not exist (404)
 * </ul>
 */
final class TestFunctions implements FunctionInvoker, AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    final List<String> functionNames = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-function-host");
        t.setDaemon(true);
        return t;
    });

    /** Calls with the token {@code gated} answer (as {@code wildcard}) once this completes. */
    final CompletableFuture<Void> gate = new CompletableFuture<>();

    @Override
    public CompletableFuture<InvocationResult> invoke(Invocation invocation) {
        JsonNode event;
        try {
            event = JSON.readTree(invocation.payload());
        } catch (java.io.IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        events.add(event);
        functionNames.add(invocation.function());
        String decision = event.path("type").asText().equals("TOKEN")
                ? event.path("authorizationToken").asText()
                : event.path("headers").has("X-Decision")
                        ? event.path("headers").path("X-Decision").asText()
                        : event.path("queryStringParameters").path("decision").asText();
        if (decision.equals("hang")) {
            return new CompletableFuture<>();
        }
        if (decision.equals("gated")) {
            String methodArn = event.path("methodArn").asText();
            return gate.thenApplyAsync(v -> answer("wildcard", methodArn), thread);
        }
        if (decision.equals("missing")) {
            return CompletableFuture.failedFuture(
                    new AwsException(404, "ResourceNotFoundException", "Function not found: " + invocation.function()));
        }
        return CompletableFuture.supplyAsync(
                () -> answer(decision, event.path("methodArn").asText()), thread);
    }

    private static InvocationResult answer(String decision, String methodArn) {
        String api = methodArn.substring(0, methodArn.indexOf('/'));
        return switch (decision) {
            case "allow" -> ok(allow("user-allow", "Allow", methodArn));
            case "wildcard" -> ok(allow("user-wildcard", "Allow", api + "/*/GET/*"));
            case "deny" -> ok(allow("user-deny", "Deny", methodArn));
            case "silent" -> ok(allow("user-silent", "Allow", api + "/prod/POST/elsewhere"));
            case "unauthorized" -> failed("{\"errorMessage\":\"Unauthorized\",\"errorType\":\"Error\"}");
            case "crash" -> failed("{\"errorMessage\":\"boom\",\"errorType\":\"Error\"}");
            case "garbage" -> ok("this is not json");
            case "no-principal" -> ok("{\"policyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":[]}}");
            case "nested-context" -> {
                ObjectNode o = (ObjectNode) read(allow("user-nested", "Allow", methodArn));
                o.putObject("context").putObject("obj").put("a", 1);
                yield ok(o.toString());
            }
            default -> failed("{\"errorMessage\":\"unknown decision " + decision + "\"}");
        };
    }

    static String allow(String principal, String effect, String resource) {
        ObjectNode o = JSON.createObjectNode();
        o.put("principalId", principal);
        ObjectNode policy = o.putObject("policyDocument");
        policy.put("Version", "2012-10-17");
        ObjectNode st = policy.putArray("Statement").addObject();
        st.put("Action", "execute-api:Invoke");
        st.put("Effect", effect);
        st.putArray("Resource").add(resource);
        ObjectNode ctx = o.putObject("context");
        ctx.put("stringKey", "value");
        ctx.put("numberKey", 1);
        ctx.put("booleanKey", true);
        o.put("usageIdentifierKey", "usage-key-0123456789");
        return o.toString();
    }

    private static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InvocationResult ok(String payload) {
        return new InvocationResult(200, payload.getBytes(StandardCharsets.UTF_8), null, null, "$LATEST");
    }

    private static InvocationResult failed(String payload) {
        return new InvocationResult(200, payload.getBytes(StandardCharsets.UTF_8), "Unhandled", null, "$LATEST");
    }

    int calls() {
        return events.size();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
