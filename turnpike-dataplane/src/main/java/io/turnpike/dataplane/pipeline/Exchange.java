package io.turnpike.dataplane.pipeline;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.turnpike.dataplane.snapshot.MethodPlan;
import io.turnpike.dataplane.snapshot.StageSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request's journey through the pipeline: the request, the stage snapshot it is served by (read
 * once, so the request sees one consistent configuration however many deployments happen meanwhile),
 * the matched method, and what steps leave for later steps under typed {@link Attr} keys.
 *
 * <p>Confined to the request's event loop; not thread-safe.
 */
public final class Exchange {

    private final InvokeRequest request;
    private final StageSnapshot stage;
    private final String requestId;
    private final String extendedRequestId;
    private final long requestTimeEpochMillis;
    private final long startNanos;
    /** Per-request state by {@link Attr#index}; grown when a key made after this exchange is set. */
    private Object[] attrs = new Object[Attr.created()];

    private io.netty.channel.EventLoop eventLoop;
    private MethodPlan method;
    private Map<String, String> pathParams = Map.of();
    private Map<String, List<String>> query;
    private HeaderMap headers;
    private String bodyText;

    public Exchange(
            InvokeRequest request,
            StageSnapshot stage,
            String requestId,
            String extendedRequestId,
            long requestTimeEpochMillis,
            long startNanos) {
        this.request = request;
        this.stage = stage;
        this.requestId = requestId;
        this.extendedRequestId = extendedRequestId;
        this.requestTimeEpochMillis = requestTimeEpochMillis;
        this.startNanos = startNanos;
    }

    public InvokeRequest request() {
        return request;
    }

    public StageSnapshot stage() {
        return stage;
    }

    public String requestId() {
        return requestId;
    }

    public String extendedRequestId() {
        return extendedRequestId;
    }

    public long requestTimeEpochMillis() {
        return requestTimeEpochMillis;
    }

    public long startNanos() {
        return startNanos;
    }

    /** The event loop the request runs on; integrations do their I/O on it. */
    public io.netty.channel.EventLoop eventLoop() {
        return eventLoop;
    }

    void runOn(io.netty.channel.EventLoop loop) {
        this.eventLoop = loop;
    }

    /** The matched method, or null before routing (and for requests that matched nothing). */
    public MethodPlan method() {
        return method;
    }

    public Map<String, String> pathParams() {
        return pathParams;
    }

    void routed(MethodPlan method, Map<String, String> pathParams) {
        this.method = method;
        this.pathParams = Collections.unmodifiableMap(pathParams);
    }

    /** Query parameters, decoded ({@code +} is a space), multi-valued, in order. */
    public Map<String, List<String>> query() {
        if (query == null) {
            query = request.rawQuery().isEmpty()
                    ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(
                            new QueryStringDecoder(request.rawQuery(), StandardCharsets.UTF_8, false).parameters()));
        }
        return query;
    }

    /** Headers, multi-valued, names as first received, looked up case-insensitively, iterated by name. */
    public Map<String, List<String>> headers() {
        return headerMap();
    }

    /** The last value of a header (AWS's single-value view), or null. */
    public String header(String name) {
        return headerMap().last(name);
    }

    private HeaderMap headerMap() {
        HeaderMap h = headers;
        if (h == null) {
            h = HeaderMap.of(request.headers());
            headers = h;
        }
        return h;
    }

    /** The body decoded as UTF-8 (decoded once, on first use). */
    public String bodyText() {
        String text = bodyText;
        if (text == null) {
            text = new String(request.body(), StandardCharsets.UTF_8);
            bodyText = text;
        }
        return text;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Attr<T> key) {
        int i = key.index;
        return i < attrs.length ? (T) attrs[i] : null;
    }

    public <T> void set(Attr<T> key, T value) {
        int i = key.index;
        if (i >= attrs.length) {
            attrs = Arrays.copyOf(attrs, Math.max(i + 1, Attr.created()));
        }
        attrs[i] = value;
    }
}
