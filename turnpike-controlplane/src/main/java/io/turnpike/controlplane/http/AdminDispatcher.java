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

    private final Authenticator authenticator;
    private final OperationRouter router;
    private final Map<ServiceModel, Operations> services = new HashMap<>();
    private final Map<ServiceModel, InputDecoder> decoders = new HashMap<>();
    private final ObjectMapper json;

    public AdminDispatcher(Authenticator authenticator, List<Operations> services, ObjectMapper json) {
        this.authenticator = authenticator;
        this.json = json;
        List<ServiceModel> models = new ArrayList<>();
        for (Operations ops : services) {
            models.add(ops.model());
            this.services.put(ops.model(), ops);
            this.decoders.put(ops.model(), new InputDecoder(ops.model(), json));
        }
        this.router = new OperationRouter(models);
    }

    public AdminResponse dispatch(AdminRequest request) {
        long start = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        if (request.method().equals("GET") && request.rawPath().equals(HEALTH_PATH)) {
            return ok(200, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8), requestId);
        }
        String operation = "-";
        AdminResponse response;
        try {
            Optional<AwsException> rejected = authenticator.reject(request);
            if (rejected.isPresent()) {
                throw rejected.get();
            }
            List<String> segments = segments(request.rawPath());
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
            byte[] body = reply.body() == null ? new byte[0] : json.writeValueAsBytes(reply.body());
            response = ok(status, body, requestId);
        } catch (AwsException e) {
            response = AdminResponse.error(e.status(), e.errorType(), e.getMessage(), requestId);
        } catch (StoreException e) {
            LOG.error("requestId={} operation={} store failure", requestId, operation, e);
            response = AdminResponse.error(
                    503, "ServiceUnavailableException", "The store is unavailable: " + e.getMessage(), requestId);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("requestId={} operation={} unexpected failure", requestId, operation, e);
            response = AdminResponse.error(
                    500, "InternalFailure", "Internal failure (request id " + requestId + ")", requestId);
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
