package io.turnpike.dataplane.entry;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The request-read clock of one HTTP/2 stream: a stream exists once its headers have arrived, and its
 * body must follow within the request-read timeout, or the client gets 408 on that stream and the
 * stream is hung up (see {@link Hangup}); what still arrives on it is dropped. The connection and its
 * other streams are not affected.
 */
final class StreamDeadline extends ChannelDuplexHandler {

    private final Duration requestRead;
    private ScheduledFuture<?> timer;
    private boolean done;
    /** The clock ran out and the stream was answered 408: the rest of the request is dropped. */
    private boolean expired;

    StreamDeadline(Duration requestRead) {
        this.requestRead = requestRead;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> timeUp(ctx), requestRead.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (expired) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof LastHttpContent) {
            finish();
        }
        ctx.fireChannelRead(msg);
    }

    /** An answer written before the body arrived (a refusal) ends the clock too. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse) {
            finish();
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        finish();
    }

    private void finish() {
        done = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void timeUp(ChannelHandlerContext ctx) {
        if (done || !ctx.channel().isActive()) {
            return;
        }
        finish();
        expired = true;
        Hangup.after(ctx, ctx.writeAndFlush(Answers.refusal(RequestLimits.REQUEST_TIMEOUT, true)));
    }
}
