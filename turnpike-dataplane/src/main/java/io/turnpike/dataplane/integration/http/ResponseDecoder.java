package io.turnpike.dataplane.integration.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;

/**
 * Netty's response decoder, taught two things about the connection it serves.
 *
 * <p>It knows the in-flight request's method, so a response to {@code HEAD} is read without a body
 * (what {@code HttpClientCodec} does with a queue, simpler here since a connection carries one
 * exchange at a time). And it notes whether any byte arrived during the exchange: a pooled connection
 * that fails before its first byte was most likely closed by the upstream while idle, and only then is
 * an idempotent request retried. Bytes on a connection with no exchange in flight make it unusable, so
 * it is closed at once rather than left to confuse the next response.
 */
final class ResponseDecoder extends HttpResponseDecoder {

    private static final HttpDecoderConfig CONFIG = new HttpDecoderConfig()
            .setMaxInitialLineLength(8192)
            .setMaxHeaderSize(64 * 1024)
            .setMaxChunkSize(64 * 1024);

    /** The largest header block accepted, in bytes. */
    static final int MAX_HEADER_BYTES = CONFIG.getMaxHeaderSize();

    private final UpstreamConnection connection;
    private boolean bytesSeen;

    ResponseDecoder(UpstreamConnection connection) {
        super(CONFIG);
        this.connection = connection;
    }

    /** Starts a new exchange: no byte of its response has arrived yet. */
    void expectResponse() {
        bytesSeen = false;
    }

    boolean bytesSeen() {
        return bytesSeen;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            if (connection.current() == null) {
                buf.release();
                connection.abandon();
                return;
            }
            bytesSeen = true;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        Call exchange = connection.current();
        if (exchange != null
                && exchange.method() == HttpMethod.HEAD
                && msg instanceof HttpResponse response
                && response.status().code() >= 200) {
            return true;
        }
        return super.isContentAlwaysEmpty(msg);
    }
}
