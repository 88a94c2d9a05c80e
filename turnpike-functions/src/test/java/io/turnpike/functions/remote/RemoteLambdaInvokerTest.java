package io.turnpike.functions.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.turnpike.aws.AwsException;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.aws.lambda.Invocation;
import io.turnpike.aws.lambda.InvocationResult;
import io.turnpike.aws.lambda.InvocationType;
import io.turnpike.aws.sigv4.AwsCredentials;
import io.turnpike.aws.sigv4.SigV4Verifier;
import io.turnpike.aws.sigv4.SignedRequest;
import io.turnpike.aws.sigv4.VerificationResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The remote invoker against a real loopback server speaking Lambda's Invoke API, which checks every
 * request's SigV4 signature with Turnpike's own verifier and answers as Lambda does.
 */
class RemoteLambdaInvokerTest {

    private static final AwsCredentials KEYS = new AwsCredentials("AKIDREMOTE", "remote-secret", null);
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:";

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final HttpServer server = start();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            SigV4Verifier verifier = new SigV4Verifier(
                    id -> id.equals(KEYS.accessKeyId()) ? Optional.of(KEYS.secretAccessKey()) : Optional.empty(),
                    Clock.systemUTC(),
                    "us-east-1",
                    Set.of("lambda"),
                    Duration.ofMinutes(15));
            s.createContext("/", ex -> answer(ex, verifier));
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void answer(HttpExchange ex, SigV4Verifier verifier) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        ex.getRequestHeaders().forEach((k, vs) -> vs.forEach(v -> headers.add(Map.entry(k, v))));
        URI uri = ex.getRequestURI();
        VerificationResult v = verifier.verify(new SignedRequest(
                ex.getRequestMethod(),
                uri.getRawPath(),
                uri.getRawQuery() == null ? "" : uri.getRawQuery(),
                headers,
                body));
        if (v instanceof VerificationResult.Rejected r) {
            send(
                    ex,
                    403,
                    r.errorType(),
                    "{\"message\":\"" + r.message().replace("\"", "'").replace("\n", " ") + "\"}");
            return;
        }
        String path = uri.getRawPath();
        String prefix = "/2015-03-31/functions/";
        if (!ex.getRequestMethod().equals("POST") || !path.startsWith(prefix) || !path.endsWith("/invocations")) {
            send(ex, 404, "UnknownOperationException", "{\"message\":\"no such operation\"}");
            return;
        }
        String function = URLDecoder.decode(
                path.substring(prefix.length(), path.length() - "/invocations".length()), StandardCharsets.UTF_8);
        String type = ex.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
        seen.add(function + " " + uri.getRawQuery() + " " + type + " "
                + ex.getRequestHeaders().getFirst("X-Amz-Log-Type") + " "
                + ex.getRequestHeaders().getFirst("X-Amz-Client-Context"));
        String name = function.substring(function.lastIndexOf(':') + 1);
        switch (name) {
            case "upper" -> {
                if ("Event".equals(type)) {
                    send(ex, 202, null, "");
                    return;
                }
                ex.getResponseHeaders().add("X-Amz-Executed-Version", "7");
                ex.getResponseHeaders().add("X-Amz-Log-Result", "bG9ncw==");
                send(ex, 200, null, new String(body, StandardCharsets.UTF_8).toUpperCase());
            }
            case "crash" -> {
                ex.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
                ex.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
                send(ex, 200, null, "{\"errorMessage\":\"boom\",\"errorType\":\"Error\"}");
            }
            case "busy" -> send(
                    ex,
                    429,
                    "TooManyRequestsException",
                    "{\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\",\"Type\":\"User\",\"message\":\"Rate Exceeded.\"}");
            default -> send(
                    ex,
                    404,
                    "ResourceNotFoundException",
                    "{\"Type\":\"User\",\"Message\":\"Function not found: " + function + "\"}");
        }
    }

    private static void send(HttpExchange ex, int status, String errorType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (errorType != null) {
            ex.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private RemoteLambdaInvoker invoker(AwsCredentials keys) {
        return new RemoteLambdaInvoker(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "us-east-1",
                Optional.of(keys),
                Clock.systemUTC());
    }

    private static InvocationResult call(FunctionInvoker invoker, Invocation inv) throws Exception {
        return invoker.invoke(inv).get(10, TimeUnit.SECONDS);
    }

    private static AwsException failure(FunctionInvoker invoker, Invocation inv) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> invoker.invoke(inv).get(10, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(java.util.concurrent.ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(AwsException.class);
        return (AwsException) t.getCause();
    }

    @Test
    void aSignedInvocationReturnsTheFunctionsAnswerAndLambdasHeaders() throws Exception {
        Invocation inv = new Invocation(
                ARN + "upper",
                "live",
                InvocationType.REQUEST_RESPONSE,
                "{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8),
                true,
                "e30=");
        InvocationResult r = call(invoker(KEYS), inv);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"K\":\"V\"}");
        assertThat(r.functionError()).isNull();
        assertThat(r.executedVersion()).isEqualTo("7");
        assertThat(r.logResult()).isEqualTo("bG9ncw==");
        assertThat(seen).containsExactly(ARN + "upper Qualifier=live RequestResponse Tail e30=");
    }

    @Test
    void eventInvocationsAreAcknowledgedWith202() throws Exception {
        InvocationResult r = call(
                invoker(KEYS),
                new Invocation(
                        ARN + "upper", null, InvocationType.EVENT, "{}".getBytes(StandardCharsets.UTF_8), false, null));
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.payload()).isEmpty();
        assertThat(seen).containsExactly(ARN + "upper null Event null null");
    }

    @Test
    void aFunctionErrorIsASuccessfulResultWithTheErrorDocument() throws Exception {
        InvocationResult r = call(invoker(KEYS), Invocation.requestResponse(ARN + "crash", new byte[0]));
        assertThat(r.failed()).isTrue();
        assertThat(r.functionError()).isEqualTo("Unhandled");
        assertThat(new String(r.payload(), StandardCharsets.UTF_8)).contains("\"errorMessage\":\"boom\"");
    }

    @Test
    void invokeApiErrorsBecomeAwsExceptionsWithLambdasStatusTypeAndMessage() {
        AwsException missing = failure(invoker(KEYS), Invocation.requestResponse(ARN + "nope", new byte[0]));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorType()).isEqualTo("ResourceNotFoundException");
        assertThat(missing.getMessage()).isEqualTo("Function not found: " + ARN + "nope");

        AwsException busy = failure(invoker(KEYS), Invocation.requestResponse(ARN + "busy", new byte[0]));
        assertThat(busy.status()).isEqualTo(429);
        assertThat(busy.errorType()).isEqualTo("TooManyRequestsException");
        assertThat(busy.getMessage()).isEqualTo("Rate Exceeded.");
    }

    @Test
    void aWrongSecretIsRefusedByTheVerifier() {
        AwsException refused = failure(
                invoker(new AwsCredentials("AKIDREMOTE", "not-the-secret", null)),
                Invocation.requestResponse(ARN + "upper", new byte[0]));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorType()).isEqualTo("InvalidSignatureException");
        assertThat(seen).isEmpty();
    }

    @Test
    void anUnreachableEndpointIsAServiceException() throws Exception {
        int port;
        try (java.net.ServerSocket closed =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        RemoteLambdaInvoker invoker = new RemoteLambdaInvoker(
                URI.create("http://127.0.0.1:" + port), "us-east-1", Optional.of(KEYS), Clock.systemUTC());
        AwsException e = failure(invoker, Invocation.requestResponse(ARN + "upper", new byte[0]));
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.errorType()).isEqualTo("ServiceException");
    }

    @Test
    void theChainTriesTheNextInvokerOnlyWhenTheFunctionIsUnknown() throws Exception {
        FunctionInvoker local = inv -> inv.function().endsWith(":local")
                ? java.util.concurrent.CompletableFuture.completedFuture(
                        new InvocationResult(200, "local".getBytes(StandardCharsets.UTF_8), null, null, "$LATEST"))
                : inv.function().endsWith(":denied")
                        ? java.util.concurrent.CompletableFuture.failedFuture(
                                new AwsException(403, "AccessDeniedException", "denied"))
                        : FunctionInvoker.none("us-east-1", "123456789012").invoke(inv);
        FunctionInvoker chain = InvokerChain.of(local, invoker(KEYS));

        assertThat(call(chain, Invocation.requestResponse(ARN + "local", new byte[0]))
                        .payload())
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("local");
        assertThat(seen).isEmpty();
        assertThat(call(chain, Invocation.requestResponse(ARN + "upper", "x".getBytes(StandardCharsets.UTF_8)))
                        .payload())
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("X");
        assertThat(failure(chain, Invocation.requestResponse(ARN + "denied", new byte[0]))
                        .status())
                .isEqualTo(403);
        assertThat(failure(chain, Invocation.requestResponse(ARN + "gone", new byte[0]))
                        .getMessage())
                .isEqualTo("Function not found: " + ARN + "gone");
        assertThat(seen).hasSize(2); // "upper" and "gone" reached the remote, "denied" did not
        assertThatThrownBy(InvokerChain::of).isInstanceOf(IllegalArgumentException.class);
    }
}
