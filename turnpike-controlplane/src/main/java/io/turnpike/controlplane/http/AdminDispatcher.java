package io.turnpike.controlplane.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.turnpike.aws.AwsException;
import io.turnpike.controlplane.Call;
import io.turnpike.controlplane.OperationHandler;
import io.turnpike.controlplane.Operations;
import io.turnpike.controlplane.Reply;
import io.turnpike.controlplane.wire.InputDecoder;
import io.turnpike.controlplane.wire.OperationRouter;
import io.turnpike.controlplane.wire.ServiceModel;
import io.turnpike.store.StoreException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One admin call from bytes to bytes, in this order: health check, authentication, routing by the
 * service models, input decoding, the operation's handler, serialization. Every outcome is an AWS-shaped
 * answer, and every call is logged on one line with its request id, operation, status and latency. The
 * log never holds request bodies, headers or credentials.
 */
public final class AdminDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger("turnpike.admin");
    public static final String HEALTH_PATH = "/_turnpike/health";

    /** Lambda's API versions lead its paths ({@code /2015-03-31/functions}); API Gateway's never do. */
    private static final java.util.regex.Pattern API_VERSION = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private static final String LAMBDA = "lambda";

    private final Authenticator authenticator;
    private final Map<String, OperationRouter> routers = new HashMap<>();
    private final Map<ServiceModel, Operations> services = new HashMap<>();
    private final Map<ServiceModel, InputDecoder> decoders = new HashMap<>();
    private final ObjectMapper json;

    public AdminDispatcher(Authenticator authenticator, List<Operations> services, ObjectMapper json) {
        this.authenticator = authenticator;
        this.json = json;
        for (Operations ops : services) {
            this.services.put(ops.model(), ops);
            this.decoders.put(
                    ops.model(),
                    new InputDecoder(
                            ops.model(),
                            json,
                            ops.model().name().equals(LAMBDA)
                                    ? InputDecoder.Dialect.LAMBDA
                                    : InputDecoder.Dialect.APIGATEWAY));
            if (routers.put(ops.model().name(), new OperationRouter(List.of(ops.model()))) != null) {
                throw new IllegalArgumentException("service " + ops.model().name() + " given twice");
            }
        }
    }

    /**
     * Which service a request addresses. Each AWS service has its own endpoint; here they share one
     * port, so the request says: Lambda's paths start with its API version date, and its signature is
     * scoped to the {@code lambda} service. Everything else is API Gateway's.
     */
    static String service(AdminRequest request, List<String> segments) {
        if (!segments.isEmpty() && API_VERSION.matcher(segments.get(0)).matches()) {
            return LAMBDA;
        }
        String auth = request.header("Authorization");
        if (auth != null && auth.contains("/" + LAMBDA + "/aws4_request")) {
            return LAMBDA;
        }
        return "apigateway";
    }

    public AdminResponse dispatch(AdminRequest request) {
        long start = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        if (request.method().equals("GET") && request.rawPath().equals(HEALTH_PATH)) {
            return ok(200, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8), requestId);
        }
        String operation = "-";
        AdminResponse response;
        ServiceModel model = null;
        try {
            List<String> segments = segments(request.rawPath());
            OperationRouter router = routers.get(service(request, segments));
            if (router == null) {
                router = routers.getOrDefault(
                        "apigateway", routers.values().iterator().next());
            }
            model = router.models().get(0);
            Optional<AwsException> rejected = authenticator.reject(request);
            if (rejected.isPresent()) {
                throw rejected.get();
            }
            Map<String, List<String>> query =
                    new QueryStringDecoder(request.rawQuery(), StandardCharsets.UTF_8, false).parameters();
            OperationRouter.Match match = router.match(request.method(), segments, query)
                    .orElseThrow(() -> new AwsException(
                            404,
                            "UnknownOperationException",
                            "No operation matches " + request.method() + " " + request.rawPath()));
            operation = match.operation().name();
            String opName = operation;
            OperationHandler handler = services.get(match.model())
                    .handler(operation)
                    .orElseThrow(() ->
                            AwsException.badRequest("Turnpike does not support the operation " + opName + " yet"));
            ObjectNode input = decoders.get(match.model())
                    .decode(match.operation(), match.labels(), query, request::header, request.body());
            Reply reply = handler.handle(new Call(operation, input, requestId));
            int status =
                    reply.status() == Reply.DEFAULT_STATUS ? match.operation().successStatus() : reply.status();
            if (reply.body() instanceof Reply.Raw raw) {
                List<Map.Entry<String, String>> headers = new ArrayList<>(reply.headers());
                headers.add(Map.entry("x-amzn-RequestId", requestId));
                response = new AdminResponse(status, headers, raw.bytes());
            } else {
                byte[] body = reply.body() == null ? new byte[0] : json.writeValueAsBytes(reply.body());
                response = ok(status, body, requestId);
            }
        } catch (AwsException e) {
            response = error(model, e.status(), e.errorType(), e.getMessage(), requestId);
        } catch (StoreException e) {
            LOG.error("requestId={} operation={} store failure", requestId, operation, e);
            response = error(
                    model,
                    503,
                    "ServiceUnavailableException",
                    "The store is unavailable: " + e.getMessage(),
                    requestId);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("requestId={} operation={} unexpected failure", requestId, operation, e);
            response =
                    error(model, 500, "InternalFailure", "Internal failure (request id " + requestId + ")", requestId);
        }
        long micros = (System.nanoTime() - start) / 1000;
        String errorType = response.status() >= 400 ? header(response, "x-amzn-ErrorType") : "-";
        LOG.atInfo()
                .addKeyValue("requestId", requestId)
                .addKeyValue("operation", operation)
                .addKeyValue("method", request.method())
                .addKeyValue("status", response.status())
                .addKeyValue("error", errorType)
                .addKeyValue("latencyMs", String.format(java.util.Locale.ROOT, "%.2f", micros / 1000.0))
                .log("admin call");
        return response;
    }

    /**
     * An error as the addressed service words it. Lambda's errors that its model defines carry {@code
     * Type} ({@code User} for a caller's fault, {@code Service} for ours) and the message under the
     * member name the exception's shape declares ({@code Message} or {@code message}); everything else,
     * and every API Gateway error, is {@code {"message": ...}}.
     */
    private AdminResponse error(ServiceModel model, int status, String type, String message, String requestId) {
        if (model == null || !model.name().equals(LAMBDA)) {
            return AdminResponse.error(status, type, message, requestId);
        }
        Optional<String> member = model.errorMessageMember(type);
        if (member.isEmpty()) {
            return AdminResponse.error(status, type, message, requestId);
        }
        ObjectNode body = json.createObjectNode();
        body.put("Type", status >= 500 ? "Service" : "User");
        body.put(member.get(), message);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", AdminResponse.JSON));
        headers.add(Map.entry("x-amzn-ErrorType", type));
        headers.add(Map.entry("x-amzn-RequestId", requestId));
        return new AdminResponse(status, headers, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static AdminResponse ok(int status, byte[] body, String requestId) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", AdminResponse.JSON));
        headers.add(Map.entry("x-amzn-RequestId", requestId));
        return new AdminResponse(status, headers, body);
    }

    private static String header(AdminResponse r, String name) {
        for (Map.Entry<String, String> h : r.headers()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return "-";
    }

    /**
     * Splits a raw path into percent-decoded segments. Decoding happens after splitting, so an encoded
     * slash ({@code %2F}, as in tag ARNs) stays inside its segment; {@code +} is a literal plus in paths.
     */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(percentDecode(s));
            }
        }
        return out;
    }

    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw AwsException.badRequest("Invalid percent-encoding in path segment: " + s);
                }
                out.write(hi * 16 + lo);
                i += 3;
            } else {
                int next = s.offsetByCodePoints(i, 1);
                out.writeBytes(s.substring(i, next).getBytes(StandardCharsets.UTF_8));
                i = next;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
