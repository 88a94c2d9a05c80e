package io.turnpike.functions.host;

import io.turnpike.aws.AwsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local Lambda host: every warm instance is a child process that pulls its events from an
 * in-process Lambda Runtime API (one loopback port per instance, see {@link RuntimeApiServer}).
 *
 * <p>Layout under {@code workDir} ({@code <data-dir>/functions}): {@code code/<sha>/} unpacked
 * deployment packages (one per {@code CodeSha256}, shared by every version with that code),
 * {@code runtime/} our node and python runtime clients and AWS's Java runtime interface client, {@code
 * logs/<functionName>.log} every invocation's output.
 *
 * <p><b>Pooling.</b> Instances are pooled per {@link FunctionSpec}. {@link #invoke} takes the most
 * recently used idle instance of the spec (the warm path: no process work, no file I/O, one write to
 * the instance's parked {@code /next}); with none idle it starts one on the executor (a cold start)
 * while the spec has fewer than {@code maxConcurrency} instances, and fails at once with 429 {@code
 * TooManyRequestsException} otherwise. Idle instances stop after {@link HostSettings#idleTimeout()}.
 * An instance that times out, fails to initialise or exits is stopped and dropped; the next call
 * starts a new one.
 *
 * <p>{@link #invoke} never blocks; its future completes on a host thread. {@link #close()} kills every
 * instance and its descendants; a JVM shutdown hook does the same if the host is never closed.
 */
public final class ProcessFunctionHost implements FunctionHost {

    private static final Logger log = LoggerFactory.getLogger(ProcessFunctionHost.class);
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The instances of one spec. Guarded by itself. */
    static final class Pool {
        final FunctionSpec spec;
        final ArrayDeque<Instance> idle = new ArrayDeque<>();
        final Set<Instance> all = new HashSet<>();
        boolean removed;

        Pool(FunctionSpec spec) {
            this.spec = spec;
        }
    }

    private final Path workDir;
    private final HostSettings settings;
    private final CodeStore code;
    private final Launcher launcher;
    private final RuntimeApiServer runtimeApi;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final Map<FunctionSpec, Pool> pools = new ConcurrentHashMap<>();
    private final Map<String, FunctionLog> logs = new ConcurrentHashMap<>();
    private final Thread shutdownHook;
    private volatile boolean closed;

    /** A host with {@link HostSettings#defaults()}. */
    public ProcessFunctionHost(Path workDir) {
        this(workDir, HostSettings.defaults());
    }

    public ProcessFunctionHost(Path workDir, HostSettings settings) {
        this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath();
        this.settings = Objects.requireNonNull(settings, "settings");
        try {
            Files.createDirectories(this.workDir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException("workDir: " + workDir + " (expected: a writable directory)", e);
        }
        this.code = new CodeStore(this.workDir.resolve("code"));
        this.launcher = new Launcher(this.workDir.resolve("runtime"), settings);
        this.runtimeApi = new RuntimeApiServer();
        this.executor = Executors.newCachedThreadPool(daemon("turnpike-function-host"));
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemon("turnpike-function-timer"));
        timers.setRemoveOnCancelPolicy(true); // one timeout per invocation: cancelled ones must not pile up
        this.scheduler = timers;
        long sweep = Math.max(100, Math.min(settings.idleTimeout().toMillis() / 4, 1_000));
        // the sweep reads /proc and writes files: on the executor, so the timer thread only keeps time
        scheduler.scheduleWithFixedDelay(() -> execute(this::sweep), sweep, sweep, TimeUnit.MILLISECONDS);
        this.shutdownHook = new Thread(this::killAll, "turnpike-function-host-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public CompletableFuture<HostResult> invoke(FunctionSpec spec, HostInvocation invocation) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(invocation, "invocation");
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the function host is closed"));
        }
        if (Launcher.kind(spec.runtime()) == null) {
            // Lambda refuses such a function at CreateFunction; the message is ours.
            return CompletableFuture.failedFuture(new AwsException(
                    502,
                    "InvalidRuntimeException",
                    "The runtime " + spec.runtime() + " is not supported by the local function host."));
        }
        Run run = new Run(invocation, invocation.traceId() != null ? invocation.traceId() : newTraceId());
        while (true) {
            Pool pool = pools.computeIfAbsent(spec, Pool::new);
            Instance instance;
            boolean cold = false;
            synchronized (pool) {
                if (pool.removed) {
                    continue;
                }
                instance = pool.idle.pollFirst();
                if (instance == null) {
                    if (pool.all.size() >= spec.maxConcurrency()) {
                        return CompletableFuture.failedFuture(
                                new AwsException(429, "TooManyRequestsException", "Rate Exceeded."));
                    }
                    instance = new Instance(this, pool, spec, functionLog(spec.functionName()));
                    pool.all.add(instance);
                    cold = true;
                }
            }
            if (cold) {
                Instance starting = instance;
                execute(() -> starting.start(run));
                return run.future;
            }
            if (instance.submit(run)) {
                return run.future;
            }
            // the idle instance exited just now; it has left the pool: take another or start one
        }
    }

    @Override
    public void evict(String functionName) {
        List<Instance> victims = new ArrayList<>();
        for (Pool pool : pools.values()) {
            if (pool.spec.functionName().equals(functionName)) {
                synchronized (pool) {
                    pool.removed = true;
                    victims.addAll(pool.all);
                    pool.all.clear();
                    pool.idle.clear();
                }
                pools.remove(pool.spec, pool);
            }
        }
        victims.forEach(Instance::stop);
    }

    @Override
    public Path logFile(String functionName) {
        return functionLog(functionName).file();
    }

    /** Flushes buffered log lines of {@code functionName} to its file (lines are flushed per invocation anyway). */
    void flushLog(String functionName) {
        functionLog(functionName).flush();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<Void>> exits = killAll();
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Function instances still running after close: {}", e.toString());
        }
        scheduler.shutdownNow();
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtimeApi.close();
        logs.values().forEach(FunctionLog::close);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and runs the hook itself
        }
    }

    /** Instances alive for {@code spec}, idle or busy (for tests and metrics). */
    int instanceCount(FunctionSpec spec) {
        Pool pool = pools.get(spec);
        if (pool == null) {
            return 0;
        }
        synchronized (pool) {
            return pool.all.size();
        }
    }

    /** Stops instances idle for at least the idle timeout; the sweeper calls it, tests may too. */
    void reapIdle() {
        long cutoff = settings.clock().millis() - settings.idleTimeout().toMillis();
        List<Instance> victims = new ArrayList<>();
        for (Pool pool : pools.values()) {
            synchronized (pool) {
                for (Instance instance : List.copyOf(pool.idle)) {
                    if (instance.isIdleSince(cutoff)) {
                        pool.idle.remove(instance);
                        pool.all.remove(instance);
                        victims.add(instance);
                    }
                }
                if (pool.all.isEmpty()) {
                    pool.removed = true;
                    pools.remove(pool.spec, pool);
                }
            }
        }
        victims.forEach(Instance::stop);
    }

    private void sweep() {
        try {
            reapIdle();
            for (Pool pool : pools.values()) {
                List<Instance> all;
                synchronized (pool) {
                    all = List.copyOf(pool.all);
                }
                all.forEach(Instance::sampleMemory);
            }
            // output printed between invocations (background work) reaches the file within a sweep
            logs.values().forEach(FunctionLog::flush);
        } catch (RuntimeException e) {
            log.warn("Function host sweep failed", e);
        }
    }

    private List<CompletableFuture<Void>> killAll() {
        List<Instance> victims = new ArrayList<>();
        for (Pool pool : pools.values()) {
            synchronized (pool) {
                pool.removed = true;
                victims.addAll(pool.all);
                pool.all.clear();
                pool.idle.clear();
            }
        }
        pools.clear();
        List<CompletableFuture<Void>> exits = new ArrayList<>();
        for (Instance instance : victims) {
            instance.stop();
            exits.add(instance.exited());
        }
        return exits;
    }

    // ---- for instances ----

    void release(Instance instance) {
        Pool pool = instance.pool;
        boolean back;
        synchronized (pool) {
            back = !pool.removed && pool.all.contains(instance);
            if (back) {
                pool.idle.addFirst(instance);
            }
        }
        if (!back) {
            instance.stop();
        }
    }

    void removeInstance(Instance instance) {
        Pool pool = instance.pool;
        synchronized (pool) {
            pool.all.remove(instance);
            pool.idle.remove(instance);
            if (pool.all.isEmpty() && !pool.removed) {
                pool.removed = true;
                pools.remove(pool.spec, pool);
            }
        }
    }

    HostSettings settings() {
        return settings;
    }

    CodeStore code() {
        return code;
    }

    Launcher launcher() {
        return launcher;
    }

    RuntimeApiServer runtimeApi() {
        return runtimeApi;
    }

    /** Runs {@code task} on the executor, or right here once {@link #close()} has shut it down. */
    void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    String timestamp() {
        return TIMESTAMP.format(Instant.ofEpochMilli(settings.clock().millis()));
    }

    private FunctionLog functionLog(String functionName) {
        if (functionName.isEmpty() || !functionName.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("functionName: '" + functionName + "' (expected: [A-Za-z0-9_-]+)");
        }
        return logs.computeIfAbsent(
                functionName, n -> new FunctionLog(workDir.resolve("logs").resolve(n + ".log")));
    }

    /** X-Ray's format: {@code Root=1-<epoch seconds hex>-<24 hex>;Parent=<16 hex>;Sampled=0}. */
    private String newTraceId() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        StringBuilder sb = new StringBuilder(80).append("Root=1-");
        long seconds = settings.clock().millis() / 1000;
        for (int shift = 28; shift >= 0; shift -= 4) {
            sb.append(HEX[(int) (seconds >>> shift) & 0xF]);
        }
        sb.append('-');
        for (int i = 0; i < 20; i++) {
            if (i == 12) {
                sb.append(";Parent=");
            }
            sb.append(HEX[(bytes[i] >> 4) & 0xF]).append(HEX[bytes[i] & 0xF]);
        }
        return sb.append(";Sampled=0").toString();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
