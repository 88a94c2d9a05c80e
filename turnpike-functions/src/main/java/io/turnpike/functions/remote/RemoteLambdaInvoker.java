package io.turnpike.functions.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.aws.AwsException;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.aws.lambda.Invocation;
import io.turnpike.aws.lambda.InvocationResult;
import io.turnpike.aws.lambda.InvocationType;
import io.turnpike.aws.sigv4.AwsCredentials;
import io.turnpike.aws.sigv4.SigV4Signer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Invokes functions through Lambda's Invoke REST API ({@code POST
 * /2015-03-31/functions/{FunctionName}/invocations?Qualifier=...}) on a configured endpoint, signed
 * with SigV4 for the service {@code lambda}.
 *
 * <p>Lambda's answers map onto the {@link FunctionInvoker} contract one to one: 200/202/204 become an
 * {@link InvocationResult} (a function error is a 200 with {@code X-Amz-Function-Error}), anything else
 * an {@link AwsException} with Lambda's status, the error type from {@code x-amzn-ErrorType} (or the
 * body's {@code __type}/{@code Type}) and the body's {@code Message}/{@code message}. When the endpoint
 * cannot be reached the call fails with 500 {@code ServiceException} (our message).
 *
 * <p>Non-blocking: the JDK's HTTP client sends asynchronously and completes on its own threads.
 */
public final class RemoteLambdaInvoker implements FunctionInvoker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String region;
    private final Optional<AwsCredentials> credentials;
    private final Clock clock;
    private final HttpClient http;

    /**
     * @param endpoint the Lambda endpoint, such as {@code https://lambda.us-east-1.amazonaws.com} or
     *     {@code http://127.0.0.1:4566}
     * @param region the region requests are signed for
     * @param credentials what requests are signed with; without any they are sent unsigned (which an
     *     emulator may accept and AWS refuses)
     * @param clock the signing time
     */
    public RemoteLambdaInvoker(URI endpoint, String region, Optional<AwsCredentials> credentials, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.getScheme() == null
                || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))
                || endpoint.getHost() == null) {
            throw new IllegalArgumentException("lambda endpoint: " + endpoint
                    + " (expected: an http(s) URL such as https://lambda.us-east-1.amazonaws.com)");
        }
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public CompletableFuture<InvocationResult> invoke(Invocation invocation) {
        String base = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String rawPath = base + "/2015-03-31/functions/" + encode(invocation.function()) + "/invocations";
        String rawQuery = invocation.qualifier() == null ? "" : "Qualifier=" + encode(invocation.qualifier());
        URI uri = URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + rawPath
                + (rawQuery.isEmpty() ? "" : "?" + rawQuery));

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Host", hostHeader(uri)));
        headers.add(Map.entry("X-Amz-Invocation-Type", invocation.type().wireName()));
        if (invocation.tailLogs()) {
            headers.add(Map.entry("X-Amz-Log-Type", "Tail"));
        }
        if (invocation.clientContext() != null) {
            headers.add(Map.entry("X-Amz-Client-Context", invocation.clientContext()));
        }
        if (credentials.isPresent()) {
            headers.addAll(SigV4Signer.sign(
                    "POST",
                    rawPath,
                    rawQuery,
                    headers,
                    invocation.payload(),
                    credentials.get(),
                    region,
                    "lambda",
                    clock.instant()));
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(invocation.payload()));
        for (Map.Entry<String, String> h : headers) {
            if (!h.getKey().equalsIgnoreCase("Host")) { // the client writes Host itself, as signed
                request.header(h.getKey(), h.getValue());
            }
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure;
                        // our message: AWS has no answer for an endpoint that cannot be reached
                        throw new AwsException(
                                500,
                                "ServiceException",
                                "Could not reach the Lambda endpoint " + endpoint + ": " + cause);
                    }
                    return result(invocation, response);
                });
    }

    private static InvocationResult result(Invocation invocation, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 200 || status == 202 || status == 204) {
            return new InvocationResult(
                    status,
                    response.body(),
                    response.headers().firstValue("X-Amz-Function-Error").orElse(null),
                    response.headers().firstValue("X-Amz-Log-Result").orElse(null),
                    response.headers()
                            .firstValue("X-Amz-Executed-Version")
                            .orElse(invocation.type() == InvocationType.REQUEST_RESPONSE ? "$LATEST" : "$LATEST"));
        }
        throw error(status, response);
    }

    static AwsException error(int status, HttpResponse<byte[]> response) {
        String type = response.headers().firstValue("x-amzn-ErrorType").orElse(null);
        String message = null;
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body != null && body.isObject()) {
                if (type == null) {
                    type = text(body, "__type", "Type", "code");
                }
                message = text(body, "Message", "message", "errorMessage");
            }
        } catch (IOException e) {
            // not JSON: the body's text is the message
        }
        if (type != null) {
            int colon = type.indexOf(':'); // "ResourceNotFoundException:http://internal.amazon.com/..."
            type = colon > 0 ? type.substring(0, colon) : type;
            int hash = type.lastIndexOf('#'); // "com.amazonaws.lambda#ResourceNotFoundException"
            type = hash >= 0 ? type.substring(hash + 1) : type;
        }
        if (message == null) {
            message = new String(response.body(), StandardCharsets.UTF_8);
        }
        if (status < 400 || status > 599) {
            return new AwsException(502, "ServiceException", "Lambda answered status " + status + ": " + message);
        }
        return new AwsException(status, type == null ? "ServiceException" : type, message);
    }

    private static String text(JsonNode body, String... names) {
        for (String n : names) {
            JsonNode v = body.get(n);
            if (v != null && v.isTextual()) {
                return v.textValue();
            }
        }
        return null;
    }

    /** {@code Host} as the JDK client writes it: the port only when it is not the scheme's default. */
    static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean https = uri.getScheme().equals("https");
        if (port == -1 || (https && port == 443) || (!https && port == 80)) {
            return uri.getHost();
        }
        return uri.getHost() + ":" + port;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
