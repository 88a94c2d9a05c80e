package io.turnpike.functions.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * How each runtime starts: the command, the working directory (the unpacked code) and the environment
 * AWS gives a function (see {@code spec/lambda-invoke.md} §3).
 *
 * <ul>
 *   <li>{@code nodejs*}: {@code node} runs our runtime client {@code runtime/node/bootstrap.js};
 *   <li>{@code python3*}: {@code python3 -u} runs our {@code runtime/python/bootstrap.py};
 *   <li>{@code java*}: {@code java} runs AWS's own runtime interface client ({@code AWSLambda}) with the
 *       code (classes at the root of the zip or jar, and {@code lib/*.jar}) on the class path, the JVM
 *       flags AWS uses ({@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}, 85% of memory as heap);
 *   <li>{@code provided*}: the package's own executable {@code bootstrap}.
 * </ul>
 *
 * The runtime clients ship as resources of this module and are copied under {@code workDir/runtime/}
 * the first time a runtime of their kind starts.
 */
final class Launcher {

    enum Kind {
        NODE("node"),
        PYTHON("python"),
        JAVA("java"),
        PROVIDED("provided");

        final String dir;

        Kind(String dir) {
            this.dir = dir;
        }
    }

    static final String JAVA_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String RESOURCES = "/io/turnpike/functions/host/runtime/";
    private static final List<String> JAVA_JARS = List.of(
            "aws-lambda-java-runtime-interface-client.jar",
            "aws-lambda-java-core.jar",
            "aws-lambda-java-serialization.jar",
            "utils-lite.jar",
            "annotations.jar");
    private static final String AWS_PATH = "/usr/local/bin:/usr/bin/:/bin:/opt/bin";

    private final Path runtimeRoot;
    private final HostSettings settings;
    private final boolean[] extracted = new boolean[Kind.values().length];
    private final Map<String, String> interpreters = new java.util.concurrent.ConcurrentHashMap<>();

    Launcher(Path runtimeRoot, HostSettings settings) {
        this.runtimeRoot = runtimeRoot;
        this.settings = settings;
    }

    /** The kind of a Lambda runtime identifier, or null when the host cannot run it. */
    static Kind kind(String runtime) {
        if (runtime.startsWith("nodejs")) {
            return Kind.NODE;
        }
        if (runtime.startsWith("python3")) {
            return Kind.PYTHON;
        }
        if (runtime.startsWith("java")) {
            return Kind.JAVA;
        }
        if (runtime.equals("provided") || runtime.startsWith("provided.")) {
            return Kind.PROVIDED;
        }
        return null;
    }

    /** What is executed: named in Runtime.InvalidEntrypoint messages. */
    String entrypoint(FunctionSpec spec, Path code) {
        Kind kind = kind(spec.runtime());
        if (kind == null) {
            return spec.runtime();
        }
        return switch (kind) {
            case NODE -> settings.nodeCommand();
            case PYTHON -> settings.pythonCommand();
            case JAVA -> settings.javaCommand();
            case PROVIDED -> code.resolve("bootstrap").toString();
        };
    }

    /**
     * The real executable behind an interpreter command, asked of the interpreter itself once, in the
     * host's own environment. Instances run with Lambda's environment (its PATH first, nothing else of
     * the host's), and a version manager's shim ({@code ~/.pyenv/shims/python3}, nvm, asdf) started there
     * may pick another installation than the one it would pick for the host, or none: python then fails
     * to find its standard library. Running the real binary avoids that. When asking fails, the command
     * is used as given.
     */
    private String interpreter(String command, String... probe) {
        return interpreters.computeIfAbsent(command, c -> {
            List<String> ask = new ArrayList<>();
            ask.add(c);
            ask.addAll(List.of(probe));
            try {
                Process p = new ProcessBuilder(ask)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                String out =
                        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
                if (p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)
                        && p.exitValue() == 0
                        && !out.isEmpty()
                        && java.nio.file.Files.isExecutable(Path.of(out))) {
                    return out;
                }
            } catch (IOException e) {
                // not installed: the start below fails with the usual message
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return c;
        });
    }

    /** The process of one instance, ready to start. Blocking (extracts runtime files): off the event loop. */
    ProcessBuilder processBuilder(FunctionSpec spec, Path code, int port) throws IOException {
        Kind kind = kind(spec.runtime());
        if (kind == null) {
            throw new IllegalArgumentException(
                    "runtime: " + spec.runtime() + " (expected: nodejs*, python3*, java*, provided*)");
        }
        Path runtimeDir = extract(kind);
        List<String> command = new ArrayList<>();
        String handler = spec.handler() == null ? "" : spec.handler();
        switch (kind) {
            case NODE -> {
                command.add(interpreter(settings.nodeCommand(), "-e", "process.stdout.write(process.execPath)"));
                command.add(runtimeDir.resolve("bootstrap.js").toString());
            }
            case PYTHON -> {
                command.add(
                        interpreter(settings.pythonCommand(), "-c", "import sys; sys.stdout.write(sys.executable)"));
                command.add("-u");
                command.add(runtimeDir.resolve("bootstrap.py").toString());
            }
            case JAVA -> {
                StringBuilder cp = new StringBuilder();
                for (String jar : JAVA_JARS) {
                    cp.append(runtimeDir.resolve(jar)).append(':');
                }
                cp.append(code).append(':').append(code.resolve("lib")).append("/*");
                command.add(settings.javaCommand());
                command.add("-XX:+TieredCompilation");
                command.add("-XX:TieredStopAtLevel=1");
                command.add("-XX:+UseSerialGC");
                command.add("-Xshare:auto");
                command.add("-XX:MaxHeapSize=" + Math.max(64, spec.memorySizeMb() * 85 / 100) + "m");
                command.add("-cp");
                command.add(cp.toString());
                command.add(JAVA_MAIN);
                command.add(handler);
            }
            case PROVIDED -> command.add(code.resolve("bootstrap").toString());
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(code.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.clear();
        String hostPath = System.getenv("PATH");
        env.put("PATH", hostPath == null || hostPath.isEmpty() ? AWS_PATH : AWS_PATH + ":" + hostPath);
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put(
                "LD_LIBRARY_PATH",
                "/lib64:/usr/lib64:" + runtimeDir + ":" + runtimeDir + "/lib:" + code + ":" + code + "/lib:/opt/lib");
        if (kind == Kind.NODE) {
            env.put("NODE_PATH", runtimeDir + ":" + code + ":" + code + "/node_modules");
        }
        if (kind == Kind.PYTHON) {
            env.put("PYTHONUNBUFFERED", "1");
        }
        env.putAll(spec.environment());
        // Reserved: a function's own environment cannot override these (Lambda rejects them at create).
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + port);
        env.put("_HANDLER", handler);
        env.put("LAMBDA_TASK_ROOT", code.toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", spec.version());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memorySizeMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName(spec));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_REGION", settings.region());
        env.put("AWS_DEFAULT_REGION", settings.region());
        if (kind != Kind.PROVIDED) {
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + spec.runtime());
        } else {
            env.remove("AWS_EXECUTION_ENV");
        }
        return pb;
    }

    /** {@code YYYY/MM/DD/[version]<32 hex>}, as Lambda names an instance's log stream. */
    private String logStreamName(FunctionSpec spec) {
        LocalDate day = LocalDate.ofInstant(settings.clock().instant(), ZoneOffset.UTC);
        String hex = UUID.randomUUID().toString().replace("-", "");
        return String.format(
                Locale.ROOT,
                "%04d/%02d/%02d/[%s]%s",
                day.getYear(),
                day.getMonthValue(),
                day.getDayOfMonth(),
                spec.version(),
                hex);
    }

    /** Copies a runtime's files out of this module's resources, once per host. */
    private synchronized Path extract(Kind kind) throws IOException {
        Path dir = runtimeRoot.resolve(kind.dir);
        if (extracted[kind.ordinal()]) {
            return dir;
        }
        Files.createDirectories(dir);
        List<String> files =
                switch (kind) {
                    case NODE -> List.of("bootstrap.js");
                    case PYTHON -> List.of("bootstrap.py");
                    case JAVA -> JAVA_JARS;
                    case PROVIDED -> List.of();
                };
        for (String name : files) {
            try (InputStream in = Launcher.class.getResourceAsStream(RESOURCES + kind.dir + "/" + name)) {
                if (in == null) {
                    throw new IOException(
                            "runtime file missing from the turnpike-functions jar: " + kind.dir + "/" + name);
                }
                Path tmp = dir.resolve(name + ".tmp-" + UUID.randomUUID());
                Files.copy(in, tmp);
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        extracted[kind.ordinal()] = true;
        return dir;
    }

    /** Go's exec error, as AWS shows it: {@code fork/exec /var/task/bootstrap: no such file or directory}. */
    static String execFailure(IOException e, String entrypoint) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String reason;
        if (message.contains("error=2,")) {
            reason = "no such file or directory";
        } else if (message.contains("error=13,")) {
            reason = "permission denied";
        } else if (message.contains("error=8,")) {
            reason = "exec format error";
        } else {
            reason = message;
        }
        return "fork/exec " + entrypoint + ": " + reason;
    }
}
