package io.turnpike.dataplane.entry;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.turnpike.dataplane.snapshot.GatewaySnapshot;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The HTTP/2 side of one connection: the frame codec, the multiplexer that gives every stream its own
 * child channel, the pipeline of each stream, and the connection's idle clock.
 *
 * <p>Each stream's pipeline ends in the same {@link Aggregator} and {@link InvokeHandler} as an
 * HTTP/1.1 connection, so a request is served the same way whichever protocol carried it. Streams are
 * independent: each runs through the gateway pipeline on its own, so a slow integration on one stream
 * does not hold up the others (HTTP/1.1 pipelining, by contrast, answers in order).
 *
 * <p>The idle clock runs while the connection has no open stream and closes it (with {@code GOAWAY})
 * when it runs out. All of this lives on the connection's event loop, which its streams share.
 */
final class Http2Connection {

    /**
     * Streams a client may have open at once, as nginx and most HTTP/2 front ends allow; a stream costs
     * a child channel and, while it is answered, a run through the gateway pipeline.
     */
    static final int MAX_CONCURRENT_STREAMS = 128;

    private final Supplier<GatewaySnapshot> snapshots;
    private final Clock clock;
    private final DataPlaneServer.Timeouts timeouts;
    private Channel connection;
    private int openStreams;
    /** The idle clock (a stream opening and closing per request only writes its fields). */
    private ConnectionTimer idleTimer;

    Http2Connection(Supplier<GatewaySnapshot> snapshots, Clock clock, DataPlaneServer.Timeouts timeouts) {
        this.snapshots = snapshots;
        this.clock = clock;
        this.timeouts = timeouts;
    }

    /**
     * The frame codec, advertising the header list size the limits need (RFC 9113 counts names, values
     * and 32 bytes per field); a larger header block is answered 431 by the codec itself.
     */
    Http2FrameCodec newFrameCodec() {
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                        .maxHeaderListSize(RequestLimits.MAX_HEADER_SECTION))
                .build();
    }

    Http2MultiplexHandler newMultiplexer() {
        return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                opened(stream);
                ReadGate gate = new ReadGate(stream, false);
                StreamRouter router = new StreamRouter(snapshots, clock, gate, true);
                stream.pipeline()
                        .addLast(StreamHead.INSTANCE)
                        .addLast(new Http2StreamFrameToHttpObjectCodec(true))
                        .addLast(new StreamDeadline(timeouts.requestRead()))
                        .addLast(router)
                        .addLast(new Aggregator())
                        .addLast(new InvokeHandler(snapshots, clock, true, gate, router));
            }
        });
    }

    /** For prior knowledge: installs codec and multiplexer once the preface has been seen. */
    ChannelHandler priorKnowledge() {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(newFrameCodec(), newMultiplexer());
            }
        };
    }

    /** The connection now speaks HTTP/2: the idle clock starts whenever no stream is open. */
    void start(Channel ch) {
        connection = ch;
        long idleNanos = timeouts.idle().toNanos();
        idleTimer = new ConnectionTimer(ch.eventLoop(), idleNanos, () -> {
            if (openStreams == 0) {
                ch.close(); // the frame codec sends GOAWAY first
            }
        });
        ch.closeFuture().addListener(f -> idleTimer.stop());
        if (openStreams == 0) {
            armIdle();
        }
    }

    private void opened(Http2StreamChannel stream) {
        openStreams++;
        cancelIdle();
        stream.closeFuture().addListener(f -> {
            openStreams--;
            if (openStreams == 0) {
                armIdle();
            }
        });
    }

    private void armIdle() {
        if (connection == null || !connection.isActive()) {
            return;
        }
        idleTimer.arm(timeouts.idle().toNanos());
    }

    private void cancelIdle() {
        if (idleTimer != null) {
            idleTimer.disarm();
        }
    }
}
