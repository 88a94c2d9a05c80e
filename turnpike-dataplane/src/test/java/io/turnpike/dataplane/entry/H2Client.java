package io.turnpike.dataplane.entry;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpClientUpgradeHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http2.Http2ClientUpgradeCodec;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * A Netty HTTP/2 client on an embedded channel, wired to a server's embedded channel by {@link #pump()}:
 * whatever one side writes is fed to the other until both are quiet. No socket, no threads.
 */
final class H2Client {

    /** One client stream: the responses and resets it received. */
    static final class Stream {
        final List<FullHttpResponse> responses = new ArrayList<>();
        final List<Http2ResetFrame> resets = new ArrayList<>();
        Http2StreamChannel channel;

        ChannelInitializer<Channel> initializer() {
            return new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline()
                            .addLast(new Http2StreamFrameToHttpObjectCodec(false))
                            .addLast(new HttpObjectAggregator(1 << 24))
                            .addLast(new SimpleChannelInboundHandler<FullHttpResponse>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                                    responses.add(r.retain());
                                }

                                @Override
                                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                    if (evt instanceof Http2ResetFrame reset) {
                                        resets.add(reset);
                                    }
                                    ReferenceCountUtil.release(evt);
                                }
                            });
                }
            };
        }

        void release() {
            responses.forEach(ReferenceCountUtil::release);
            responses.clear();
        }
    }

    final EmbeddedChannel server;
    final EmbeddedChannel client;
    final List<Http2GoAwayFrame> goAways = new ArrayList<>();
    private final List<Stream> streams = new ArrayList<>();
    /** Stream 1 of an upgraded connection. */
    final Stream upgradeStream = new Stream();

    private H2Client(EmbeddedChannel server, EmbeddedChannel client) {
        this.server = server;
        this.client = client;
    }

    /** A client that opens with the HTTP/2 preface. */
    static H2Client priorKnowledge(EmbeddedChannel server) {
        H2Client c = new H2Client(server, new EmbeddedChannel());
        c.client
                .pipeline()
                .addLast(Http2FrameCodecBuilder.forClient().build())
                .addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()))
                .addLast(c.connectionFrames());
        c.pump();
        return c;
    }

    /** A client that starts in HTTP/1.1 and asks for {@code Upgrade: h2c} on its first request. */
    static H2Client upgrading(EmbeddedChannel server) {
        H2Client c = new H2Client(server, new EmbeddedChannel());
        HttpClientCodec http1 = new HttpClientCodec();
        Http2FrameCodec frames = Http2FrameCodecBuilder.forClient().build();
        Http2MultiplexHandler multiplex =
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter(), c.upgradeStream.initializer());
        c.client
                .pipeline()
                .addLast(http1)
                .addLast(new HttpClientUpgradeHandler(
                        http1, new Http2ClientUpgradeCodec((Http2ConnectionHandler) frames, multiplex), 1 << 16))
                .addLast(c.connectionFrames());
        return c;
    }

    private ChannelInboundHandlerAdapter connectionFrames() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof Http2GoAwayFrame g) {
                    goAways.add(g.retain());
                }
                ReferenceCountUtil.release(msg);
            }
        };
    }

    /** Opens a stream; write requests (as HTTP/1 objects) to {@code stream.channel}, then {@link #pump()}. */
    Stream open() {
        Stream s = new Stream();
        s.channel = new Http2StreamChannelBootstrap(client)
                .handler(s.initializer())
                .open()
                .syncUninterruptibly()
                .getNow();
        streams.add(s);
        return s;
    }

    /** Moves bytes both ways until neither side has anything more to say. */
    void pump() {
        boolean moved;
        do {
            moved = false;
            client.runPendingTasks();
            server.runPendingTasks();
            for (Object o; (o = client.readOutbound()) != null; ) {
                moved = true;
                if (server.isOpen()) {
                    server.writeInbound(o);
                } else {
                    ReferenceCountUtil.release(o);
                }
            }
            for (Object o; (o = server.readOutbound()) != null; ) {
                moved = true;
                if (client.isOpen()) {
                    client.writeInbound(o);
                } else {
                    ReferenceCountUtil.release(o);
                }
            }
        } while (moved);
    }

    void close() {
        streams.forEach(Stream::release);
        upgradeStream.release();
        goAways.forEach(ReferenceCountUtil::release);
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }
}
