package io.turnpike.dataplane.entry;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The two clocks of an HTTP/1.1 connection (see {@link DataPlaneServer.Timeouts}):
 *
 * <ul>
 *   <li><b>idle</b> runs while nothing is happening — no request being answered, no bytes of the next
 *       one — and closes the connection when it runs out;
 *   <li><b>request read</b> starts with the first byte of a request and runs until its last byte; when it
 *       runs out the client gets 408 and the connection is hung up.
 * </ul>
 *
 * Neither runs while a request is being answered: that time is the gateway's, bounded by the
 * integration timeout. The request-read clock is not restarted by bytes that trickle in, so a client
 * cannot hold a connection by sending one byte every few seconds.
 *
 * <p>It watches the connection from two places: {@link #wire()} sits before the HTTP decoder and sees
 * the first bytes of a request before they make a whole request line; {@link #messages()} sits after it
 * and sees where requests end and answers are written. Both clocks are one {@link ConnectionTimer} on
 * the connection's event loop (so the embedded event loop of a test drives it): a request moves it
 * through idle, reading, busy and idle again with field writes, not timer tasks.
 */
final class Http1Clock {

    private enum Mode {
        NOT_STARTED,
        IDLE,
        READING,
        BUSY,
        STOPPED
    }

    private final long idleNanos;
    private final long requestReadNanos;
    private ChannelHandlerContext wireCtx;
    private ChannelHandlerContext messagesCtx;
    private Mode mode = Mode.NOT_STARTED;
    private ConnectionTimer timer;
    /**
     * Requests that ended minus answers written: more than one when pipelined, and below zero for a
     * moment when a request is answered before its body has arrived (a head over a limit).
     */
    private int pending;
    /** Bytes of a request have arrived and its end has not. */
    private boolean partial;
    /** The last answer head written was informational (100 Continue): its request is not answered yet. */
    private boolean interim;

    Http1Clock(DataPlaneServer.Timeouts timeouts) {
        this.idleNanos = timeouts.idle().toNanos();
        this.requestReadNanos = timeouts.requestRead().toNanos();
    }

    /** Goes before the HTTP decoder. */
    ChannelHandler wire() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                wireCtx = ctx;
                timer = new ConnectionTimer(
                        ctx.executor(), Math.min(idleNanos, requestReadNanos), Http1Clock.this::expired);
                if (ctx.channel().isActive()) {
                    update();
                }
            }

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                update();
                ctx.fireChannelActive();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf b && b.isReadable()) {
                    partial = true;
                }
                ctx.fireChannelRead(msg);
                update();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                stop();
                ctx.fireChannelInactive();
            }
        };
    }

    /** Goes after the HTTP decoder (and the h2c upgrade handler), before anything that queues requests. */
    ChannelHandler messages() {
        return new ChannelDuplexHandler() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                messagesCtx = ctx;
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    partial = true;
                }
                // a request the decoder gave up on ends here: it is answered, and nothing more of it is read
                if (msg instanceof LastHttpContent || failed(msg)) {
                    partial = false;
                    pending++;
                }
                update();
                ctx.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof HttpResponse r) {
                    interim = r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
                }
                if (msg instanceof LastHttpContent && !interim) {
                    pending--;
                }
                ctx.write(msg, promise);
                update();
            }
        };
    }

    /** Stops both clocks for good: the connection closed or now speaks HTTP/2. */
    void stop() {
        mode = Mode.STOPPED;
        if (timer != null) {
            timer.stop();
        }
    }

    private static boolean failed(Object msg) {
        return msg instanceof DecoderResultProvider d && d.decoderResult().isFailure();
    }

    private void update() {
        if (mode == Mode.STOPPED || wireCtx == null) {
            return;
        }
        Mode next = pending > 0 ? Mode.BUSY : partial ? Mode.READING : Mode.IDLE;
        if (next == mode) {
            return; // in particular, a running request-read clock is not restarted
        }
        mode = next;
        if (next == Mode.IDLE) {
            timer.arm(idleNanos);
        } else if (next == Mode.READING) {
            timer.arm(requestReadNanos);
        } else {
            timer.disarm();
        }
    }

    private void expired() {
        if (mode == Mode.IDLE) {
            idleExpired();
        } else if (mode == Mode.READING) {
            readExpired();
        }
    }

    private void idleExpired() {
        if (mode == Mode.IDLE) {
            stop();
            wireCtx.channel().close();
        }
    }

    private void readExpired() {
        if (mode != Mode.READING) {
            return;
        }
        stop();
        ChannelHandlerContext ctx = messagesCtx != null && !messagesCtx.isRemoved() ? messagesCtx : null;
        if (ctx == null) {
            wireCtx.channel().close();
            return;
        }
        Hangup.after(ctx, ctx.writeAndFlush(Answers.refusal(RequestLimits.REQUEST_TIMEOUT, false)));
    }
}
