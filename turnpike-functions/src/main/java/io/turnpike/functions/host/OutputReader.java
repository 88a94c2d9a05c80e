package io.turnpike.functions.host;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an instance's stdout+stderr line by line on its own thread.
 *
 * <p><b>Why drain markers.</b> A runtime writes its log lines and then posts its response; our reader
 * thread may not have read those lines yet when the response arrives, and END/REPORT (and the
 * invocation's log tail) must come after them. A blocking read cannot tell "the pipe is empty" from
 * "the reader has not run yet", so the host asks the pipe itself: on Linux it opens the parent's end
 * of the child's stdout pipe a second time, read-write, through {@code /proc/self/fd}, and writes a
 * marker line into it. Everything the child wrote before its response is in the pipe ahead of the
 * marker, so when the reader meets the marker the invocation's output is complete. Holding a write end
 * also keeps the pipe readable after the child dies (no data is lost to the JDK's own drain at exit);
 * a stop marker ends the reader. Without {@code /proc} the reader falls back to the JDK's stream and
 * drains complete at once (lines printed just before the response may then land after END).
 */
final class OutputReader implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(OutputReader.class);
    private static final int MAX_LINE = 256 * 1024;

    private final InputStream in;
    private final RandomAccessFile pipe; // null: fallback mode
    private final Consumer<String> sink;
    private final String token = "\0turnpike-drain-" + UUID.randomUUID() + ":";
    private final Map<Long, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private volatile boolean finished;

    private OutputReader(InputStream in, RandomAccessFile pipe, Consumer<String> sink) {
        this.in = in;
        this.pipe = pipe;
        this.sink = sink;
    }

    /** A reader of {@code process}'s merged output; blocking (procfs look-ups): call off the event loop. */
    static OutputReader open(Process process, Consumer<String> sink) {
        RandomAccessFile pipe = reopenStdoutPipe(process);
        if (pipe != null) {
            try {
                InputStream in = new FileInputStream(pipe.getFD());
                process.getInputStream().close(); // so the JDK's exit-time drain cannot take our bytes
                return new OutputReader(in, pipe, sink);
            } catch (IOException e) {
                closeQuietly(pipe);
            }
        }
        return new OutputReader(process.getInputStream(), null, sink);
    }

    private static RandomAccessFile reopenStdoutPipe(Process process) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "fd", "1"))
                    .toString();
            if (!target.startsWith("pipe:")) {
                return null;
            }
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
                for (Path fd : fds) {
                    try {
                        if (Files.readSymbolicLink(fd).toString().equals(target)) {
                            // "rw": opening a pipe read-only blocks while it has no writer; read-write never does
                            return new RandomAccessFile(fd.toFile(), "rw");
                        }
                    } catch (IOException e) {
                        // an fd closed while we looked; keep looking
                    }
                }
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            log.debug("No /proc view of the child's stdout: {}", e.toString());
        }
        return null;
    }

    /** Completes once everything the child wrote before this call has been passed to the sink. */
    CompletableFuture<Void> drain() {
        if (pipe == null || finished) {
            return CompletableFuture.completedFuture(null);
        }
        long n = seq.incrementAndGet();
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiters.put(n, done);
        if (!writeMarker(n) || finished) {
            waiters.remove(n);
            done.complete(null);
        }
        return done;
    }

    /** Ends the reader after what is in the pipe now; the instance is gone. */
    void shutdown() {
        if (pipe != null && !finished) {
            writeMarker(-1);
        }
    }

    private boolean writeMarker(long n) {
        byte[] marker = (token + n + "\n").getBytes(StandardCharsets.UTF_8); // < PIPE_BUF: written whole
        try {
            synchronized (pipe) {
                pipe.write(marker);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        ByteArrayOutputStream marker = null; // non-null while reading bytes that began with NUL
        try {
            outer:
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (marker != null) {
                        if (b != '\n') {
                            marker.write(b);
                            if (marker.size() <= token.length() + 24) {
                                continue;
                            }
                        }
                        String text = marker.toString(StandardCharsets.UTF_8);
                        long id = markerId(text);
                        if (b == '\n' && id != Long.MIN_VALUE) {
                            marker = null;
                            emit(line);
                            if (id < 0) {
                                break outer;
                            }
                            CompletableFuture<Void> w = waiters.remove(id);
                            if (w != null) {
                                w.complete(null);
                            }
                            continue;
                        }
                        line.writeBytes(marker.toByteArray()); // not ours: a NUL in the child's output
                        marker = null;
                        if (b != '\n') {
                            continue;
                        }
                    }
                    if (b == 0 && pipe != null) {
                        marker = new ByteArrayOutputStream(64);
                        marker.write(b);
                    } else if (b == '\n') {
                        emit(line);
                    } else {
                        line.write(b);
                        if (line.size() >= MAX_LINE) {
                            emit(line);
                        }
                    }
                }
            }
        } catch (IOException e) {
            log.debug("Function output closed: {}", e.toString());
        } finally {
            if (marker != null) {
                line.writeBytes(marker.toByteArray());
            }
            emit(line);
            finished = true;
            waiters.values().forEach(w -> w.complete(null));
            waiters.clear();
            closeQuietly(in);
            if (pipe != null) {
                closeQuietly(pipe);
            }
        }
    }

    private long markerId(String text) {
        if (!text.startsWith(token)) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(text.substring(token.length()));
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private void emit(ByteArrayOutputStream line) {
        if (line.size() == 0) {
            return;
        }
        int len = line.size();
        byte[] bytes = line.toByteArray();
        if (bytes[len - 1] == '\r') {
            len--;
        }
        line.reset();
        try {
            sink.accept(new String(bytes, 0, len, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            log.warn("Cannot record a function log line", e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing more to do
        }
    }
}
