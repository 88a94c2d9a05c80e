package io.turnpike.dataplane;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.dataplane.authorizer.AuthorizePhase;
import io.turnpike.dataplane.authorizer.AuthorizerSettings;
import io.turnpike.dataplane.entry.DataPlaneServer;
import io.turnpike.dataplane.integration.Integrations;
import io.turnpike.dataplane.integration.aws.AwsServices;
import io.turnpike.dataplane.pipeline.RestPipeline;
import io.turnpike.dataplane.snapshot.GatewayConfig;
import io.turnpike.dataplane.snapshot.SnapshotCompiler;
import io.turnpike.dataplane.snapshot.SnapshotRegistry;
import io.turnpike.dataplane.testinvoke.TestInvoker;
import io.turnpike.dataplane.throttle.Buckets;
import io.turnpike.dataplane.throttle.Ticker;
import io.turnpike.dataplane.usageplan.UsagePlans;
import io.turnpike.store.Store;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The data plane, assembled: event loops (native epoll where available), the pipeline's phases, the
 * snapshot registry that follows the store, and the execute-api server. It reads configuration only
 * from the store.
 */
public final class DataPlane implements AutoCloseable {

    /** The names of the event loops' threads start with this ({@code turnpike-data-1-1}, …). */
    public static final String EVENT_LOOP_THREADS = "turnpike-data";

    /** The thread that builds what the event loops need once and must not build themselves. */
    static final String SETUP_THREAD = "turnpike-setup";

    private final EventLoopGroup group;
    private final SnapshotRegistry registry;
    private final DataPlaneServer server;
    private final Integrations integrations;
    private final TestInvoker testInvoker;
    private final UsagePlans usagePlans;
    private final AuthorizePhase authorize;
    private final ExecutorService setup;

    /** Without Lambda functions or AWS-service calls (AWS and AWS_PROXY methods answer 500). */
    public DataPlane(Store store, GatewayConfig config, int threads, Clock clock) {
        this(store, config, threads, clock, Ticker.system());
    }

    /** With the throttles' time source given (tests drive their own). */
    public DataPlane(Store store, GatewayConfig config, int threads, Clock clock, Ticker ticker) {
        this(
                store,
                config,
                threads,
                clock,
                ticker,
                FunctionInvoker.none(config.region(), config.accountId()),
                AwsServices.none(),
                AuthorizerSettings.defaults());
    }

    /** With Lambda functions and AWS services; authorizers with their defaults. */
    public DataPlane(
            Store store,
            GatewayConfig config,
            int threads,
            Clock clock,
            FunctionInvoker functions,
            AwsServices services) {
        this(store, config, threads, clock, Ticker.system(), functions, services, AuthorizerSettings.defaults());
    }

    /** With Lambda functions for authorizers and integrations; no AWS-service endpoints. */
    public DataPlane(
            Store store,
            GatewayConfig config,
            int threads,
            Clock clock,
            FunctionInvoker functions,
            AuthorizerSettings authorizers) {
        this(store, config, threads, clock, Ticker.system(), functions, AwsServices.none(), authorizers);
    }

    /**
     * @param ticker the time source of throttles and of the authorizer cache (tests drive their own)
     * @param functions invokes the functions of {@code AWS_PROXY} and {@code AWS} Lambda integrations and
     *     of Lambda authorizers
     * @param services where {@code AWS} service integrations send their calls, and their credentials
     * @param authorizers how authorizers run on this node (Cognito issuer base, VPC endpoint header, ...)
     */
    public DataPlane(
            Store store,
            GatewayConfig config,
            int threads,
            Clock clock,
            Ticker ticker,
            FunctionInvoker functions,
            AwsServices services,
            AuthorizerSettings authorizers) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerSocketChannel> serverChannel =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Class<? extends SocketChannel> clientChannel = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        // named, so thread dumps, profiles and EventLoopBlockingIT can tell the data plane's loops apart
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(EVENT_LOOP_THREADS), io);
        this.integrations = new Integrations(group, clientChannel, functions, services);
        // one thread, started now and kept, for the set-up work an event loop hands off (the JWKS client):
        // an event loop must neither start a thread nor wait on a queue's lock (EventLoopBlockingIT)
        ThreadPoolExecutor setup = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedTransferQueue<>(),
                new DefaultThreadFactory(SETUP_THREAD, true));
        setup.prestartAllCoreThreads();
        this.setup = setup;
        this.authorize = new AuthorizePhase(config, functions, authorizers, ticker::read, clock, setup);
        this.usagePlans = new UsagePlans(store, new Buckets(ticker), () -> Math.floorDiv(clock.millis(), 86_400_000L));
        // the phases in AWS's order: authorization; API key, usage plan; throttle — then request
        // validation and the integration's phases
        List<RestPipeline.Phase> phases = new ArrayList<>();
        phases.add(authorize.phase());
        phases.addAll(usagePlans.phases());
        phases.addAll(integrations.phases());
        RestPipeline pipeline = new RestPipeline(phases);
        SnapshotCompiler compiler = new SnapshotCompiler(config, pipeline);
        this.registry = new SnapshotRegistry(store, compiler);
        this.testInvoker = new TestInvoker(store, compiler, config, group, clock, TestInvoker.DEFAULT_TIMEOUT);
        this.server = new DataPlaneServer(group, serverChannel, registry, clock);
    }

    /** Compiles the first snapshot, then listens. */
    public InetSocketAddress start(String bind, int port) throws InterruptedException {
        usagePlans.start(Duration.ofSeconds(1), Duration.ofSeconds(1));
        registry.start(Duration.ofSeconds(1));
        // Netty starts a loop's thread on its first task, which for most loops is the first connection the
        // acceptor hands them: a thread started on an event loop, while a client waits. Start them all now.
        for (io.netty.util.concurrent.EventExecutor loop : group) {
            loop.submit(() -> {}).sync();
        }
        return server.start(bind, port);
    }

    /** API keys, usage plans, throttles and quota counters. */
    public UsagePlans usagePlans() {
        return usagePlans;
    }

    public SnapshotRegistry registry() {
        return registry;
    }

    /** TestInvokeMethod's engine: the same compiler and steps, on these event loops. */
    public TestInvoker testInvoker() {
        return testInvoker;
    }

    /** The authorize phase: TestInvokeAuthorizer runs authorizers through it. */
    public AuthorizePhase authorizers() {
        return authorize;
    }

    /**
     * Stops listening, lets in-flight requests finish (up to 10 s), stops the event loops, then flushes
     * the usage counters (the store must still be open).
     */
    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(100, 10_000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        integrations.close();
        registry.close();
        // after the last request has counted, before the store closes
        usagePlans.close();
        setup.shutdownNow();
    }
}
