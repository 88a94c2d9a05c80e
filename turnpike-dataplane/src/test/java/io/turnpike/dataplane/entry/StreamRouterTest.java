package io.turnpike.dataplane.entry;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.turnpike.dataplane.LeakCheck;
import io.turnpike.dataplane.snapshot.GatewaySnapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The router's hold on pipelined HTTP/1.1 requests, against its {@link ReadGate}, with the handlers
 * behind it replaced by a recorder (answers are written by the test, as the invoke handler would).
 */
@ExtendWith(LeakCheck.class)
class StreamRouterTest {

    private final List<String> served = new ArrayList<>();
    private final EmbeddedChannel ch = new EmbeddedChannel();
    private final ReadGate gate = new ReadGate(ch, true);

    StreamRouterTest() {
        ch.pipeline()
                .addLast(new StreamRouter(() -> GatewaySnapshot.EMPTY, Clock.systemUTC(), gate, false))
                .addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof HttpRequest r) {
                            served.add(r.uri());
                        }
                        ReferenceCountUtil.release(msg);
                    }
                });
    }

    @AfterEach
    void release() {
        ch.finishAndReleaseAll();
    }

    private void request(String uri) {
        ch.writeInbound(
                new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri), LastHttpContent.EMPTY_LAST_CONTENT);
    }

    private void answer(boolean keepAlive) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        ch.writeOutbound(r);
        ReferenceCountUtil.release(ch.readOutbound());
    }

    @Test
    void aHeldRequestWaitsWhileTheClientTakesNoAnswersAndIsServedWhenItDoes() {
        request("/one");
        request("/two");
        assertThat(served).containsExactly("/one");
        assertThat(ch.config().isAutoRead()).isFalse();

        gate.set(ReadGate.CLIENT_BLOCKED, true);
        answer(true);
        assertThat(served).containsExactly("/one");

        gate.set(ReadGate.CLIENT_BLOCKED, false);
        assertThat(served).containsExactly("/one", "/two");
        answer(true);
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void aRequestThatArrivesWhileTheClientTakesNoAnswersWaitsToo() {
        gate.set(ReadGate.CLIENT_BLOCKED, true);
        request("/late");
        assertThat(served).isEmpty();
        gate.set(ReadGate.CLIENT_BLOCKED, false);
        assertThat(served).containsExactly("/late");
    }

    @Test
    void nothingHeldIsServedAfterAnAnswerThatClosesTheConnection() {
        request("/one");
        request("/two");
        gate.set(ReadGate.CLIENT_BLOCKED, true);
        answer(false);
        // the client takes answers again while the closing answer is still going out
        gate.set(ReadGate.CLIENT_BLOCKED, false);
        assertThat(served).containsExactly("/one");
    }
}
