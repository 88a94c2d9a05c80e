package io.turnpike.dataplane.integration.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Host names resolve off the event loop and answer on it; IP literals never leave it. */
class HostResolverTest {

    private static MultiThreadIoEventLoopGroup group;
    private static HostResolver resolver;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        resolver = new HostResolver();
    }

    @AfterAll
    static void stop() {
        resolver.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** What one resolve call did: its answer, whether it came on the loop, and whether it came at once. */
    private record Outcome(InetSocketAddress address, Throwable failure, boolean onLoop, boolean synchronous) {}

    private static Outcome resolve(String host) throws Exception {
        EventLoop loop = group.next();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        loop.execute(() -> {
            boolean[] returned = {false};
            resolver.resolve(
                    host,
                    8080,
                    loop,
                    (address, failure) ->
                            outcome.complete(new Outcome(address, failure, loop.inEventLoop(), !returned[0])));
            returned[0] = true;
        });
        return outcome.get(10, TimeUnit.SECONDS);
    }

    @Test
    void ipLiteralsResolveAtOnceOnTheLoop() throws Exception {
        Outcome v4 = resolve("127.0.0.1");
        Outcome v6 = resolve("::1");

        assertThat(v4.synchronous()).isTrue();
        assertThat(v4.address()).isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
        assertThat(v6.synchronous()).isTrue();
        assertThat(v6.address().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void namesResolveElsewhereAndAnswerOnTheLoop() throws Exception {
        Outcome localhost = resolve("localhost");

        assertThat(localhost.synchronous()).isFalse();
        assertThat(localhost.onLoop()).isTrue();
        assertThat(localhost.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(localhost.address().getPort()).isEqualTo(8080);
    }

    @Test
    void unknownNamesFailOnTheLoop() throws Exception {
        Outcome unknown = resolve("no-such-host.invalid");

        assertThat(unknown.onLoop()).isTrue();
        assertThat(unknown.failure()).isInstanceOf(UnknownHostException.class);
    }
}
