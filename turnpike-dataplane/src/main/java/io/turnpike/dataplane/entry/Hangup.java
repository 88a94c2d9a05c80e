package io.turnpike.dataplane.entry;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Ends a conversation after an answer that leaves part of the request unread (a body over the limit, a
 * head the decoder gave up on, a request that timed out).
 *
 * <p>On HTTP/2 only the stream ends, and the connection's other streams carry on. What the client still
 * sends on it is read and dropped for {@link #LINGER_SECONDS}; a stream still open after that is reset
 * with {@code RST_STREAM(NO_ERROR)}, which tells the client to stop sending (RFC 9113 §8.1). Resetting
 * at once would be allowed, but some clients do not look at the answer until they have sent the whole
 * body — the JDK's HTTP client then waits for flow-control credit on the reset stream until it times
 * out — so a client that finishes its upload promptly gets to read the 413.
 *
 * <p>On HTTP/1.1 the connection ends, but not with a plain close: closing a socket whose receive buffer
 * still holds the client's unread bytes makes the kernel send a reset, and a reset can destroy the answer
 * before the client reads it — the client then reports "connection reset" instead of the 413. So the
 * answer is followed by a half-close (FIN), everything still arriving is read and dropped, and the
 * connection is closed when the client closes its side or after {@link #LINGER_SECONDS}, whichever comes
 * first (Apache's and nginx's "lingering close").
 */
final class Hangup {

    /** How long a hung-up connection (HTTP/1.1) or stream (HTTP/2) keeps draining what the client sends. */
    static final long LINGER_SECONDS = 2;

    private static final AttributeKey<Boolean> HANGING_UP = AttributeKey.valueOf(Hangup.class, "hangingUp");
    private static final Drain DRAIN = new Drain();

    private Hangup() {}

    /** Whether the connection is being hung up; requests still queued in its pipeline are dropped. */
    static boolean inProgress(Channel ch) {
        return Boolean.TRUE.equals(ch.attr(HANGING_UP).get());
    }

    /** Ends the stream or connection of {@code ctx} once {@code answer} is written. */
    static void after(ChannelHandlerContext ctx, ChannelFuture answer) {
        Channel ch = ctx.channel();
        if (ch instanceof Http2StreamChannel) {
            answer.addListener(f -> ch.eventLoop()
                    .schedule(
                            () -> {
                                if (ch.isActive()) {
                                    ch.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR));
                                }
                            },
                            LINGER_SECONDS,
                            TimeUnit.SECONDS));
            return;
        }
        if (inProgress(ch)) {
            return;
        }
        ch.attr(HANGING_UP).set(Boolean.TRUE);
        ch.pipeline().addFirst(DRAIN);
        ch.config().setAutoRead(true);
        answer.addListener(f -> {
            if (f.isSuccess() && ch instanceof DuplexChannel duplex && ch.isActive()) {
                duplex.shutdownOutput();
                ch.eventLoop().schedule(() -> ch.close(), LINGER_SECONDS, TimeUnit.SECONDS);
            } else {
                ch.close();
            }
        });
    }

    /** First in a hung-up pipeline: drops whatever the client still sends. */
    @ChannelHandler.Sharable
    private static final class Drain extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
