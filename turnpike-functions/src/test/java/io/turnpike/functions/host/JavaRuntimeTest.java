package io.turnpike.functions.host;

import static io.turnpike.functions.host.TestFunctions.event;
import static io.turnpike.functions.host.TestFunctions.json;
import static io.turnpike.functions.host.TestFunctions.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** Java functions run by AWS's own runtime interface client (aws-lambda-java-runtime-interface-client). */
class JavaRuntimeTest extends HostTestSupport {

    private static final String HANDLER =
            """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.HashMap;
            import java.util.Map;

            public class Hello implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                private static int count;

                @Override
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    count++;
                    context.getLogger().log("java says hi to " + context.getAwsRequestId() + "\\n");
                    if (Boolean.TRUE.equals(event.get("fail"))) {
                        throw new IllegalStateException("java failure");
                    }
                    Map<String, Object> out = new HashMap<>();
                    out.put("count", count);
                    out.put("pid", ProcessHandle.current().pid());
                    out.put("requestId", context.getAwsRequestId());
                    out.put("functionName", context.getFunctionName());
                    out.put("arn", context.getInvokedFunctionArn());
                    out.put("memory", context.getMemoryLimitInMB());
                    out.put("remaining", context.getRemainingTimeInMillis());
                    out.put("name", event.get("name"));
                    out.put("helper", helper.Helper.greet());
                    return out;
                }
            }
            """;

    private static final String HELPER =
            """
            package helper;

            public class Helper {
                public static String greet() {
                    return "from lib/helper.jar";
                }
            }
            """;

    @Test
    void javaHandlerRunsOnAwsRuntimeInterfaceClient() throws Exception {
        Path zip = buildZip();
        FunctionSpec spec = spec("java", "java17", "example.Hello::handleRequest", zip, 60, 1);
        HostInvocation first = event("{\"name\":\"turnpike\"}");

        HostResult r1 = await(host.invoke(spec, first));
        HostResult r2 = await(host.invoke(spec, event("{\"name\":\"again\"}")));
        HostResult failed = await(host.invoke(spec, event("{\"fail\":true}")));

        assertThat(r1.functionError())
                .as(TestFunctions.text(r1) + "\n" + r1.logTail())
                .isNull();
        JsonNode a = json(r1);
        assertThat(a.get("count").asInt()).isEqualTo(1);
        assertThat(a.get("requestId").asText()).isEqualTo(first.requestId());
        assertThat(a.get("functionName").asText()).isEqualTo("java");
        assertThat(a.get("arn").asText()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:java");
        assertThat(a.get("memory").asInt()).isEqualTo(128);
        assertThat(a.get("remaining").asLong()).isBetween(1L, 60_000L);
        assertThat(a.get("name").asText()).isEqualTo("turnpike");
        assertThat(a.get("helper").asText()).isEqualTo("from lib/helper.jar");
        assertThat(json(r2).get("count").asInt()).isEqualTo(2);
        assertThat(json(r2).get("pid").asLong()).isEqualTo(a.get("pid").asLong());
        assertThat(r1.logTail()).contains("java says hi to " + first.requestId());

        assertThat(failed.functionError()).isEqualTo("Unhandled");
        JsonNode err = json(failed);
        assertThat(err.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(err.get("errorMessage").asText()).isEqualTo("java failure");
        assertThat(err.get("stackTrace").get(0).asText()).isEqualTo("example.Hello.handleRequest(Hello.java:16)");
    }

    @Test
    void missingJavaHandlerClassIsAnInitError() throws Exception {
        Path zip = buildZip();
        HostResult r = await(
                host.invoke(spec("javamissing", "java21", "example.Nope::handleRequest", zip, 60, 1), event("{}")));

        assertThat(r.functionError()).isEqualTo("Unhandled");
        // what AWS answers too: the Java client reports a missing class on the first invocation
        assertThat(TestFunctions.text(r))
                .isEqualTo("{\"errorMessage\":\"Class not found: example.Nope\","
                        + "\"errorType\":\"java.lang.ClassNotFoundException\"}");
        // the client prints the stack trace around its post: it reaches the function's log file
        Path logFile = host.logFile("javamissing");
        for (int i = 0; i < 1000 && !Files.readString(logFile).contains("ClassNotFoundException: example.Nope"); i++) {
            Thread.sleep(10);
        }
        assertThat(Files.readString(logFile)).contains("java.lang.ClassNotFoundException: example.Nope");
    }

    /** Compiles the handler against aws-lambda-java-core (the jar the host ships) and zips classes + lib/. */
    private Path buildZip() throws IOException, URISyntaxException {
        URL core = Launcher.class.getResource("/io/turnpike/functions/host/runtime/java/aws-lambda-java-core.jar");
        assertThat(core)
                .as("aws-lambda-java-core.jar copied into the module's resources by the build")
                .isNotNull();
        Path coreJar = Path.of(core.toURI());
        Path src = tmp.resolve("src");
        Path helperClasses = compile(src.resolve("helper"), Map.of("helper/Helper.java", HELPER), List.of());
        Path classes =
                compile(src.resolve("main"), Map.of("example/Hello.java", HANDLER), List.of(coreJar, helperClasses));

        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(classes.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        Map<String, byte[]> helperJar = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(helperClasses)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                helperJar.put(helperClasses.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        files.put("lib/helper.jar", Files.readAllBytes(TestFunctions.zip(tmp.resolve("jars"), helperJar)));
        return TestFunctions.zip(tmp.resolve("zips"), files);
    }

    private static Path compile(Path dir, Map<String, String> sources, List<Path> classpath) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path srcDir = dir.resolve("src");
        Path out = dir.resolve("classes");
        Files.createDirectories(out);
        List<String> args = new java.util.ArrayList<>(List.of("--release", "17", "-d", out.toString()));
        if (!classpath.isEmpty()) {
            args.add("-cp");
            args.add(String.join(":", classpath.stream().map(Path::toString).toList()));
        }
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = srcDir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        assertThat(rc).as("javac exit code").isZero();
        return out;
    }
}
