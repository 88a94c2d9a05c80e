package io.turnpike.dataplane.entry;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.util.AsciiString;
import io.turnpike.dataplane.snapshot.GatewaySnapshot;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Assembles one data-plane connection. Every connection starts out as HTTP/1.1 and turns into HTTP/2
 * when the client opens with the HTTP/2 preface (prior knowledge) or asks for {@code Upgrade: h2c} on
 * its first request (that request is then answered on stream 1):
 *
 * <pre>
 * HTTP/1.1, until a switch
 *   socket ─► clock.wire ─► h2c preface? ─► HttpServerCodec ─► h2c upgrade? ─► clock.messages
 *          ─► StreamRouter (+ HeadLimits) ─┬─► Aggregator ─► InvokeHandler ─► Switch
 *                                          └─► StreamedRequest (streamed HTTP_PROXY)
 *
 * HTTP/2, after the preface or the 101
 *   socket ─► Http2FrameCodec ─► Http2MultiplexHandler ─┬─► stream 1 ─► (stream pipeline)
 *                                                       ├─► stream 3 ─► (stream pipeline)
 *                                                       └─► …
 *   stream pipeline: StreamHead ─► frames⇄HttpObjects ─► StreamDeadline
 *                    ─► StreamRouter (+ HeadLimits) ─┬─► Aggregator ─► InvokeHandler
 *                                                    └─► StreamedRequest (streamed HTTP_PROXY)
 * </pre>
 *
 * <p><b>Few handlers.</b> Every handler of a connection is one more context object per connection and
 * one more hop per message, and at a few hundred connections their state no longer stays in the CPU's
 * caches; so checks that need no place of their own live in the router ({@link HeadLimits}), the h2c
 * prior-knowledge handler leaves on the first bytes, and the h2c upgrade handler leaves once the first
 * request has gone through it. An {@code Upgrade: h2c} on a later request of the connection is not
 * acted on (that request is served over HTTP/1.1, as for any protocol the gateway does not switch to):
 * clients upgrade on their first request, and RFC 9113 has deprecated the upgrade altogether.
 *
 * <p><b>HTTP/1.1 pipelining.</b> A request that arrives while the one before it is being answered is
 * held by the {@link StreamRouter}, which turns the connection's auto-read off until that answer is
 * written. That stops the socket; requests already read in the same packet have been decoded, and the
 * router holds those too and serves them one at a time — answers go out in the order requests came
 * in, and a client cannot queue more work than one read's worth of bytes. A client that waits for its
 * answers never makes the connection stop reading. Keep-alive is the
 * {@link InvokeHandler}'s business (it closes after answering a request that asked for it), and
 * {@link Hangup} closes after refusals, so there is no separate keep-alive handler to close early.
 *
 * <p><b>Switching.</b> When the HTTP/2 handlers take over, {@code Switch} removes the HTTP/1.1 handlers
 * behind them and hands the connection's idle clock to {@link Http2Connection}.
 */
final class ConnectionInitializer extends ChannelInitializer<Channel> {

    private static final String WIRE = "clock-wire";
    private static final String MESSAGES = "clock-messages";
    private static final String ROUTER = "router";
    private static final String AGGREGATOR = "aggregator";
    private static final String INVOKE = "invoke";
    private static final String SWITCH = "switch";

    private final Supplier<GatewaySnapshot> snapshots;
    private final Clock clock;
    private final DataPlaneServer.Timeouts timeouts;

    ConnectionInitializer(Supplier<GatewaySnapshot> snapshots, Clock clock, DataPlaneServer.Timeouts timeouts) {
        this.snapshots = snapshots;
        this.clock = clock;
        this.timeouts = timeouts;
    }

    @Override
    protected void initChannel(Channel ch) {
        Http1Clock http1Clock = new Http1Clock(timeouts);
        Http2Connection http2 = new Http2Connection(snapshots, clock, timeouts);
        HttpServerCodec codec = new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(RequestLimits.MAX_REQUEST_LINE)
                .setMaxHeaderSize(RequestLimits.MAX_HEADER_SECTION)
                .setMaxChunkSize(65_536));
        HttpServerUpgradeHandler upgrade = new UpgradeHandler(
                codec,
                protocol -> AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                        ? new Http2ServerUpgradeCodec(http2.newFrameCodec(), http2.newMultiplexer())
                        : null);
        ChannelPipeline p = ch.pipeline();
        p.addLast(WIRE, http1Clock.wire());
        // adds codec and upgrade handler behind itself; removes itself on the first bytes
        p.addLast(new CleartextHttp2ServerUpgradeHandler(codec, upgrade, http2.priorKnowledge()));
        p.addLast(MESSAGES, http1Clock.messages());
        ReadGate gate = new ReadGate(ch, true);
        StreamRouter router = new StreamRouter(snapshots, clock, gate, false);
        p.addLast(ROUTER, router);
        p.addLast(AGGREGATOR, new Aggregator());
        p.addLast(INVOKE, new InvokeHandler(snapshots, clock, false, gate, router));
        p.addLast(SWITCH, new Switch(http1Clock, http2));
    }

    /** Removes the HTTP/1.1 handlers once HTTP/2 has taken over the connection. */
    private static final class Switch extends ChannelInboundHandlerAdapter {
        private final Http1Clock http1Clock;
        private final Http2Connection http2;

        Switch(Http1Clock http1Clock, Http2Connection http2) {
            this.http1Clock = http1Clock;
            this.http2 = http2;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent
                    || evt instanceof HttpServerUpgradeHandler.UpgradeEvent) {
                http1Clock.stop();
                ChannelPipeline p = ctx.pipeline();
                for (String name : new String[] {WIRE, MESSAGES, ROUTER, AGGREGATOR, INVOKE}) {
                    if (p.context(name) != null) {
                        p.remove(name);
                    }
                }
                http2.start(ctx.channel());
                ctx.fireUserEventTriggered(evt);
                p.remove(this);
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    /**
     * An h2c upgrade request is read whole before the switch, so it gets the same body limit, and the same
     * 413, as any other request. The handler leaves the connection once its first request has gone
     * through: a switch removed it already, and otherwise the connection stays HTTP/1.1.
     */
    private static final class UpgradeHandler extends HttpServerUpgradeHandler {
        UpgradeHandler(SourceCodec sourceCodec, UpgradeCodecFactory factory) {
            super(sourceCodec, factory, DataPlaneServer.MAX_BODY_BYTES);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            boolean last = msg instanceof LastHttpContent;
            super.channelRead(ctx, msg);
            if (last && !ctx.isRemoved()) {
                ctx.pipeline().remove(this);
            }
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            Hangup.after(ctx, ctx.writeAndFlush(Answers.refusal(RequestLimits.PAYLOAD_TOO_LARGE, false)));
        }
    }
}
