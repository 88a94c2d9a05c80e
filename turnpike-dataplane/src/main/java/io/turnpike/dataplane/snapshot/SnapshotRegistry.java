package io.turnpike.dataplane.snapshot;

import io.turnpike.store.Store;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the gateway's current {@link GatewaySnapshot}.
 *
 * <p><b>The swap.</b> Requests read {@link #current()} once and keep that snapshot for their whole
 * life, so a request started before a deployment finishes on the old configuration and one started
 * after sees the new one; nobody sees half of each. The snapshot is built completely on the compile
 * thread and then published with one volatile write; nothing published is ever mutated, so readers
 * need no locks and a deployment drops no request.
 *
 * <p><b>When to compile.</b> The store's revision moves on every committed change. Commits made in this
 * process trigger a compile at once (the store's commit listener); commits made by other processes
 * sharing the store are noticed by polling the revision. Triggers arriving while a compile runs
 * coalesce into one more compile, which starts from the snapshot just built.
 */
public final class SnapshotRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRegistry.class);

    private final Store store;
    private final SnapshotCompiler compiler;
    private final ScheduledExecutorService compileThread;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private volatile GatewaySnapshot current = GatewaySnapshot.EMPTY;

    private record Waiter(long revision, CompletableFuture<GatewaySnapshot> future) {}

    public SnapshotRegistry(Store store, SnapshotCompiler compiler) {
        this.store = store;
        this.compiler = compiler;
        this.compileThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "turnpike-snapshot-compiler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Compiles the first snapshot (before traffic is accepted), then follows the store. */
    public void start(Duration pollInterval) {
        compileNow();
        store.onCommit(revision -> requestCompile());
        long ms = pollInterval.toMillis();
        compileThread.scheduleWithFixedDelay(
                () -> {
                    if (store.revision() != current.revision()) {
                        requestCompile();
                    }
                },
                ms,
                ms,
                TimeUnit.MILLISECONDS);
    }

    /** The snapshot to serve a request with. */
    public GatewaySnapshot current() {
        return current;
    }

    /** Completes once a snapshot at or after {@code revision} is published. */
    public CompletableFuture<GatewaySnapshot> awaitRevision(long revision) {
        CompletableFuture<GatewaySnapshot> f = new CompletableFuture<>();
        waiters.add(new Waiter(revision, f));
        notifyWaiters(current);
        requestCompile();
        return f;
    }

    private void requestCompile() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                compileThread.execute(() -> {
                    scheduled.set(false);
                    compileNow();
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                scheduled.set(false);
            }
        }
    }

    private void compileNow() {
        try {
            long start = System.nanoTime();
            GatewaySnapshot next = store.read(tx -> compiler.compile(tx, current));
            current = next;
            LOG.atDebug()
                    .addKeyValue("revision", next.revision())
                    .addKeyValue("apis", next.apis().size())
                    .addKeyValue("compileMs", (System.nanoTime() - start) / 1_000_000)
                    .log("snapshot published");
            notifyWaiters(next);
        } catch (RuntimeException e) {
            LOG.error("snapshot compile failed; still serving revision {}", current.revision(), e);
        }
    }

    private void notifyWaiters(GatewaySnapshot s) {
        for (Waiter w : waiters) {
            if (s.revision() >= w.revision() && waiters.remove(w)) {
                w.future().complete(s);
            }
        }
    }

    @Override
    public void close() {
        compileThread.shutdownNow();
    }
}
