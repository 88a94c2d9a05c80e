package io.turnpike.functions.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Deployment packages built in tests, and small helpers around them. */
final class TestFunctions {

    static final ObjectMapper JSON = new ObjectMapper();

    private TestFunctions() {}

    /** A zip whose entries are {@code name -> content}; names ending in {@code *} are made executable (mode 0755). */
    static Path zip(Path dir, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir);
        Path zip = dir.resolve("code-" + UUID.randomUUID() + ".zip");
        URI uri = URI.create("jar:" + zip.toUri());
        try (FileSystem fs =
                FileSystems.newFileSystem(uri, Map.of("create", "true", "enablePosixFileAttributes", "true"))) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                boolean exec = e.getKey().endsWith("*");
                String name = exec ? e.getKey().substring(0, e.getKey().length() - 1) : e.getKey();
                Path target = fs.getPath(name);
                if (target.getParent() != null) {
                    Files.createDirectories(target.getParent());
                }
                Files.write(target, e.getValue());
                Files.setPosixFilePermissions(
                        target, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return zip;
    }

    static Path zipText(Path dir, String... nameThenContent) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            files.put(nameThenContent[i], nameThenContent[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return zip(dir, files);
    }

    static String sha(Path zip) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return Base64.getEncoder().encodeToString(md.digest(Files.readAllBytes(zip)));
    }

    static FunctionSpec spec(String name, String runtime, String handler, Path zip, int timeout, int maxConcurrency)
            throws Exception {
        return spec(name, runtime, handler, zip, timeout, maxConcurrency, Map.of());
    }

    static FunctionSpec spec(
            String name,
            String runtime,
            String handler,
            Path zip,
            int timeout,
            int maxConcurrency,
            Map<String, String> env)
            throws Exception {
        return new FunctionSpec(
                name,
                "arn:aws:lambda:us-east-1:123456789012:function:" + name,
                "$LATEST",
                runtime,
                handler,
                timeout,
                128,
                env,
                zip,
                sha(zip),
                maxConcurrency);
    }

    static HostInvocation event(String json) {
        return new HostInvocation(UUID.randomUUID().toString(), json.getBytes(StandardCharsets.UTF_8), null, null);
    }

    static JsonNode json(HostResult result) throws IOException {
        return JSON.readTree(result.payload());
    }

    static String text(HostResult result) {
        return new String(result.payload(), StandardCharsets.UTF_8);
    }

    static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static void assertGone(long pid) throws InterruptedException {
        for (int i = 0; i < 500 && alive(pid); i++) {
            Thread.sleep(10);
        }
        assertThat(alive(pid)).as("process %d is still running", pid).isFalse();
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

        void advance(long ms) {
            millis.addAndGet(ms);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }
    }
}
