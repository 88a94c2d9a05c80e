package io.turnpike.dataplane.entry;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Looks at the head of an HTTP/2 request before Netty turns it into an HTTP/1.1 request object, and
 * settles the two things that conversion would otherwise fail on.
 *
 * <p><b>{@code host} besides {@code :authority}.</b> RFC 9113 §8.3.1 wants {@code :authority} to win,
 * and Netty's conversion rejects a request in which the two differ. But clients that let their users
 * override {@code Host} send both — the JDK's HTTP client puts the URL's authority in {@code :authority}
 * and the override in {@code host} — and the override is what the user meant (curl, given
 * {@code -H Host:}, sends it as {@code :authority}). So a {@code host} header becomes the authority, and
 * host-style invoke URLs addressed that way work the same on HTTP/2 as on HTTP/1.1.
 *
 * <p><b>A head that is not a request</b> (a method that is not an HTTP token, no {@code :path}) is
 * answered 400 and the stream reset, instead of failing in the conversion.
 */
@ChannelHandler.Sharable
final class StreamHead extends ChannelInboundHandlerAdapter {

    static final StreamHead INSTANCE = new StreamHead();

    private StreamHead() {}

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2HeadersFrame frame && frame.headers().method() != null) {
            Http2Headers h = frame.headers();
            if (!isToken(h.method())
                    || (h.path() == null && !HttpMethod.CONNECT.asciiName().contentEquals(h.method()))) {
                ReferenceCountUtil.release(msg);
                // written from the tail, so the answer goes through the stream's HTTP/2 conversion
                Hangup.after(ctx, ctx.channel().writeAndFlush(Answers.refusal(RequestLimits.BAD_REQUEST, true)));
                return;
            }
            CharSequence host = h.get(HttpHeaderNames.HOST);
            if (host != null) {
                h.authority(host);
                h.remove(HttpHeaderNames.HOST);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** RFC 9110 §5.6.2 {@code token}. */
    private static boolean isToken(CharSequence s) {
        if (s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
