package io.turnpike.dataplane.integration.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** An event loop group of a chosen transport and an {@link UpstreamClient} on it. */
final class ClientFixture implements AutoCloseable {

    enum Transport {
        NIO,
        EPOLL
    }

    final EventLoopGroup group;
    final UpstreamClient client;
    /** The loop {@link #send} uses, always the same one, so that requests share its pool. */
    private final EventLoop loop;

    ClientFixture(Transport transport, int threads, UpstreamSettings settings) {
        IoHandlerFactory io = transport == Transport.EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends Channel> channelType =
                transport == Transport.EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
        this.group = new MultiThreadIoEventLoopGroup(threads, io);
        this.client = new UpstreamClient(group, channelType, settings);
        this.loop = group.next();
    }

    /** The fastest transport here: epoll where the native library loads, else NIO. */
    static ClientFixture best(int threads, UpstreamSettings settings) {
        return new ClientFixture(Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO, threads, settings);
    }

    static UpstreamSettings settings(Duration idle, int maxPerOrigin, int maxBytes) {
        return new UpstreamSettings(Duration.ofSeconds(5), idle, maxPerOrigin, maxBytes);
    }

    EventLoop loop() {
        return loop;
    }

    CompletableFuture<UpstreamResponse> send(UpstreamRequest request) {
        return client.execute(request, loop);
    }

    UpstreamResponse call(UpstreamRequest request) throws Exception {
        return send(request).get(10, TimeUnit.SECONDS);
    }

    /** Sends and expects a failure; returns it. */
    UpstreamException failure(UpstreamRequest request) {
        Throwable thrown = catchThrowable(() -> send(request).get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(UpstreamException.class);
        return (UpstreamException) thrown.getCause();
    }

    static UpstreamRequest get(URI uri) {
        return request("GET", uri, "");
    }

    static UpstreamRequest request(String method, URI uri, String body, String... headerPairs) {
        return request(method, uri, body, Duration.ofSeconds(5), headerPairs);
    }

    static UpstreamRequest request(String method, URI uri, String body, Duration timeout, String... headerPairs) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(Map.entry(headerPairs[i], headerPairs[i + 1]));
        }
        return new UpstreamRequest(method, uri, headers, body.getBytes(StandardCharsets.UTF_8), timeout, false);
    }

    static String text(UpstreamResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
