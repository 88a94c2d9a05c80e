package io.turnpike.functions.host;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One function's log file ({@code workDir/logs/<functionName>.log}), shared by all its instances.
 *
 * <p>{@link #append} only copies the line into memory, so it may run on a Runtime API event loop; the
 * bytes reach the file in {@link #flush}, which the host calls off the event loop once per finished
 * invocation (and a reader thread calls when a chatty instance fills the buffer). That keeps the warm
 * path at one write per invocation.
 */
final class FunctionLog {

    private static final Logger log = LoggerFactory.getLogger(FunctionLog.class);
    private static final int FLUSH_AT = 64 * 1024;

    private final Path file;
    private final Object fileLock = new Object();
    private StringBuilder pending = new StringBuilder(1024);
    private OutputStream out;

    FunctionLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Appends one line (without its newline). Answers whether the buffer wants a flush. */
    synchronized boolean append(String line) {
        pending.append(line).append('\n');
        return pending.length() >= FLUSH_AT;
    }

    /** Writes what was appended. Blocking file I/O: never on an event loop. */
    void flush() {
        String text;
        synchronized (this) {
            if (pending.length() == 0) {
                return;
            }
            text = pending.toString();
            pending = new StringBuilder(1024);
        }
        synchronized (fileLock) {
            try {
                if (out == null) {
                    Files.createDirectories(file.getParent());
                    out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                log.warn("Cannot write the function log {}: {}", file, e.toString());
            }
        }
    }

    void close() {
        flush();
        synchronized (fileLock) {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    log.warn("Cannot close the function log {}: {}", file, e.toString());
                }
                out = null;
            }
        }
    }
}
