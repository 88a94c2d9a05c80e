package io.turnpike.dataplane.entry;

import static io.turnpike.dataplane.entry.EntryFixture.HOST;
import static io.turnpike.dataplane.entry.EntryFixture.advance;
import static io.turnpike.dataplane.entry.EntryFixture.ascii;
import static io.turnpike.dataplane.entry.EntryFixture.body;
import static io.turnpike.dataplane.entry.EntryFixture.json;
import static io.turnpike.dataplane.entry.EntryFixture.responses;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.ReferenceCountUtil;
import io.turnpike.dataplane.LeakCheck;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An HTTP/1.1 connection of the data plane, driven byte by byte without a socket. */
@ExtendWith(LeakCheck.class)
class Http1EntryTest {

    private final EntryFixture fixture = new EntryFixture();
    private final EmbeddedChannel ch = fixture.connection();

    @AfterEach
    void release() {
        ch.finishAndReleaseAll();
    }

    private static String get(String uri, String... headerLines) {
        StringBuilder b = new StringBuilder("GET " + uri + " HTTP/1.1\r\nHost: " + HOST + "\r\n");
        for (String h : headerLines) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    private List<FullHttpResponse> send(String raw) {
        ch.writeInbound(ascii(raw));
        return responses(ch);
    }

    private static void release(List<FullHttpResponse> rs) {
        rs.forEach(ReferenceCountUtil::release);
    }

    @Test
    void answersWithApiGatewaysHeadersAndKeepsTheConnectionOpen() throws Exception {
        List<FullHttpResponse> rs = send(get("/prod/pets?x=1"));
        assertThat(rs).hasSize(1);
        FullHttpResponse r = rs.get(0);
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(json(r).path("path").asText()).isEqualTo("/pets");
        assertThat(json(r).path("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(r.headers().get("x-amzn-RequestId")).matches("[0-9a-f-]{36}");
        assertThat(r.headers().get("x-amz-apigw-id")).hasSize(16);
        assertThat(r.headers().get("Connection")).isEqualTo("keep-alive");
        assertThat(r.headers().getInt("Content-Length")).isEqualTo(r.content().readableBytes());
        release(rs);

        List<FullHttpResponse> again = send(get("/prod/again"));
        assertThat(again).singleElement().satisfies(a -> assertThat(a.status().code())
                .isEqualTo(200));
        release(again);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void anH2cUpgradeIsActedOnOnlyOnAConnectionsFirstRequest() throws Exception {
        List<FullHttpResponse> first = send(get("/prod/first"));
        assertThat(first).singleElement().satisfies(r -> assertThat(r.status().code())
                .isEqualTo(200));
        release(first);

        // a valid upgrade request (as curl --http2 sends it), but not the connection's first
        List<FullHttpResponse> rs = send(get(
                "/prod/later",
                "Connection: Upgrade, HTTP2-Settings",
                "Upgrade: h2c",
                "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA"));
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(200);
            assertThat(r.protocolVersion().text()).isEqualTo("HTTP/1.1");
            assertThat(json(r).path("path").asText()).isEqualTo("/later");
            assertThat(json(r).path("protocol").asText()).isEqualTo("HTTP/1.1");
        });
        release(rs);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void connectionCloseIsHonoured() {
        List<FullHttpResponse> rs = send(get("/prod/pets", "Connection: close"));
        assertThat(rs.get(0).status().code()).isEqualTo(200);
        assertThat(rs.get(0).headers().get("Connection")).isEqualTo("close");
        release(rs);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void pipelinedRequestsAreAnsweredInTheOrderTheyCameIn() throws Exception {
        // three requests in one packet; the first and third wait on a slow integration
        List<FullHttpResponse> none = send(get("/prod/slow/1") + get("/prod/fast") + get("/prod/slow/3"));
        assertThat(none).isEmpty();
        assertThat(fixture.waiting).extracting(EntryFixture.Pending::path).containsExactly("/slow/1");

        fixture.complete("{\"n\":1}");
        List<FullHttpResponse> two = responses(ch);
        assertThat(two).hasSize(2);
        assertThat(body(two.get(0))).isEqualTo("{\"n\":1}");
        assertThat(json(two.get(1)).path("path").asText()).isEqualTo("/fast");
        release(two);
        assertThat(fixture.waiting).extracting(EntryFixture.Pending::path).containsExactly("/slow/3");

        fixture.complete("{\"n\":3}");
        List<FullHttpResponse> three = responses(ch);
        assertThat(three).singleElement().satisfies(r -> assertThat(body(r)).isEqualTo("{\"n\":3}"));
        release(three);
    }

    @Test
    void aClientThatDoesNotTakeItsAnswersGetsNoMoreWork() {
        // the socket's send buffer is full: the client is not reading
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        List<FullHttpResponse> first = send(get("/prod/one") + get("/prod/two"));
        assertThat(first).singleElement().satisfies(r -> assertThat(body(r)).contains("\"/one\""));
        assertThat(ch.config().isAutoRead()).isFalse();
        release(first);

        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        ch.runPendingTasks();
        List<FullHttpResponse> second = responses(ch);
        assertThat(second).singleElement().satisfies(r -> assertThat(body(r)).contains("\"/two\""));
        release(second);
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void aUrlOfMoreThan10240BytesGets414AndTheConnectionStaysUsable() {
        String atLimit = "/prod/" + "a".repeat(RequestLimits.MAX_URL_BYTES - "/prod/".length());
        List<FullHttpResponse> ok = send(get(atLimit));
        assertThat(ok.get(0).status().code()).isEqualTo(200);
        release(ok);

        List<FullHttpResponse> rs = send(get(atLimit + "a"));
        FullHttpResponse r = rs.get(0);
        assertThat(r.status().code()).isEqualTo(414);
        assertThat(body(r)).isEqualTo("{\"message\":\"Request URI too long\"}");
        assertThat(r.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(r.headers().get("x-amzn-RequestId")).isNotEmpty();
        release(rs);

        List<FullHttpResponse> after = send(get("/prod/after"));
        assertThat(after.get(0).status().code()).isEqualTo(200);
        release(after);
    }

    @Test
    void headerValuesOfMoreThan10240BytesGet431AndTheConnectionStaysUsable() {
        int room = RequestLimits.MAX_HEADER_VALUE_BYTES - HOST.length(); // Host counts too
        List<FullHttpResponse> ok = send(get("/prod/x", "X-Big: " + "v".repeat(room)));
        assertThat(ok.get(0).status().code()).isEqualTo(200);
        release(ok);

        List<FullHttpResponse> rs = send(get("/prod/x", "X-Big: " + "v".repeat(room - 10), "X-Small: 12345678901"));
        FullHttpResponse r = rs.get(0);
        assertThat(r.status().code()).isEqualTo(431);
        assertThat(body(r)).isEqualTo("{\"message\":\"Request Header Fields Too Large\"}");
        release(rs);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aHeaderSectionPastTheHardCapIsRefusedWhileItIsStillArriving() {
        // no blank line: the request never ends, and is answered anyway
        String endless = "GET /prod/x HTTP/1.1\r\nHost: " + HOST + "\r\nX-Huge: "
                + "h".repeat(RequestLimits.MAX_HEADER_SECTION + 1) + "\r\n";
        List<FullHttpResponse> rs = send(endless);
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(431);
            assertThat(r.headers().get("Connection")).isEqualTo("close");
        });
        release(rs);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aRequestLinePastTheHardCapGets414() {
        List<FullHttpResponse> rs = send("GET /prod/" + "u".repeat(RequestLimits.MAX_REQUEST_LINE) + " HTTP/1.1\r\n");
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(414);
            assertThat(body(r)).isEqualTo("{\"message\":\"Request URI too long\"}");
        });
        release(rs);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aRequestThatIsNotHttpGets400AndTheConnectionEnds() {
        List<FullHttpResponse> rs = send("GET /prod/x HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: abc\r\n\r\n");
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(400);
            assertThat(body(r)).isEqualTo("{\"message\":\"Bad Request\"}");
        });
        release(rs);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void anInvalidHeaderNameGets400() {
        List<FullHttpResponse> rs = send("GET /prod/x HTTP/1.1\r\nHost: " + HOST + "\r\nBad Name: x\r\n\r\n");
        assertThat(rs).singleElement().satisfies(r -> assertThat(r.status().code())
                .isEqualTo(400));
        release(rs);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void http11WithoutExactlyOneHostGets400() {
        List<FullHttpResponse> none =
                send("GET /restapis/" + EntryFixture.API + "/prod/_user_request_/x HTTP/1.1\r\n\r\n");
        assertThat(none).singleElement().satisfies(r -> assertThat(r.status().code())
                .isEqualTo(400));
        release(none);
        List<FullHttpResponse> two = send(get("/prod/x", "Host: other.example"));
        assertThat(two).singleElement().satisfies(r -> assertThat(r.status().code())
                .isEqualTo(400));
        release(two);
    }

    @Test
    void aBodyOver10MegabytesGetsAwsFixed413() {
        List<FullHttpResponse> rs = send("POST /prod/x HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: "
                + (DataPlaneServer.MAX_BODY_BYTES + 1) + "\r\n\r\n");
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(413);
            assertThat(body(r)).isEqualTo("HTTP content length exceeded 10485760 bytes.");
            assertThat(r.headers().get("Content-Type")).isEqualTo("text; charset=utf-8");
        });
        release(rs);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aChunkedBodyFoundTooLargeWhileReadingGets413() {
        ch.writeInbound(ascii("POST /prod/x HTTP/1.1\r\nHost: " + HOST + "\r\nTransfer-Encoding: chunked\r\n\r\n"));
        int chunk = 1 << 20;
        for (int i = 0; i <= 10 && ch.isOpen(); i++) {
            ByteBuf b = Unpooled.buffer(chunk + 16);
            b.writeCharSequence(Integer.toHexString(chunk) + "\r\n", java.nio.charset.StandardCharsets.US_ASCII);
            b.writeZero(chunk);
            b.writeCharSequence("\r\n", java.nio.charset.StandardCharsets.US_ASCII);
            ch.writeInbound(b);
        }
        List<FullHttpResponse> rs = responses(ch);
        assertThat(rs).singleElement().satisfies(r -> assertThat(r.status().code())
                .isEqualTo(413));
        release(rs);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void expectContinueWithATooLargeBodyIsRefusedBeforeTheBodyIsSent() {
        List<FullHttpResponse> rs = send("PUT /prod/x HTTP/1.1\r\nHost: " + HOST + "\r\nExpect: 100-continue\r\n"
                + "Content-Length: " + (DataPlaneServer.MAX_BODY_BYTES + 1) + "\r\n\r\n");
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(413);
            assertThat(body(r)).isEqualTo("HTTP content length exceeded 10485760 bytes.");
        });
        release(rs);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void anIdleConnectionIsClosedAfter75Seconds() {
        release(send(get("/prod/x")));
        advance(ch, Duration.ofSeconds(74));
        assertThat(ch.isOpen()).isTrue();
        advance(ch, Duration.ofSeconds(2));
        assertThat(ch.isOpen()).isFalse();
        assertThat((Object) ch.readOutbound()).isNull(); // closed without a word
    }

    @Test
    void theIdleClockStartsAgainAfterEachAnswer() {
        // requests 50 s apart: each answer restarts the 75 s, however the clock's one timer was left
        for (int i = 0; i < 4; i++) {
            release(send(get("/prod/x")));
            advance(ch, Duration.ofSeconds(50));
            assertThat(ch.isOpen()).isTrue();
        }
        advance(ch, Duration.ofSeconds(24)); // 74 s after the last answer
        assertThat(ch.isOpen()).isTrue();
        advance(ch, Duration.ofSeconds(2));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aRequestBegunLateInAnIdlePeriodStillGetsItsFull30Seconds() {
        release(send(get("/prod/x")));
        advance(ch, Duration.ofSeconds(70)); // 5 s before the idle clock would close the connection
        ch.writeInbound(ascii("GET /prod/x HTTP/1.1\r\nHost: " + HOST + "\r\n"));
        advance(ch, Duration.ofSeconds(29));
        assertThat(ch.isOpen()).isTrue();
        assertThat((Object) ch.readOutbound()).isNull();
        advance(ch, Duration.ofSeconds(2));
        List<FullHttpResponse> rs = responses(ch);
        assertThat(rs).singleElement().satisfies(r -> assertThat(r.status().code())
                .isEqualTo(408));
        release(rs);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aConnectionThatNeverSendsAnythingIsClosedWhenIdle() {
        advance(ch, Duration.ofSeconds(76));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aHalfSentRequestGets408After30Seconds() {
        ch.writeInbound(ascii("GET /prod/x HTTP/1.1\r\nHost: " + HOST + "\r\n"));
        advance(ch, Duration.ofSeconds(29));
        assertThat(ch.isOpen()).isTrue();
        assertThat((Object) ch.readOutbound()).isNull();
        advance(ch, Duration.ofSeconds(2));
        List<FullHttpResponse> rs = responses(ch);
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(408);
            assertThat(body(r)).isEqualTo("{\"message\":\"Request Timeout\"}");
            assertThat(r.headers().get("Connection")).isEqualTo("close");
        });
        release(rs);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void tricklingBytesDoesNotExtendTheRequestClock() {
        ch.writeInbound(ascii("G"));
        for (char c : "ET /prod/x HTTP/1.1\r\n".toCharArray()) {
            advance(ch, Duration.ofSeconds(1));
            ch.writeInbound(ascii(String.valueOf(c)));
        }
        advance(ch, Duration.ofSeconds(10)); // 31 s after the first byte
        List<FullHttpResponse> rs = responses(ch);
        assertThat(rs).singleElement().satisfies(r -> assertThat(r.status().code())
                .isEqualTo(408));
        release(rs);
    }

    @Test
    void noClockRunsWhileTheGatewayIsAnswering() {
        ch.writeInbound(ascii(get("/prod/slow")));
        advance(ch, Duration.ofSeconds(300));
        assertThat(ch.isOpen()).isTrue();
        assertThat((Object) ch.readOutbound()).isNull();

        fixture.complete("{}");
        release(responses(ch));
        advance(ch, Duration.ofSeconds(74));
        assertThat(ch.isOpen()).isTrue();
        advance(ch, Duration.ofSeconds(2));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void theHealthCheckAnswersWithoutAnApi() throws Exception {
        List<FullHttpResponse> rs = send("GET /_turnpike/health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(json(rs.get(0)).path("status").asText()).isEqualTo("ok");
        release(rs);
    }
}
