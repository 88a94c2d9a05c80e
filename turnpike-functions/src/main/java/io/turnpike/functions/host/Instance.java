package io.turnpike.functions.host;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One warm instance: a child process, its own Runtime API listener, and the state machine of AWS's
 * Runtime API (RIE's {@code core} states, whose names appear in its 403 messages):
 *
 * <pre>
 *   Started --/next--> Ready --event--> Running --/response|/error--> RuntimeResponseSentState --/next--> Ready
 *      \--/init/error--> InitError                  (timeout, exit, stop: the instance is gone)
 * </pre>
 *
 * <p>Runtime API calls arrive on the event loop and only change state under this object's lock and
 * write responses; anything that waits (draining the output, writing the log, killing) runs on the
 * host's executor. An instance serves one invocation at a time: the pool gives it work only while it
 * is idle.
 */
final class Instance {

    static final String ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type";

    enum State {
        STARTED("Started"),
        READY("Ready"),
        RUNNING("Running"),
        RESPONSE_SENT("RuntimeResponseSentState"),
        INIT_ERROR("InitError"),
        GONE("Gone");

        final String awsName;

        State(String awsName) {
            this.awsName = awsName;
        }
    }

    /** What happens to the instance once an invocation's result is out. */
    enum Outcome {
        /** back to the pool, warm */
        RELEASE,
        /** stopped first (timeout, init error), then the result */
        KILL,
        /** already exited */
        GONE
    }

    final FunctionSpec spec;
    final ProcessFunctionHost.Pool pool;
    private final ProcessFunctionHost host;
    private final FunctionLog functionLog;
    private final long createdNanos = System.nanoTime();

    // guarded by this
    private State state = State.STARTED;
    private Run run;
    private ChannelHandlerContext parkedNext;
    private boolean parkedKeepAlive;
    private boolean gone;
    private Process process;
    private Channel server;
    private OutputReader reader;
    private ScheduledFuture<?> initTimer;
    private long initNanos = -1;
    private boolean initReported;

    private volatile String logRequestId = "";
    private volatile Run logRun;
    volatile long lastUsedMillis;
    volatile long maxMemoryMb;

    Instance(ProcessFunctionHost host, ProcessFunctionHost.Pool pool, FunctionSpec spec, FunctionLog log) {
        this.host = host;
        this.pool = pool;
        this.spec = spec;
        this.functionLog = log;
    }

    // ---- lifecycle, on the host's executor ----

    /** Starts the process for {@code first}, the invocation that caused this cold start. */
    void start(Run first) {
        synchronized (this) {
            run = first;
        }
        logRequestId = first.requestId;
        logRun = first;
        Path code;
        try {
            code = host.code().unpacked(spec);
        } catch (IOException | RuntimeException e) {
            gone();
            // Lambda checks the zip at CreateFunction (InvalidZipFileException, 502 on Invoke); ours too.
            first.future.completeExceptionally(new io.turnpike.aws.AwsException(
                    502,
                    "InvalidZipFileException",
                    "Could not unpack the deployment package of " + spec.functionName() + ": " + e.getMessage()));
            return;
        }
        Process p;
        try {
            Channel ch = host.runtimeApi().bind(this);
            synchronized (this) {
                server = ch;
            }
            ProcessBuilder pb = host.launcher().processBuilder(spec, code, RuntimeApiServer.port(ch));
            p = pb.start();
        } catch (IOException e) {
            String detail = Launcher.execFailure(e, host.launcher().entrypoint(spec, code));
            gone();
            closeServer();
            synchronized (this) {
                first.answered = true;
            }
            complete(
                    first,
                    ErrorDocuments.invalidEntrypoint(first.requestId, detail),
                    "Unhandled",
                    Outcome.GONE,
                    List.of("RequestId: " + first.requestId + " Error: " + detail, "Runtime.InvalidEntrypoint"),
                    "Status: error\tError Type: Runtime.InvalidEntrypoint");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gone();
            first.future.completeExceptionally(e);
            return;
        } catch (RuntimeException e) {
            gone();
            first.future.completeExceptionally(e);
            return;
        }
        OutputReader out = OutputReader.open(p, this::onOutputLine);
        Thread t = new Thread(out, "turnpike-fn-" + spec.functionName() + "-" + p.pid());
        t.setDaemon(true);
        boolean stopNow;
        synchronized (this) {
            process = p;
            reader = out;
            stopNow = gone;
            if (!gone) {
                long limit = host.settings().initTimeout().toMillis() + spec.timeoutSeconds() * 1000L;
                initTimer = host.scheduler().schedule(this::onInitTimeout, limit, TimeUnit.MILLISECONDS);
            }
        }
        t.start();
        p.onExit().whenComplete((x, err) -> host.execute(this::onExit));
        if (stopNow) {
            kill();
        }
    }

    /** Gives a warm, idle instance its next invocation. False when the instance died meanwhile. */
    boolean submit(Run next) {
        ChannelHandlerContext ctx = null;
        boolean keepAlive = false;
        synchronized (this) {
            if (gone) {
                return false;
            }
            run = next;
            logRequestId = next.requestId;
            logRun = next;
            if (parkedNext != null && state == State.READY) {
                ctx = parkedNext;
                keepAlive = parkedKeepAlive;
                parkedNext = null;
                deliverLocked(next);
            }
        }
        if (ctx != null) {
            writeEvent(ctx, keepAlive, next);
        }
        return true;
    }

    /** Stops the process and its children (evict, close, idle timeout). */
    void stop() {
        gone();
        kill();
    }

    boolean isIdleSince(long millis) {
        synchronized (this) {
            return !gone && run == null && lastUsedMillis <= millis;
        }
    }

    CompletableFuture<Void> exited() {
        Process p;
        synchronized (this) {
            p = process;
        }
        return p == null ? CompletableFuture.completedFuture(null) : p.onExit().thenApply(x -> null);
    }

    /** Samples the peak resident memory (VmHWM) for REPORT lines; off the invocation path. */
    void sampleMemory() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.substring(6).replace("kB", "").trim());
                    maxMemoryMb = Math.max(maxMemoryMb, (kb + 1023) / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process just exited: keep the last sample
        }
    }

    // ---- Runtime API, on the event loop ----

    void onNext(ChannelHandlerContext ctx, boolean keepAlive) {
        Run deliver = null;
        boolean first = false;
        String refused = null;
        synchronized (this) {
            if (gone) {
                RuntimeApiServer.sendError(
                        ctx,
                        HttpResponseStatus.INTERNAL_SERVER_ERROR,
                        "InternalServerError",
                        "Internal Server Error",
                        false);
                return;
            }
            if (state == State.RUNNING || state == State.INIT_ERROR || parkedNext != null) {
                refused = transition(state, "Ready");
            } else {
                if (state == State.STARTED) {
                    first = true;
                    initNanos = System.nanoTime() - createdNanos;
                    if (initTimer != null) {
                        initTimer.cancel(false);
                    }
                }
                state = State.READY;
                if (run != null && !run.delivered) {
                    deliver = run;
                    deliverLocked(deliver);
                } else {
                    parkedNext = ctx;
                    parkedKeepAlive = keepAlive;
                }
            }
        }
        if (refused != null) {
            RuntimeApiServer.sendError(ctx, HttpResponseStatus.FORBIDDEN, "InvalidStateTransition", refused, keepAlive);
            return;
        }
        if (first) {
            host.execute(this::sampleMemory);
        }
        if (deliver != null) {
            writeEvent(ctx, keepAlive, deliver);
        }
    }

    void onResponse(
            ChannelHandlerContext ctx,
            String requestId,
            byte[] body,
            String contentType,
            boolean tooLarge,
            boolean keepAlive) {
        Run done = answer(ctx, requestId, "InvocationResponse", keepAlive);
        if (done == null) {
            return;
        }
        if (tooLarge) {
            tooLarge(ctx, done, keepAlive);
            return;
        }
        RuntimeApiServer.sendAccepted(ctx, keepAlive);
        complete(done, body, null, Outcome.RELEASE, List.of(), null);
    }

    void onError(
            ChannelHandlerContext ctx,
            String requestId,
            String errorType,
            byte[] body,
            boolean tooLarge,
            boolean keepAlive) {
        Run done = answer(ctx, requestId, "InvocationErrorResponse", keepAlive);
        if (done == null) {
            return;
        }
        if (tooLarge) {
            tooLarge(ctx, done, keepAlive);
            return;
        }
        RuntimeApiServer.sendAccepted(ctx, keepAlive);
        complete(done, ErrorDocuments.fromRuntime(errorType, body), "Unhandled", Outcome.RELEASE, List.of(), null);
    }

    void onInitError(ChannelHandlerContext ctx, String errorType, byte[] body, boolean keepAlive) {
        Run failed;
        String refused = null;
        synchronized (this) {
            if (state != State.STARTED || gone) {
                refused = transition(state, "InitError");
                failed = null;
            } else {
                state = State.INIT_ERROR;
                if (initTimer != null) {
                    initTimer.cancel(false);
                }
                failed = run != null && !run.answered ? run : null;
                if (failed != null) {
                    failed.answered = true;
                    failed.endNanos = System.nanoTime();
                }
            }
        }
        if (refused != null) {
            RuntimeApiServer.sendError(ctx, HttpResponseStatus.FORBIDDEN, "InvalidStateTransition", refused, keepAlive);
            return;
        }
        RuntimeApiServer.sendAccepted(ctx, keepAlive);
        String type = errorType == null || errorType.isEmpty() ? "Runtime.Unknown" : errorType;
        if (failed != null) {
            complete(
                    failed,
                    ErrorDocuments.fromRuntime(errorType, body),
                    "Unhandled",
                    Outcome.KILL,
                    List.of(),
                    "Status: error\tError Type: " + type);
        } else {
            stop();
        }
    }

    void onDisconnect(ChannelHandlerContext ctx) {
        synchronized (this) {
            if (parkedNext == ctx) {
                parkedNext = null;
            }
        }
    }

    /** The state checks shared by /response and /error; answers the runtime itself when refusing. */
    private Run answer(ChannelHandlerContext ctx, String requestId, String nextState, boolean keepAlive) {
        String refused = null;
        boolean unknownId = false;
        Run done = null;
        synchronized (this) {
            if (state != State.RUNNING || gone) {
                refused = transition(state, nextState);
            } else if (!run.requestId.equals(requestId)) {
                unknownId = true;
            } else {
                done = run;
                done.answered = true;
                done.endNanos = System.nanoTime();
                state = State.RESPONSE_SENT;
                if (done.timeout != null) {
                    done.timeout.cancel(false);
                }
            }
        }
        if (refused != null) {
            RuntimeApiServer.sendError(ctx, HttpResponseStatus.FORBIDDEN, "InvalidStateTransition", refused, keepAlive);
        } else if (unknownId) {
            RuntimeApiServer.sendError(
                    ctx, HttpResponseStatus.BAD_REQUEST, "InvalidRequestID", "Invalid request ID", keepAlive);
        }
        return done;
    }

    private void tooLarge(ChannelHandlerContext ctx, Run done, boolean keepAlive) {
        RuntimeApiServer.sendError(
                ctx,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "RequestEntityTooLarge",
                "Exceeded maximum allowed payload size (" + RuntimeApiServer.MAX_PAYLOAD + " bytes).",
                keepAlive);
        complete(
                done,
                ErrorDocuments.responseTooLarge(),
                "Unhandled",
                Outcome.RELEASE,
                List.of(),
                "Status: error\tError Type: Function.ResponseSizeTooLarge");
    }

    /** RIE's {@code StateTransitionFailedForRuntimeMessageFormat} with its {@code ErrNotAllowed}. */
    private static String transition(State from, String to) {
        return "State transition from " + from.awsName + " to " + to
                + " failed for runtime. Error: State transition is not allowed";
    }

    private void deliverLocked(Run next) {
        next.delivered = true;
        next.startNanos = System.nanoTime();
        state = State.RUNNING;
        next.timeout = host.scheduler().schedule(() -> onTimeout(next), spec.timeoutSeconds(), TimeUnit.SECONDS);
        logStart(next);
    }

    private void writeEvent(ChannelHandlerContext ctx, boolean keepAlive, Run next) {
        long deadline = host.settings().clock().millis() + spec.timeoutSeconds() * 1000L;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Lambda-Runtime-Aws-Request-Id", next.requestId);
        headers.put("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        headers.put("Lambda-Runtime-Invoked-Function-Arn", spec.functionArn());
        headers.put("Lambda-Runtime-Trace-Id", next.traceId);
        String clientContext = next.invocation.clientContext();
        if (clientContext != null && !clientContext.isEmpty()) {
            headers.put("Lambda-Runtime-Client-Context", decodeClientContext(clientContext));
        }
        String cognitoIdentity = next.invocation.cognitoIdentity();
        if (cognitoIdentity != null && !cognitoIdentity.isEmpty()) {
            headers.put("Lambda-Runtime-Cognito-Identity", cognitoIdentity);
        }
        RuntimeApiServer.send(
                ctx, HttpResponseStatus.OK, next.invocation.payload(), "application/json", headers, keepAlive);
    }

    /**
     * Invoke takes the client context as base64 ({@code X-Amz-Client-Context}); runtimes receive the
     * JSON itself (AWS's clients parse the header as JSON). Text that is not base64 passes unchanged.
     */
    static String decodeClientContext(String base64) {
        try {
            return new String(java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return base64;
        }
    }

    // ---- failures, on the scheduler or the executor ----

    private void onTimeout(Run r) {
        synchronized (this) {
            if (run != r || r.answered) {
                return;
            }
            r.answered = true;
            r.endNanos = System.nanoTime();
        }
        String text = ErrorDocuments.timeoutText(spec.timeoutSeconds());
        complete(
                r,
                ErrorDocuments.timeout(r.requestId, spec.timeoutSeconds()),
                "Unhandled",
                Outcome.KILL,
                List.of(host.timestamp() + "\t" + r.requestId + "\t" + text),
                "Status: timeout");
    }

    private void onInitTimeout() {
        Run r;
        synchronized (this) {
            if (state != State.STARTED || gone) {
                return;
            }
            r = run != null && !run.answered ? run : null;
            if (r != null) {
                r.answered = true;
                r.endNanos = System.nanoTime();
            }
        }
        if (r == null) {
            stop();
            return;
        }
        String text = ErrorDocuments.timeoutText(spec.timeoutSeconds());
        complete(
                r,
                ErrorDocuments.timeout(r.requestId, spec.timeoutSeconds()),
                "Unhandled",
                Outcome.KILL,
                List.of(host.timestamp() + "\t" + r.requestId + "\t" + text),
                "Status: timeout");
    }

    private void onExit() {
        Run r;
        ChannelHandlerContext parked;
        int code;
        Process p;
        synchronized (this) {
            p = process;
            gone = true;
            state = State.GONE;
            r = run != null && !run.answered ? run : null;
            if (r != null) {
                r.answered = true;
                r.endNanos = System.nanoTime();
                if (r.timeout != null) {
                    r.timeout.cancel(false);
                }
            }
            if (initTimer != null) {
                initTimer.cancel(false);
            }
            parked = parkedNext;
            parkedNext = null;
        }
        code = p.exitValue();
        host.removeInstance(this);
        closeServer();
        if (parked != null) {
            parked.close();
        }
        if (r != null) {
            String reason = ErrorDocuments.exitReason(code);
            complete(
                    r,
                    ErrorDocuments.exitError(r.requestId, reason),
                    "Unhandled",
                    Outcome.GONE,
                    List.of("RequestId: " + r.requestId + " Error: " + reason, "Runtime.ExitError"),
                    "Status: error\tError Type: Runtime.ExitError");
        } else {
            OutputReader out;
            synchronized (this) {
                out = reader;
            }
            if (out != null) {
                out.drain().whenComplete((x, e) -> {
                    out.shutdown();
                    functionLog.flush();
                });
            }
        }
    }

    /**
     * Finishes {@code r}: after the instance's output up to now is read, writes END and REPORT,
     * returns the instance to the pool (or stops it), then completes the caller's future.
     */
    private void complete(
            Run r, byte[] payload, String functionError, Outcome outcome, List<String> extraLines, String status) {
        Runnable finish = () -> {
            if (outcome == Outcome.KILL) {
                stop();
            }
            OutputReader out;
            synchronized (this) {
                out = reader;
            }
            CompletableFuture<Void> drained = out == null ? CompletableFuture.completedFuture(null) : out.drain();
            drained.completeOnTimeout(null, 2, TimeUnit.SECONDS)
                    .whenComplete((x, e) -> host.execute(() -> {
                        try {
                            finishLogged(r, extraLines, status);
                            if (outcome != Outcome.RELEASE && out != null) {
                                out.shutdown();
                            }
                            HostResult result = new HostResult(payload, functionError, r.tailText());
                            if (outcome == Outcome.RELEASE) {
                                release(r);
                            }
                            r.future.complete(result);
                        } catch (RuntimeException ex) {
                            r.future.completeExceptionally(ex);
                        }
                    }));
        };
        host.execute(finish);
    }

    private void finishLogged(Run r, List<String> extraLines, String status) {
        boolean cold;
        long init;
        synchronized (this) {
            if (!r.startLogged) {
                logStart(r);
            }
            cold = !initReported && initNanos >= 0;
            init = initNanos;
            if (cold) {
                initReported = true;
            }
        }
        for (String line : extraLines) {
            write(r, line);
        }
        long endNanos = r.endNanos == 0 ? System.nanoTime() : r.endNanos;
        long startNanos = r.delivered ? r.startNanos : r.createdNanos;
        double ms = Math.max(0, endNanos - startNanos) / 1_000_000.0;
        long billed = Math.max(1, (long) Math.ceil(ms));
        write(r, "END RequestId: " + r.requestId);
        StringBuilder report = new StringBuilder(160)
                .append("REPORT RequestId: ")
                .append(r.requestId)
                .append("\tDuration: ")
                .append(String.format(Locale.ROOT, "%.2f", ms))
                .append(" ms\tBilled Duration: ")
                .append(billed)
                .append(" ms\tMemory Size: ")
                .append(spec.memorySizeMb())
                .append(" MB\tMax Memory Used: ")
                .append(Math.max(1, maxMemoryMb))
                .append(" MB");
        if (cold) {
            report.append("\tInit Duration: ")
                    .append(String.format(Locale.ROOT, "%.2f", init / 1_000_000.0))
                    .append(" ms");
        }
        if (status != null) {
            report.append('\t').append(status);
        }
        write(r, report.toString());
        functionLog.flush();
    }

    private void release(Run r) {
        synchronized (this) {
            if (gone || run != r) {
                return;
            }
            run = null;
            logRun = null;
            lastUsedMillis = host.settings().clock().millis();
        }
        host.release(this);
    }

    // ---- logs ----

    private void logStart(Run r) {
        r.startLogged = true;
        write(r, "START RequestId: " + r.requestId + " Version: " + spec.version());
    }

    private void write(Run r, String line) {
        r.tail(line);
        if (functionLog.append(line)) {
            host.execute(functionLog::flush);
        }
    }

    /** A line of the instance's output, prefixed with the time and the current request id. */
    private void onOutputLine(String line) {
        String prefixed = host.timestamp() + "\t" + logRequestId + "\t" + line;
        Run r = logRun;
        if (r != null) {
            r.tail(prefixed);
        }
        if (functionLog.append(prefixed)) {
            functionLog.flush(); // the reader thread may block on the file; the event loop never does
        }
    }

    // ---- process control ----

    private void gone() {
        synchronized (this) {
            gone = true;
            state = State.GONE;
            if (initTimer != null) {
                initTimer.cancel(false);
            }
        }
        host.removeInstance(this);
    }

    /** Kills the process and every descendant (snapshotted first: a killed parent's children are re-parented). */
    private void kill() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p != null) {
            List<ProcessHandle> family = new ArrayList<>();
            p.descendants().forEach(family::add);
            p.destroyForcibly();
            family.forEach(ProcessHandle::destroyForcibly);
        }
        closeServer();
    }

    private void closeServer() {
        Channel ch;
        synchronized (this) {
            ch = server;
        }
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public String toString() {
        return "Instance[" + spec.functionName() + ":" + spec.version() + "]";
    }
}
