package io.turnpike.dataplane.integration.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.turnpike.dataplane.integration.http.UpstreamException.Kind;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One request's way through the client, from acquiring a connection to the aggregated response; every
 * method runs on the pool's event loop. It ends exactly once ({@link #done}), by response, failure or
 * its timer ({@link #run}), and whichever comes first wins: a late response on a timed-out exchange is
 * never delivered, since the timeout closed its connection.
 *
 * <p>An exchange may use two connections: when a reused connection fails before any response byte,
 * an idempotent request is sent once more on a fresh one (see {@link #connectionLost}).
 */
final class Exchange extends ResponseReader implements Runnable {

    private static final byte[] EMPTY = new byte[0];

    /** Validation happened in {@link UpstreamRequest}'s constructor; Netty need not repeat it. */
    private static final HttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    // Written as most HTTP/1.1 clients (and API Gateway) write them, for upstreams that echo headers.
    private static final AsciiString HOST = AsciiString.cached("Host");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    private static final AsciiString CONNECTION = AsciiString.cached("Connection");

    private final UpstreamRequest request;
    private final OriginPool pool;
    private final CompletableFuture<UpstreamResponse> future;
    private final HttpMethod method;
    private final String target;

    private Deadlines.Entry timer;
    private boolean done;
    private boolean retried;
    /** The connection carrying the request; null while waiting for one. */
    private UpstreamConnection connection;

    // state of the current attempt
    private boolean writeDone;
    private boolean closeRequested;
    private boolean started;
    private boolean keepAlive;
    private int status;
    private List<Map.Entry<String, String>> headers = List.of();
    private byte[] body = EMPTY;
    private int length;

    Exchange(UpstreamRequest request, OriginPool pool, CompletableFuture<UpstreamResponse> future) {
        this.request = request;
        this.pool = pool;
        this.future = future;
        this.method = HttpMethod.valueOf(request.method());
        this.target = request.target();
    }

    /** Starts the timer and asks the pool for a connection. */
    void begin() {
        timer = pool.deadlines().add(saturatedNanos(), this);
        pool.acquire(this);
    }

    private long saturatedNanos() {
        try {
            return request.timeout().toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    @Override
    public boolean done() {
        return done;
    }

    @Override
    public HttpMethod method() {
        return method;
    }

    /** Binds the exchange to a connection about to send it, resetting what an earlier attempt saw. */
    @Override
    public void attach(UpstreamConnection c) {
        connection = c;
        writeDone = false;
        resetResponse();
        started = false;
        keepAlive = false;
        status = 0;
        headers = List.of();
        body = EMPTY;
        length = 0;
    }

    @Override
    public void writeDone() {
        writeDone = true;
    }

    @Override
    public void send(io.netty.channel.Channel ch, io.netty.channel.ChannelFutureListener written) {
        ch.writeAndFlush(encode()).addListener(written);
    }

    /**
     * The request as sent: the caller's headers in order minus the ones only the client may write, then
     * {@code Host} first, {@code Content-Length} when there is a body or the method expects one, and our
     * own {@code Connection}.
     */
    FullHttpRequest encode() {
        List<Map.Entry<String, String>> given = request.headers();
        String host = null;
        closeRequested = false;
        for (int i = 0; i < given.size(); i++) {
            Map.Entry<String, String> h = given.get(i);
            switch (classify(h.getKey())) {
                case HOST -> {
                    if (host == null) {
                        host = h.getValue();
                    }
                }
                case CONNECTION -> closeRequested |= hasCloseToken(h.getValue());
                default -> {}
            }
        }
        HttpHeaders out = HEADERS.newHeaders();
        out.add(HOST, host != null ? host : pool.hostHeader());
        for (int i = 0; i < given.size(); i++) {
            Map.Entry<String, String> h = given.get(i);
            if (classify(h.getKey()) == HeaderClass.FORWARD) {
                out.add(h.getKey(), h.getValue());
            }
        }
        byte[] bytes = request.body();
        if (bytes.length > 0 || method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH) {
            out.addInt(CONTENT_LENGTH, bytes.length);
        }
        out.add(CONNECTION, closeRequested ? HttpHeaderValues.CLOSE : HttpHeaderValues.KEEP_ALIVE);
        // A heap wrapper, not a copy: the encoder merges small bodies into its pooled direct header
        // buffer and the transport copies larger ones into a direct buffer as it writes them.
        ByteBuf content = bytes.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
        return new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, method, target, content, out, EmptyHttpHeaders.INSTANCE);
    }

    enum HeaderClass {
        FORWARD,
        HOST,
        CONNECTION,
        DROP
    }

    /** Sorts a header name by length first, so most names cost one switch and no string compare. */
    static HeaderClass classify(String name) {
        switch (name.length()) {
            case 2:
                return name.equalsIgnoreCase("te") ? HeaderClass.DROP : HeaderClass.FORWARD;
            case 4:
                return name.equalsIgnoreCase("host") ? HeaderClass.HOST : HeaderClass.FORWARD;
            case 7:
                return name.equalsIgnoreCase("upgrade") ? HeaderClass.DROP : HeaderClass.FORWARD;
            case 10:
                if (name.equalsIgnoreCase("connection")) {
                    return HeaderClass.CONNECTION;
                }
                return name.equalsIgnoreCase("keep-alive") ? HeaderClass.DROP : HeaderClass.FORWARD;
            case 14:
                return name.equalsIgnoreCase("content-length") ? HeaderClass.DROP : HeaderClass.FORWARD;
            case 16:
                return name.equalsIgnoreCase("proxy-connection") ? HeaderClass.DROP : HeaderClass.FORWARD;
            case 17:
                return name.equalsIgnoreCase("transfer-encoding") ? HeaderClass.DROP : HeaderClass.FORWARD;
            default:
                return HeaderClass.FORWARD;
        }
    }

    /** Whether a Connection header value lists the {@code close} token; no allocation, as it runs per request. */
    static boolean hasCloseToken(String value) {
        int start = 0;
        int n = value.length();
        while (start < n) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int a = start;
            int b = end;
            while (a < b && (value.charAt(a) == ' ' || value.charAt(a) == '\t')) {
                a++;
            }
            while (b > a && (value.charAt(b - 1) == ' ' || value.charAt(b - 1) == '\t')) {
                b--;
            }
            if (b - a == 5 && value.regionMatches(true, a, "close", 0, 5)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    @Override
    Origin origin() {
        return pool.origin();
    }

    @Override
    boolean onFinalHead(HttpResponse response, int code) {
        started = true;
        status = code;
        headers = copy(response.headers());
        keepAlive = !closeRequested && HttpUtil.isKeepAlive(response);
        boolean bodyless = method == HttpMethod.HEAD || code == 204 || code == 304;
        if (!bodyless && !HttpUtil.isTransferEncodingChunked(response)) {
            long declared = HttpUtil.getContentLength(response, -1L);
            if (declared > pool.maxResponseBytes()) {
                fail(Kind.RESPONSE_TOO_LARGE, tooLarge() + " (Content-Length: " + declared + ")", null);
                return false;
            }
            if (declared > 0) {
                body = new byte[(int) declared];
            }
        }
        return true;
    }

    @Override
    void onBody(HttpContent content, boolean last) {
        ByteBuf buf = content.content();
        int n = buf.readableBytes();
        if (n > 0) {
            if (n > pool.maxResponseBytes() - length) {
                fail(Kind.RESPONSE_TOO_LARGE, tooLarge(), null);
                return;
            }
            if (length + n > body.length) {
                int grown = (int)
                        Math.min(pool.maxResponseBytes(), Math.max(length + n, Math.max(8192L, 2L * body.length)));
                body = Arrays.copyOf(body, grown);
            }
            buf.getBytes(buf.readerIndex(), body, length, n);
            length += n;
        }
        if (last) {
            complete();
        }
    }

    private String tooLarge() {
        return "response from " + pool.origin() + " is larger than " + pool.maxResponseBytes() + " bytes";
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Map.Entry<String, String>> copy(HttpHeaders from) {
        Map.Entry<String, String>[] entries = new Map.Entry[from.size()];
        int i = 0;
        for (Iterator<Map.Entry<String, String>> it = from.iteratorAsString(); it.hasNext(); ) {
            Map.Entry<String, String> e = it.next();
            entries[i++] = Map.entry(e.getKey(), e.getValue());
        }
        return List.of(i == entries.length ? entries : Arrays.copyOf(entries, i));
    }

    private void complete() {
        done = true;
        cancelTimer();
        UpstreamConnection c = connection;
        connection = null;
        // Reuse only a connection both sides agreed to keep, whose request went out whole (an upstream
        // may answer early, before reading the body, and then the rest of the body is still on the way).
        c.finished(keepAlive && writeDone);
        byte[] bytes = length == body.length ? body : Arrays.copyOf(body, length);
        future.complete(new UpstreamResponse(status, headers, bytes));
    }

    /**
     * The connection this exchange was on failed (closed, reset, or a write failed).
     *
     * <p>The retry rule: a connection from the pool may have been closed by the upstream while it sat
     * idle, and we learn so only when we use it. If nothing came back (not a byte), the upstream cannot
     * have processed the request in a way we would see, and for an idempotent method sending it again is
     * safe by definition, so we do, once, on a fresh connection. Never for POST or PATCH (the upstream
     * may have acted on it before closing), never after a response byte, and never when the failed
     * connection was itself fresh: then the upstream is refusing, not tidying up.
     *
     * @param cause null for an orderly close
     */
    @Override
    public void connectionLost(UpstreamConnection c, Throwable cause, boolean bytesSeen) {
        if (done || c != connection) {
            return;
        }
        connection = null;
        if (!bytesSeen && c.reused() && !retried && request.idempotent()) {
            retried = true;
            pool.reconnect(c, this);
            return;
        }
        c.abandon();
        failLost(cause, bytesSeen, started);
    }

    /** The connection opened for this exchange did not come up. */
    @Override
    public void connectFailed(String message, Throwable cause) {
        fail(Kind.CONNECT_FAILED, message, cause);
    }

    @Override
    public void fail(Kind kind, String message, Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        cancelTimer();
        UpstreamConnection c = connection;
        connection = null;
        if (c != null) {
            c.abandon();
        }
        future.completeExceptionally(new UpstreamException(kind, message, cause));
    }

    private void cancelTimer() {
        if (timer != null) {
            pool.deadlines().remove(timer);
            timer = null;
        }
    }

    /** The timer: the whole exchange took too long. The connection, mid-exchange, is closed, not pooled. */
    @Override
    public void run() {
        timer = null;
        fail(
                Kind.TIMEOUT,
                "no complete response from " + pool.origin() + " within "
                        + request.timeout().toMillis() + " ms",
                null);
    }
}
