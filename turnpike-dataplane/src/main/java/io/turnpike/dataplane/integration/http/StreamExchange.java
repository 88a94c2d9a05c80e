package io.turnpike.dataplane.integration.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.turnpike.dataplane.integration.http.UpstreamException.Kind;
import io.turnpike.dataplane.pipeline.ClientStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One streamed request's way through the client: the body goes to the upstream chunk by chunk as the
 * client sends it, and the response comes back to the client the same way, nothing buffered beyond
 * what is in flight. Every method runs on the pool's event loop, which is the client's.
 *
 * <h2>Buffers</h2>
 *
 * A request chunk the entry hands over is owned here until it is written to the upstream (the encoder
 * releases it) or dropped (released here). A response chunk the connection decodes is retained once and
 * handed to the {@link ClientStream}, which owns it from then on; the connection releases its own
 * reference. Nothing is copied into arrays.
 *
 * <h2>Backpressure</h2>
 *
 * Both ways follow channel writability, so a connection whose peer keeps up never toggles reading:
 * when the upstream channel stops being writable the client is paused until it is writable again, and
 * when the client stops taking the response the upstream channel stops reading until the client's
 * channel drains ({@link #writable()}). Before a connection is ready the body waits here, and past
 * {@link #MAX_HELD_BYTES} the client is paused.
 *
 * <h2>Response transfer modes</h2>
 *
 * With {@link StreamRequest#untilHead()} (AWS's {@code STREAM}) the response goes to the client as it
 * arrives. Otherwise ({@code BUFFERED}, AWS's default) it is held, as the chunks the connection read
 * (no copy), until its last byte, and only then goes out, with its length: as on API Gateway, a client
 * gets a whole response or a gateway response, never part of one, and the request still streams.
 *
 * <h2>The end</h2>
 *
 * {@link #started} completes when the response head has gone to the client; until then every failure
 * (timeout, refused, reset, garbage, a body over the limit) fails it, and the caller answers with a
 * gateway response. After that a failure can only cut the answer short: the client's connection is
 * closed, or its HTTP/2 stream reset ({@link ClientStream#abort}). A client that goes away ({@link
 * #aborted}) closes the upstream connection, which never returns to the pool mid-exchange.
 *
 * <h2>Retry</h2>
 *
 * As for buffered calls (see {@link Exchange#connectionLost}), an idempotent request that meets a pooled
 * connection the upstream closed while idle is sent again once on a fresh connection, but only while no
 * byte of the body has been forwarded: the body is not kept after it is written, so once a chunk went
 * out the request cannot be repeated and the failure is answered like any other.
 */
final class StreamExchange extends ResponseReader implements ClientStream.BodyReceiver, Runnable {

    /** Body held while waiting for a connection before the client is paused. */
    static final int MAX_HELD_BYTES = 64 * 1024;

    private static final HttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final AsciiString HOST = AsciiString.cached("Host");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    private static final AsciiString TRANSFER_ENCODING = AsciiString.cached("Transfer-Encoding");
    private static final AsciiString CONNECTION = AsciiString.cached("Connection");

    private final StreamRequest request;
    private final OriginPool pool;
    private final ClientStream client;
    private final CompletableFuture<Void> started;
    private final HttpMethod method;

    private Deadlines.Entry timer;
    private boolean done;
    private boolean retried;
    /** The connection carrying the request; null while waiting for one. */
    private UpstreamConnection connection;

    // the client's side
    private ArrayDeque<ByteBuf> held;
    private int heldBytes;
    private boolean requestEnded;
    private long bodyBytesSent;
    private boolean clientPaused;

    // the current attempt
    private boolean requestWritten;
    private boolean closeRequested;
    /** The response head has gone to the client. */
    private boolean responseStarted;
    /** The upstream's final response head has arrived. */
    private boolean headReceived;
    // a response held until it is complete (BUFFERED): its head, and its body as the chunks came
    private int heldStatus;
    private HttpHeaders heldHeaders;
    private long heldLength;
    /** The first chunk held (most answers are one); any further ones follow in {@link #heldResponse}. */
    private ByteBuf heldFirst;

    private ArrayDeque<ByteBuf> heldResponse;
    private boolean keepAlive;
    private long responseBytes;
    private boolean upstreamPaused;

    StreamExchange(StreamRequest request, OriginPool pool, ClientStream client, CompletableFuture<Void> started) {
        this.request = request;
        this.pool = pool;
        this.client = client;
        this.started = started;
        this.method = HttpMethod.valueOf(request.method());
    }

    /** Starts the timer, takes the body from the client and asks the pool for a connection. */
    void begin() {
        long nanos;
        try {
            nanos = request.timeout().toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE / 2;
        }
        timer = pool.deadlines().add(nanos, this);
        client.receive(this);
        if (!done) {
            pool.acquire(this);
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

    @Override
    public void attach(UpstreamConnection c) {
        connection = c;
        requestWritten = false;
        resetResponse();
        responseStarted = false;
        headReceived = false;
        releaseHeldResponse();
        keepAlive = false;
        responseBytes = 0;
        upstreamPaused = false;
    }

    // ---- request ----

    @Override
    public void send(Channel ch, ChannelFutureListener written) {
        ch.write(head()).addListener(written);
        if (held != null) {
            ByteBuf b;
            while ((b = held.poll()) != null) {
                forward(ch, b, false, false);
            }
            heldBytes = 0;
        }
        if (requestEnded) {
            forward(ch, Unpooled.EMPTY_BUFFER, true, false);
        }
        ch.flush();
        if (clientPaused && ch.isWritable()) {
            clientPaused = false;
            client.resume();
        }
    }

    /** The head as sent: see {@link StreamRequest} for what the client writes itself. */
    private DefaultHttpRequest head() {
        List<Map.Entry<String, String>> given = request.headers();
        String host = null;
        closeRequested = false;
        for (int i = 0; i < given.size(); i++) {
            Map.Entry<String, String> h = given.get(i);
            switch (Exchange.classify(h.getKey())) {
                case HOST -> {
                    if (host == null) {
                        host = h.getValue();
                    }
                }
                case CONNECTION -> closeRequested |= Exchange.hasCloseToken(h.getValue());
                default -> {}
            }
        }
        HttpHeaders out = HEADERS.newHeaders();
        out.add(HOST, host != null ? host : pool.hostHeader());
        for (int i = 0; i < given.size(); i++) {
            Map.Entry<String, String> h = given.get(i);
            if (Exchange.classify(h.getKey()) == Exchange.HeaderClass.FORWARD) {
                out.add(h.getKey(), h.getValue());
            }
        }
        long length = request.contentLength();
        if (length >= 0) {
            out.add(CONTENT_LENGTH, Long.toString(length));
        } else if (length == StreamRequest.CHUNKED) {
            out.add(TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        } else if (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH) {
            out.add(CONTENT_LENGTH, "0");
        }
        out.add(CONNECTION, closeRequested ? HttpHeaderValues.CLOSE : HttpHeaderValues.KEEP_ALIVE);
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, request.target(), out);
    }

    @Override
    public void writeDone() {
        // the head is out; the end of the body is tracked by forward()
    }

    @Override
    public void chunk(ByteBuf content, boolean last) {
        if (done) {
            content.release();
            return;
        }
        if (last) {
            requestEnded = true;
        }
        UpstreamConnection c = connection;
        if (c == null) {
            if (content.isReadable()) {
                if (held == null) {
                    held = new ArrayDeque<>(4);
                }
                held.add(content);
                heldBytes += content.readableBytes();
                if (heldBytes > MAX_HELD_BYTES && !clientPaused) {
                    clientPaused = true;
                    client.pause();
                }
            } else {
                content.release();
            }
            return;
        }
        Channel ch = c.channel();
        forward(ch, content, last, true);
        if (!ch.isWritable() && !clientPaused) {
            clientPaused = true;
            client.pause();
        }
    }

    private void forward(Channel ch, ByteBuf content, boolean last, boolean flush) {
        bodyBytesSent += content.readableBytes();
        if (last) {
            UpstreamConnection attempt = connection;
            LastHttpContent msg = content.isReadable()
                    ? new DefaultLastHttpContent(content, EmptyHttpHeaders.INSTANCE)
                    : releaseAndEmpty(content);
            ChannelFuture f = flush ? ch.writeAndFlush(msg) : ch.write(msg);
            f.addListener(w -> {
                if (w.isSuccess() && connection == attempt) {
                    requestWritten = true;
                }
            });
        } else {
            HttpContent msg = new DefaultHttpContent(content);
            if (flush) {
                ch.writeAndFlush(msg, ch.voidPromise());
            } else {
                ch.write(msg, ch.voidPromise());
            }
        }
    }

    private static LastHttpContent releaseAndEmpty(ByteBuf content) {
        content.release();
        return LastHttpContent.EMPTY_LAST_CONTENT;
    }

    @Override
    public void writabilityChanged(boolean writable) {
        if (writable && clientPaused && !done) {
            clientPaused = false;
            client.resume();
        }
    }

    @Override
    public void aborted() {
        if (done) {
            return;
        }
        finish();
        UpstreamConnection c = connection;
        connection = null;
        if (c != null) {
            c.abandon(); // mid-exchange: closed, never pooled
        }
        started.completeExceptionally(new UpstreamException(
                Kind.RESET, "the client went away before the exchange with " + pool.origin() + " ended"));
    }

    // ---- response ----

    @Override
    Origin origin() {
        return pool.origin();
    }

    @Override
    boolean onFinalHead(HttpResponse response, int code) {
        boolean bodyless = method == HttpMethod.HEAD || code == 204 || code == 304;
        long declared = HttpUtil.isTransferEncodingChunked(response) ? -1 : HttpUtil.getContentLength(response, -1L);
        if (!bodyless && declared > request.maxResponseBytes()) {
            fail(Kind.RESPONSE_TOO_LARGE, tooLarge() + " (Content-Length: " + declared + ")", null);
            return false;
        }
        keepAlive = !closeRequested && HttpUtil.isKeepAlive(response);
        HttpHeaders headers = client.newHeaders();
        request.responseHeaders().accept(response.headers(), headers);
        long length = bodyless ? Math.max(0, method == HttpMethod.HEAD ? declared : 0) : declared;
        headReceived = true;
        if (!request.untilHead()) {
            // BUFFERED: like API Gateway, answer only with a complete response (see onContent)
            heldStatus = code;
            heldHeaders = headers;
            heldLength = bodyless ? length : -1;
            return true;
        }
        cancelTimer();
        responseStarted = true;
        client.head(code, headers, length);
        started.complete(null);
        return true;
    }

    @Override
    void onBody(HttpContent content, boolean last) {
        ByteBuf buf = content.content();
        int n = buf.readableBytes();
        responseBytes += n;
        if (responseBytes > request.maxResponseBytes()) {
            fail(Kind.RESPONSE_TOO_LARGE, tooLarge(), null);
            return;
        }
        if (n == 0 && !last) {
            return;
        }
        ByteBuf chunk = n == 0 ? Unpooled.EMPTY_BUFFER : buf.retain();
        if (!request.untilHead()) {
            if (n > 0) {
                if (heldFirst == null) {
                    heldFirst = chunk;
                } else {
                    if (heldResponse == null) {
                        heldResponse = new ArrayDeque<>(8);
                    }
                    heldResponse.add(chunk);
                }
            }
            if (last) {
                deliverHeldResponse();
            }
            return;
        }
        if (last) {
            // the connection goes back to the pool before the client hears the end, so that the client's
            // next request, sent as soon as it has its answer, finds it there
            complete();
            client.write(chunk, true);
            return;
        }
        if (!client.write(chunk, false) && !upstreamPaused) {
            upstreamPaused = true;
            connection.channel().config().setAutoRead(false);
        }
    }

    /** The whole BUFFERED response is here: the client gets it, with its length. */
    private void deliverHeldResponse() {
        ByteBuf first = heldFirst;
        ArrayDeque<ByteBuf> rest = heldResponse;
        heldFirst = null;
        heldResponse = null;
        ByteBuf body;
        if (first == null) {
            body = Unpooled.EMPTY_BUFFER;
        } else if (rest == null) {
            body = first;
        } else {
            rest.addFirst(first);
            body = Unpooled.wrappedBuffer(rest.toArray(new ByteBuf[0]));
        }
        long length = heldLength >= 0 ? heldLength : body.readableBytes();
        HttpHeaders headers = heldHeaders;
        heldHeaders = null;
        responseStarted = true;
        complete();
        client.head(heldStatus, headers, length);
        started.complete(null);
        client.write(body, true);
    }

    private void releaseHeldResponse() {
        heldHeaders = null;
        if (heldFirst != null) {
            heldFirst.release();
            heldFirst = null;
        }
        if (heldResponse != null) {
            ByteBuf b;
            while ((b = heldResponse.poll()) != null) {
                b.release();
            }
            heldResponse = null;
        }
    }

    @Override
    public void readComplete() {
        if (responseStarted && !done) {
            client.flush();
        }
    }

    @Override
    public void writable() {
        UpstreamConnection c = connection;
        if (upstreamPaused && c != null && !done) {
            upstreamPaused = false;
            c.channel().config().setAutoRead(true);
        }
    }

    private void complete() {
        finish();
        UpstreamConnection c = connection;
        connection = null;
        if (upstreamPaused) {
            upstreamPaused = false;
            c.channel().config().setAutoRead(true);
        }
        // reused only when both sides agreed to keep it and the whole request went out (an upstream may
        // answer before reading the body; the rest of the body would then still be on its way)
        c.finished(keepAlive && requestWritten);
    }

    private String tooLarge() {
        return "response from " + pool.origin() + " is larger than " + request.maxResponseBytes() + " bytes";
    }

    // ---- failures ----

    @Override
    public void connectionLost(UpstreamConnection c, Throwable cause, boolean bytesSeen) {
        if (done || c != connection) {
            return;
        }
        connection = null;
        if (!bytesSeen && c.reused() && !retried && request.idempotent() && bodyBytesSent == 0) {
            retried = true;
            pool.reconnect(c, this);
            return;
        }
        c.abandon();
        failLost(cause, bytesSeen, headReceived);
    }

    @Override
    public void connectFailed(String message, Throwable cause) {
        fail(Kind.CONNECT_FAILED, message, cause);
    }

    @Override
    public void fail(Kind kind, String message, Throwable cause) {
        if (done) {
            return;
        }
        finish();
        UpstreamConnection c = connection;
        connection = null;
        if (c != null) {
            c.abandon();
        }
        if (responseStarted) {
            client.abort(); // the answer has begun: all that is left is to cut it short
        } else {
            if (clientPaused) {
                clientPaused = false;
                client.resume(); // the entry reads (and drops) the rest of the body after its answer
            }
            started.completeExceptionally(new UpstreamException(kind, message, cause));
        }
    }

    /** The timer: the exchange (or, streaming, the wait for the response head) took too long. */
    @Override
    public void run() {
        timer = null;
        fail(
                Kind.TIMEOUT,
                "no " + (request.untilHead() ? "response head" : "complete response") + " from " + pool.origin()
                        + " within " + request.timeout().toMillis() + " ms",
                null);
    }

    private void finish() {
        done = true;
        cancelTimer();
        releaseHeldResponse();
        if (held != null) {
            ByteBuf b;
            while ((b = held.poll()) != null) {
                b.release();
            }
            heldBytes = 0;
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            pool.deadlines().remove(timer);
            timer = null;
        }
    }
}
