package io.turnpike.functions.local;

import io.turnpike.aws.AwsException;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.aws.lambda.Invocation;
import io.turnpike.aws.lambda.InvocationResult;
import io.turnpike.functions.host.FunctionHost;
import io.turnpike.functions.host.FunctionSpec;
import io.turnpike.functions.host.HostInvocation;
import io.turnpike.functions.host.HostResult;
import io.turnpike.model.lambda.FunctionAlias;
import io.turnpike.model.lambda.FunctionConfig;
import io.turnpike.model.lambda.FunctionRef;
import io.turnpike.model.lambda.LambdaFunction;
import io.turnpike.model.lambda.QueuedEvent;
import io.turnpike.store.CodeStore;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import io.turnpike.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FunctionInvoker} for functions stored in this node: resolves the reference against the
 * store, and runs the function on a {@link FunctionHost}.
 *
 * <p><b>Resolution.</b> A reference is a name, a partial or full ARN, each optionally with {@code
 * :qualifier}, or with {@link Invocation#qualifier()}. {@code $LATEST}, published versions and aliases
 * (with their routing weights) resolve to one version's configuration, and so to a {@link FunctionSpec}.
 * Resolved references are cached per store revision: any commit makes the next call read again, so a
 * new deployment package or a changed alias is seen at once. Store reads run on this invoker's own
 * executor, never on the caller's thread.
 *
 * <p><b>Concurrency.</b> A function's reserved concurrency is its spec's {@code maxConcurrency}, or
 * {@code defaultMaxConcurrency} when none is reserved; reserved concurrency 0 throttles every call, as
 * Lambda does.
 *
 * <p><b>Asynchronous invocations.</b> An {@code Event} is written to the store before it is acknowledged
 * with 202, so an acknowledged event survives a crash. It then runs in the background; when the function
 * fails, it is retried twice more after the configured delays (Lambda's are 1 and 2 minutes), then
 * dropped with a log line. Events stored before a restart run once {@link #start()} is called.
 */
public final class LocalFunctions implements FunctionInvoker, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalFunctions.class);

    /** Lambda retries a failed asynchronous invocation twice, after about one and then two minutes. */
    public static final List<Duration> LAMBDA_RETRY_DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2));

    /** How many instances of a function may run at once when it has no reserved concurrency. */
    public static final int DEFAULT_MAX_CONCURRENCY = 10;

    /** Lambda's payload limits: 6 MB synchronous, 1 MB asynchronous. */
    static final int SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;

    static final int ASYNC_PAYLOAD_LIMIT = 1024 * 1024;
    static final int LOG_TAIL_BYTES = 4096;

    private final Store store;
    private final CodeStore code;
    private final FunctionHost host;
    private final String region;
    private final String accountId;
    private final Clock clock;
    private final List<Duration> retryDelays;
    private final int defaultMaxConcurrency;
    private final ExecutorService io;
    private final ScheduledExecutorService scheduler;
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    /** Functions the host has run: their warm instances are stopped once the function is deleted. */
    private final Set<String> hosted = ConcurrentHashMap.newKeySet();

    private volatile Cache cache = new Cache(-1);
    private volatile boolean started;

    /**
     * @param retryDelays the waits before the second and third attempt of a failed event (tests pass
     *     zero; production passes {@link #LAMBDA_RETRY_DELAYS})
     */
    public LocalFunctions(
            Store store,
            CodeStore code,
            FunctionHost host,
            String region,
            String accountId,
            Clock clock,
            List<Duration> retryDelays,
            int defaultMaxConcurrency) {
        this.store = Objects.requireNonNull(store, "store");
        this.code = Objects.requireNonNull(code, "code");
        this.host = Objects.requireNonNull(host, "host");
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retryDelays = List.copyOf(retryDelays);
        if (defaultMaxConcurrency < 1) {
            throw new IllegalArgumentException("defaultMaxConcurrency: " + defaultMaxConcurrency + " (expected: >= 1)");
        }
        this.defaultMaxConcurrency = defaultMaxConcurrency;
        // The data plane's event loops (an AWS_PROXY integration, an authorizer) hand invocations to this
        // pool, and they must neither start a thread nor wait: the threads are started now (a pool starts
        // them on its first tasks), and the queue is lock-free (a LinkedBlockingQueue parks the caller
        // whenever a pool thread holds its lock; CI saw an event loop parked 482 µs in its offer)
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                4, 4, 0, TimeUnit.MILLISECONDS, new LinkedTransferQueue<>(), named("turnpike-functions-"));
        pool.prestartAllCoreThreads();
        this.io = pool;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("turnpike-events-"));
        // DeleteFunction is a store write by the control plane: follow the store, and stop the warm
        // instances of functions that no longer exist (changed functions get new instances by themselves,
        // their FunctionSpec differs, and the old ones stop when idle)
        store.onCommit(revision -> {
            if (!hosted.isEmpty()) {
                try {
                    io.execute(this::evictDeleted);
                } catch (java.util.concurrent.RejectedExecutionException stopped) {
                    // closing
                }
            }
        });
    }

    private void evictDeleted() {
        try {
            Set<String> gone = new java.util.HashSet<>(hosted);
            store.read(tx -> {
                gone.removeIf(name ->
                        tx.get(Kinds.LAMBDA_FUNCTION, Store.GLOBAL, name).isPresent());
                return null;
            });
            for (String name : gone) {
                hosted.remove(name);
                host.evict(name);
                LOG.atInfo().addKeyValue("function", name).log("stopped the instances of a deleted function");
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot check for deleted functions", e);
        }
    }

    /** Starts running queued events, including those stored before a restart. */
    public void start() {
        started = true;
        io.execute(() -> {
            try {
                List<QueuedEvent> events = store.read(tx -> tx.list(Kinds.LAMBDA_EVENT, Kinds.LAMBDA_EVENT_SCOPE));
                events.forEach(this::schedule);
                if (!events.isEmpty()) {
                    LOG.info("resuming {} queued asynchronous invocations", events.size());
                }
            } catch (RuntimeException e) {
                LOG.error("cannot read queued asynchronous invocations", e);
            }
        });
    }

    @Override
    public CompletableFuture<InvocationResult> invoke(Invocation invocation) {
        try {
            return CompletableFuture.supplyAsync(() -> resolve(invocation.function(), invocation.qualifier()), io)
                    .thenComposeAsync(target -> run(target, invocation), io);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(
                    new AwsException(500, "ServiceException", "The function invoker is stopped"));
        }
    }

    private CompletableFuture<InvocationResult> run(Target target, Invocation invocation) {
        Resolved r = target.pick();
        switch (invocation.type()) {
            case DRY_RUN -> {
                return CompletableFuture.completedFuture(
                        new InvocationResult(204, new byte[0], null, null, r.version()));
            }
            case EVENT -> {
                if (invocation.payload().length > ASYNC_PAYLOAD_LIMIT) {
                    throw tooLarge(invocation.payload().length, ASYNC_PAYLOAD_LIMIT);
                }
                QueuedEvent event = new QueuedEvent(
                        UUID.randomUUID().toString(),
                        invocation.function(),
                        invocation.qualifier(),
                        invocation.payload(),
                        invocation.clientContext(),
                        0,
                        clock.millis());
                // durable before acknowledged: the 202 goes out only after this commit
                store.write(tx -> {
                    tx.put(Kinds.LAMBDA_EVENT, Kinds.LAMBDA_EVENT_SCOPE, event.id(), event);
                    return null;
                });
                if (started) {
                    schedule(event);
                }
                return CompletableFuture.completedFuture(
                        new InvocationResult(202, new byte[0], null, null, r.version()));
            }
            default -> {
                if (invocation.payload().length > SYNC_PAYLOAD_LIMIT) {
                    throw tooLarge(invocation.payload().length, SYNC_PAYLOAD_LIMIT);
                }
                HostInvocation hi = new HostInvocation(
                        UUID.randomUUID().toString(), invocation.payload(), invocation.clientContext(), null);
                hosted.add(r.spec().functionName());
                return host.invoke(r.spec(), hi)
                        .thenApply(result -> new InvocationResult(
                                200,
                                result.payload(),
                                result.functionError(),
                                invocation.tailLogs() ? tail(result) : null,
                                r.version()));
            }
        }
    }

    private static AwsException tooLarge(int size, int limit) {
        // ours: Lambda's wording of this message is not recorded
        return new AwsException(
                413,
                "RequestTooLargeException",
                "Request must be smaller than " + limit + " bytes for the InvokeFunction operation (was " + size + ")");
    }

    /** Base64 of the last 4 KB of the invocation's log, as {@code X-Amz-Log-Result} carries it. */
    static String tail(HostResult result) {
        byte[] log = result.logTail().getBytes(StandardCharsets.UTF_8);
        if (log.length > LOG_TAIL_BYTES) {
            log = Arrays.copyOfRange(log, log.length - LOG_TAIL_BYTES, log.length);
        }
        return Base64.getEncoder().encodeToString(log);
    }

    // ------------------------------------------------------------------ asynchronous invocations

    private void schedule(QueuedEvent event) {
        if (!scheduled.add(event.id())) {
            return;
        }
        long delay = Math.max(0, event.notBeforeEpochMillis() - clock.millis());
        try {
            scheduler.schedule(() -> io.execute(() -> runEvent(event.id())), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            scheduled.remove(event.id()); // stopping: it stays queued in the store for the next start
        }
    }

    private void runEvent(String id) {
        scheduled.remove(id);
        QueuedEvent event;
        Resolved r;
        try {
            event = store.read(tx -> tx.get(Kinds.LAMBDA_EVENT, Kinds.LAMBDA_EVENT_SCOPE, id))
                    .orElse(null);
            if (event == null) {
                return;
            }
            r = resolve(event.function(), event.qualifier()).pick();
        } catch (AwsException e) {
            if (e.status() == 404) {
                LOG.warn("dropping asynchronous invocation {}: {}", id, e.getMessage());
                deleteEvent(id);
                return;
            }
            LOG.warn("asynchronous invocation {} cannot run yet: {}", id, e.getMessage());
            retryLater(store.read(tx -> tx.get(Kinds.LAMBDA_EVENT, Kinds.LAMBDA_EVENT_SCOPE, id))
                    .orElse(null));
            return;
        } catch (RuntimeException e) {
            LOG.error("asynchronous invocation {} failed to start", id, e);
            return;
        }
        QueuedEvent ev = event;
        hosted.add(r.spec().functionName());
        host.invoke(r.spec(), new HostInvocation(ev.id(), ev.payload(), ev.clientContext(), null))
                .whenCompleteAsync(
                        (result, error) -> {
                            if (error == null && result.functionError() == null) {
                                deleteEvent(ev.id());
                                return;
                            }
                            Throwable cause = error instanceof CompletionException c ? c.getCause() : error;
                            LOG.warn(
                                    "asynchronous invocation {} of {} failed (attempt {}): {}",
                                    ev.id(),
                                    ev.function(),
                                    ev.attempts() + 1,
                                    cause != null
                                            ? cause.getMessage()
                                            : new String(result.payload(), StandardCharsets.UTF_8));
                            retryLater(ev);
                        },
                        io);
    }

    /** Records a failed attempt and schedules the next one, or drops the event after the third. */
    private void retryLater(QueuedEvent event) {
        if (event == null) {
            return;
        }
        try {
            if (event.attempts() >= retryDelays.size()) {
                LOG.warn(
                        "dropping asynchronous invocation {} of {} after {} attempts",
                        event.id(),
                        event.function(),
                        event.attempts() + 1);
                deleteEvent(event.id());
                return;
            }
            QueuedEvent next = event.failedOnce(
                    clock.millis() + retryDelays.get(event.attempts()).toMillis());
            store.write(tx -> {
                tx.put(Kinds.LAMBDA_EVENT, Kinds.LAMBDA_EVENT_SCOPE, next.id(), next);
                return null;
            });
            schedule(next);
        } catch (RuntimeException e) {
            LOG.error("cannot reschedule asynchronous invocation {}", event.id(), e);
        }
    }

    private void deleteEvent(String id) {
        try {
            store.write(tx -> tx.delete(Kinds.LAMBDA_EVENT, Kinds.LAMBDA_EVENT_SCOPE, id));
        } catch (RuntimeException e) {
            LOG.error("cannot remove finished asynchronous invocation {}", id, e);
        }
    }

    // ------------------------------------------------------------------ resolution

    /** One version that may run, with what the caller is told ran. */
    record Resolved(FunctionSpec spec, String version) {}

    /** What a reference resolves to: one version, or an alias's two with the second's weight. */
    record Target(Resolved primary, Resolved secondary, double secondaryWeight) {
        Resolved pick() {
            if (secondary != null && ThreadLocalRandom.current().nextDouble() < secondaryWeight) {
                return secondary;
            }
            return primary;
        }
    }

    private record Cache(long revision, Map<String, Target> targets) {
        Cache(long revision) {
            this(revision, new ConcurrentHashMap<>());
        }
    }

    private Target resolve(String function, String qualifierParam) {
        FunctionRef ref = FunctionRef.parse(function)
                .orElseThrow(() -> new AwsException(
                        400,
                        "ValidationException",
                        "1 validation error detected: Value '" + function + "' at 'functionName' failed to satisfy"
                                + " constraint: Member must satisfy regular expression pattern: "
                                + FunctionRef.PATTERN));
        String qualifier = ref.qualifier();
        if (qualifierParam != null) {
            if (qualifier != null && !qualifier.equals(qualifierParam)) {
                throw new AwsException(
                        400,
                        "InvalidParameterValueException",
                        "The derived qualifier from the function name does not match the specified qualifier.");
            }
            qualifier = qualifierParam;
        }
        if (ref.accountId() != null && !ref.accountId().equals(accountId)
                || ref.region() != null && !ref.region().equals(region)) {
            // a function of another account or region is not here
            throw notFound(FunctionRef.arn(
                    ref.region() == null ? region : ref.region(),
                    ref.accountId() == null ? accountId : ref.accountId(),
                    ref.name(),
                    qualifier));
        }
        String key = ref.name() + ":" + (qualifier == null ? "" : qualifier);
        long revision = store.revision();
        Cache c = cache;
        if (c.revision() != revision) {
            c = new Cache(revision);
            cache = c;
        }
        Target hit = c.targets().get(key);
        if (hit != null) {
            return hit;
        }
        String q = qualifier;
        Target t = store.read(tx -> load(tx, ref.name(), q));
        if (store.revision() == revision) {
            c.targets().put(key, t);
        }
        return t;
    }

    private Target load(ReadTx tx, String name, String qualifier) {
        LambdaFunction fn = tx.get(Kinds.LAMBDA_FUNCTION, Store.GLOBAL, name)
                .orElseThrow(() -> notFound(FunctionRef.arn(region, accountId, name, qualifier)));
        String arn = FunctionRef.arn(region, accountId, name, qualifier);
        if (qualifier == null || qualifier.equals(FunctionConfig.LATEST)) {
            return new Target(resolved(fn, fn.latest(), arn), null, 0);
        }
        String scope = LambdaFunction.scope(name);
        if (FunctionRef.isVersion(qualifier)) {
            FunctionConfig v = tx.get(Kinds.LAMBDA_VERSION, scope, qualifier).orElseThrow(() -> notFound(arn));
            return new Target(resolved(fn, v, arn), null, 0);
        }
        FunctionAlias alias = tx.get(Kinds.LAMBDA_ALIAS, scope, qualifier).orElseThrow(() -> notFound(arn));
        Resolved primary = resolved(fn, version(tx, fn, alias.functionVersion(), arn), arn);
        if (alias.additionalVersionWeights().isEmpty()) {
            return new Target(primary, null, 0);
        }
        Map.Entry<String, Double> w =
                alias.additionalVersionWeights().entrySet().iterator().next();
        Resolved secondary = resolved(fn, version(tx, fn, w.getKey(), arn), arn);
        return new Target(primary, secondary, w.getValue());
    }

    private FunctionConfig version(ReadTx tx, LambdaFunction fn, String version, String arn) {
        if (version.equals(FunctionConfig.LATEST)) {
            return fn.latest();
        }
        return tx.get(Kinds.LAMBDA_VERSION, LambdaFunction.scope(fn.name()), version)
                .orElseThrow(() -> notFound(arn));
    }

    private Resolved resolved(LambdaFunction fn, FunctionConfig c, String invokedArn) {
        if (!"Active".equals(c.state())) {
            throw new AwsException(
                    409,
                    "ResourceConflictException",
                    "The operation cannot be performed at this time. The function is currently in the following"
                            + " state: " + c.state());
        }
        Integer reserved = fn.reservedConcurrency();
        if (reserved != null && reserved == 0) {
            throw new AwsException(429, "TooManyRequestsException", "Rate Exceeded.");
        }
        FunctionSpec spec = new FunctionSpec(
                c.functionName(),
                invokedArn,
                c.version(),
                c.runtime(),
                c.handler(),
                c.timeout(),
                c.memorySize(),
                c.environment() == null ? Map.of() : c.environment(),
                code.path(c.codeSha256()),
                c.codeSha256(),
                reserved == null ? defaultMaxConcurrency : reserved);
        return new Resolved(spec, c.version());
    }

    private static AwsException notFound(String arn) {
        return new AwsException(404, "ResourceNotFoundException", "Function not found: " + arn);
    }

    /** Stops scheduling; queued events stay in the store for the next start. Does not close the host. */
    @Override
    public void close() {
        started = false;
        scheduler.shutdownNow();
        io.shutdown();
        try {
            if (!io.awaitTermination(5, TimeUnit.SECONDS)) {
                io.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            io.shutdownNow();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
