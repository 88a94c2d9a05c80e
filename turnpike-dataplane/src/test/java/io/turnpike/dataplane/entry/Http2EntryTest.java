package io.turnpike.dataplane.entry;

import static io.turnpike.dataplane.entry.EntryFixture.HOST;
import static io.turnpike.dataplane.entry.EntryFixture.advance;
import static io.turnpike.dataplane.entry.EntryFixture.body;
import static io.turnpike.dataplane.entry.EntryFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.turnpike.dataplane.LeakCheck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTP/2 on the data-plane port, by prior knowledge and by {@code Upgrade: h2c}, with a Netty client;
 * both ends are embedded channels wired together, so no socket is involved.
 */
@ExtendWith(LeakCheck.class)
class Http2EntryTest {

    private final EntryFixture fixture = new EntryFixture();
    private H2Client h2;

    @AfterEach
    void release() {
        if (h2 != null) {
            h2.close();
        }
    }

    private static FullHttpRequest get(String uri) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        r.headers().set("Host", HOST);
        return r;
    }

    private FullHttpResponse exchange(FullHttpRequest request) {
        H2Client.Stream s = h2.open();
        s.channel.writeAndFlush(request);
        h2.pump();
        assertThat(s.responses).hasSize(1);
        return s.responses.get(0);
    }

    @Test
    void priorKnowledgeRequestsAreServedLikeHttp11Ones() throws Exception {
        h2 = H2Client.priorKnowledge(fixture.connection());
        FullHttpRequest post = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1,
                HttpMethod.POST,
                "/prod/pets?x=1",
                Unpooled.copiedBuffer("{\"a\":1}", StandardCharsets.UTF_8));
        post.headers().set("Host", HOST).set("X-Client", "c1");
        FullHttpResponse r = exchange(post);

        assertThat(r.status().code()).isEqualTo(200);
        var echo = json(r);
        assertThat(echo.path("method").asText()).isEqualTo("POST");
        assertThat(echo.path("path").asText()).isEqualTo("/pets");
        assertThat(echo.path("protocol").asText()).isEqualTo("HTTP/2.0");
        assertThat(echo.path("bodyLength").asInt()).isEqualTo(7);
        assertThat(echo.path("headers").path("x-client").asText()).isEqualTo("c1");
        assertThat(echo.path("headers").path("host").asText()).isEqualTo(HOST);
        // Netty's conversion bookkeeping never reaches the gateway pipeline
        assertThat(echo.path("headers").fieldNames()).toIterable().noneMatch(n -> n.startsWith("x-http2-"));
        assertThat(echo.path("headers").has("transfer-encoding")).isFalse();

        assertThat(r.headers().get("x-amzn-RequestId")).matches("[0-9a-f-]{36}");
        assertThat(r.headers().get("x-amz-apigw-id")).hasSize(16);
        assertThat(r.headers().contains("Connection")).isFalse(); // no connection headers in HTTP/2
        assertThat(r.headers().contains("Keep-Alive")).isFalse();
        assertThat(h2.server.isOpen()).isTrue();
    }

    @Test
    void streamsOfOneConnectionAreServedSideBySide() {
        h2 = H2Client.priorKnowledge(fixture.connection());
        H2Client.Stream[] s = new H2Client.Stream[3];
        for (int i = 0; i < s.length; i++) {
            s[i] = h2.open();
            s[i].channel.writeAndFlush(get("/prod/slow/" + i));
        }
        h2.pump();
        // all three are in the gateway at once, none answered yet
        assertThat(fixture.waiting)
                .extracting(EntryFixture.Pending::path)
                .containsExactly("/slow/0", "/slow/1", "/slow/2");

        // answers go out as they are ready, not in request order
        fixture.waiting.removeLast().outcome().complete(respond("two"));
        h2.pump();
        assertThat(s[2].responses).singleElement().satisfies(r -> assertThat(body(r))
                .isEqualTo("two"));
        assertThat(s[0].responses).isEmpty();
        fixture.complete("zero");
        fixture.complete("one");
        h2.pump();
        assertThat(body(s[0].responses.get(0))).isEqualTo("zero");
        assertThat(body(s[1].responses.get(0))).isEqualTo("one");
    }

    private static io.turnpike.dataplane.pipeline.StepOutcome respond(String body) {
        return io.turnpike.dataplane.pipeline.StepOutcome.respond(
                io.turnpike.dataplane.pipeline.InvokeResponse.json(200, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aBodyOver10MegabytesGets413AndOnlyItsStreamEnds() {
        h2 = H2Client.priorKnowledge(fixture.connection());
        H2Client.Stream s = h2.open();
        HttpRequest put = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/prod/upload");
        put.headers().set("Host", HOST).set("Content-Length", DataPlaneServer.MAX_BODY_BYTES + 1);
        s.channel.writeAndFlush(put);
        s.channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[1024])));
        h2.pump();

        assertThat(s.responses).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(413);
            assertThat(body(r)).isEqualTo("HTTP content length exceeded 10485760 bytes.");
        });
        // what the client still sends is dropped for a moment, then the stream is reset
        s.channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[1024])));
        h2.pump();
        assertThat(s.resets).isEmpty();
        advance(h2.server, Duration.ofSeconds(Hangup.LINGER_SECONDS));
        h2.pump();
        assertThat(s.resets).singleElement().satisfies(r -> assertThat(r.errorCode())
                .isEqualTo(Http2Error.NO_ERROR.code()));
        // the connection carries on
        assertThat(exchange(get("/prod/next")).status().code()).isEqualTo(200);
    }

    @Test
    void aClientThatFinishesItsUploadAfterA413ReadsItWithoutAReset() {
        h2 = H2Client.priorKnowledge(fixture.connection());
        H2Client.Stream s = h2.open();
        FullHttpRequest put = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1,
                HttpMethod.PUT,
                "/prod/upload",
                Unpooled.wrappedBuffer(new byte[DataPlaneServer.MAX_BODY_BYTES + 1]));
        put.headers().set("Host", HOST).set("Content-Length", DataPlaneServer.MAX_BODY_BYTES + 1);
        s.channel.writeAndFlush(put);
        h2.pump();
        assertThat(s.responses)
                .singleElement()
                .satisfies(r -> assertThat(r.status().code()).isEqualTo(413));
        assertThat(s.channel.isActive()).isFalse(); // ended by both sides, not reset
        advance(h2.server, Duration.ofSeconds(Hangup.LINGER_SECONDS));
        h2.pump();
        assertThat(s.resets).isEmpty();
    }

    @Test
    void aStreamedBodyFoundTooLargeGets413() {
        h2 = H2Client.priorKnowledge(fixture.connection());
        H2Client.Stream s = h2.open();
        HttpRequest put = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/prod/upload");
        put.headers().set("Host", HOST);
        s.channel.writeAndFlush(put);
        for (int i = 0; i <= 10 && s.responses.isEmpty(); i++) {
            s.channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[1 << 20])));
            h2.pump();
        }
        assertThat(s.responses)
                .singleElement()
                .satisfies(r -> assertThat(r.status().code()).isEqualTo(413));
    }

    @Test
    void headerAndUrlLimitsHoldOnHttp2() {
        h2 = H2Client.priorKnowledge(fixture.connection());
        FullHttpRequest big = get("/prod/x");
        big.headers().set("X-Big", "v".repeat(RequestLimits.MAX_HEADER_VALUE_BYTES));
        FullHttpResponse headers = exchange(big);
        assertThat(headers.status().code()).isEqualTo(431);
        assertThat(body(headers)).isEqualTo("{\"message\":\"Request Header Fields Too Large\"}");

        FullHttpResponse url = exchange(get("/prod/" + "u".repeat(RequestLimits.MAX_URL_BYTES)));
        assertThat(url.status().code()).isEqualTo(414);
        assertThat(body(url)).isEqualTo("{\"message\":\"Request URI too long\"}");

        FullHttpRequest atLimit = get("/prod/x");
        atLimit.headers().set("X-Big", "v".repeat(RequestLimits.MAX_HEADER_VALUE_BYTES - HOST.length()));
        assertThat(exchange(atLimit).status().code()).isEqualTo(200);
    }

    @Test
    void aHostHeaderBesidesAuthorityIsTheAuthority() throws Exception {
        // what the JDK client sends when its user overrides Host: :authority from the URL, host as set
        h2 = H2Client.priorKnowledge(fixture.connection());
        H2Client.Stream s = h2.open();
        Http2Headers head = new DefaultHttp2Headers()
                .method("GET")
                .scheme("http")
                .path("/prod/pets")
                .authority("127.0.0.1:8080");
        head.add("host", HOST);
        s.channel.writeAndFlush(new DefaultHttp2HeadersFrame(head, true));
        h2.pump();
        assertThat(s.responses)
                .singleElement()
                .satisfies(r -> assertThat(r.status().code()).isEqualTo(200));
        assertThat(json(s.responses.get(0)).path("headers").path("host").asText())
                .isEqualTo(HOST);
    }

    @Test
    void aHeadThatIsNotAValidRequestGets400() {
        h2 = H2Client.priorKnowledge(fixture.connection());
        H2Client.Stream s = h2.open();
        Http2Headers head = new DefaultHttp2Headers(false)
                .method("GE T")
                .scheme("http")
                .path("/prod/pets")
                .authority(HOST);
        s.channel.writeAndFlush(new DefaultHttp2HeadersFrame(head, true));
        h2.pump();
        assertThat(s.responses).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(400);
            assertThat(body(r)).isEqualTo("{\"message\":\"Bad Request\"}");
        });
        assertThat(h2.server.isOpen()).isTrue();
    }

    @Test
    void anUpgradeRequestIsAnsweredOnStream1AndTheConnectionStaysHttp2() throws Exception {
        h2 = H2Client.upgrading(fixture.connection());
        h2.client.writeAndFlush(get("/prod/upgraded"));
        h2.pump();

        assertThat(h2.upgradeStream.responses).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(200);
            assertThat(r.headers().contains("Connection")).isFalse();
        });
        var echo = json(h2.upgradeStream.responses.get(0));
        assertThat(echo.path("path").asText()).isEqualTo("/upgraded");
        assertThat(echo.path("protocol").asText()).isEqualTo("HTTP/2.0");
        assertThat(echo.path("headers").has("upgrade")).isFalse();
        assertThat(echo.path("headers").has("http2-settings")).isFalse();

        FullHttpResponse next = exchange(get("/prod/next"));
        assertThat(json(next).path("protocol").asText()).isEqualTo("HTTP/2.0");
    }

    @Test
    void aConnectionWithoutStreamsIsClosedWithGoAwayAfter75Seconds() {
        h2 = H2Client.priorKnowledge(fixture.connection());
        exchange(get("/prod/x"));
        advance(h2.server, Duration.ofSeconds(74));
        assertThat(h2.server.isOpen()).isTrue();
        advance(h2.server, Duration.ofSeconds(2));
        h2.pump();
        assertThat(h2.server.isOpen()).isFalse();
        assertThat(h2.goAways).singleElement().satisfies(g -> assertThat(g.errorCode())
                .isEqualTo(Http2Error.NO_ERROR.code()));
    }

    @Test
    void anOpenStreamKeepsTheConnectionAlive() {
        h2 = H2Client.priorKnowledge(fixture.connection());
        H2Client.Stream s = h2.open();
        s.channel.writeAndFlush(get("/prod/slow"));
        h2.pump();
        advance(h2.server, Duration.ofSeconds(300));
        assertThat(h2.server.isOpen()).isTrue();
        fixture.complete("{}");
        h2.pump();
        assertThat(s.responses).hasSize(1);
        advance(h2.server, Duration.ofSeconds(76));
        assertThat(h2.server.isOpen()).isFalse();
    }

    @Test
    void aBodyThatArrivesAfterThe408IsDroppedNotServed() {
        h2 = H2Client.priorKnowledge(fixture.connection());
        H2Client.Stream s = h2.open();
        HttpRequest put = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/prod/slow/upload");
        put.headers().set("Host", HOST).set("Content-Length", 100);
        s.channel.writeAndFlush(put);
        h2.pump();
        advance(h2.server, Duration.ofSeconds(31));
        h2.pump();
        s.channel.writeAndFlush(new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[100])));
        h2.pump();
        assertThat(s.responses)
                .singleElement()
                .satisfies(r -> assertThat(r.status().code()).isEqualTo(408));
        assertThat(s.channel.isActive()).isFalse(); // ended by both sides
        assertThat(s.resets).isEmpty();
        assertThat(fixture.waiting).isEmpty(); // the late request never reached the integration
    }

    @Test
    void aStreamWhoseBodyNeverEndsGets408AndIsReset() {
        h2 = H2Client.priorKnowledge(fixture.connection());
        H2Client.Stream s = h2.open();
        HttpRequest put = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/prod/upload");
        put.headers().set("Host", HOST).set("Content-Length", 100);
        s.channel.writeAndFlush(put);
        h2.pump();
        advance(h2.server, Duration.ofSeconds(29));
        h2.pump();
        assertThat(s.responses).isEmpty();
        advance(h2.server, Duration.ofSeconds(2));
        h2.pump();
        assertThat(s.responses).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(408);
            assertThat(body(r)).isEqualTo("{\"message\":\"Request Timeout\"}");
        });
        advance(h2.server, Duration.ofSeconds(Hangup.LINGER_SECONDS));
        h2.pump();
        assertThat(s.resets).singleElement().satisfies(r -> assertThat(r.errorCode())
                .isEqualTo(Http2Error.NO_ERROR.code()));
        assertThat(h2.server.isOpen()).isTrue();
    }
}
