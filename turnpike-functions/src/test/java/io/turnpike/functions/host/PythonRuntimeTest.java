package io.turnpike.functions.host;

import static io.turnpike.functions.host.TestFunctions.event;
import static io.turnpike.functions.host.TestFunctions.json;
import static io.turnpike.functions.host.TestFunctions.spec;
import static io.turnpike.functions.host.TestFunctions.zipText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonRuntimeTest extends HostTestSupport {

    private static final String APP =
            """
            import os
            import sys
            count = 0

            class Boom(Exception):
                pass

            def lambda_handler(event, context):
                global count
                count += 1
                print("python says hi to " + context.aws_request_id)
                if event.get("fail"):
                    raise Boom("it broke")
                if event.get("unserialisable"):
                    return {"s": {1, 2}}
                return {
                    "count": count,
                    "pid": os.getpid(),
                    "event": event,
                    "requestId": context.aws_request_id,
                    "functionName": context.function_name,
                    "functionVersion": context.function_version,
                    "arn": context.invoked_function_arn,
                    "memory": context.memory_limit_in_mb,
                    "remaining": context.get_remaining_time_in_millis(),
                    "cwd": os.getcwd(),
                    "handlerEnv": os.environ["_HANDLER"],
                    "executionEnv": os.environ["AWS_EXECUTION_ENV"],
                    "custom": os.environ.get("CUSTOM"),
                    "executable": sys.executable,
                    "prefix": sys.prefix,
                }
            """;

    @Test
    void pythonHandlerColdThenWarm() throws Exception {
        Path zip = zipText(tmp, "app.py", APP);
        FunctionSpec spec = spec("py", "python3.12", "app.lambda_handler", zip, 30, 1, Map.of("CUSTOM", "x"));
        HostInvocation first = event("{\"a\":1}");

        HostResult r1 = await(host.invoke(spec, first));
        HostResult r2 = await(host.invoke(spec, event("{}")));

        JsonNode a = json(r1);
        assertThat(r1.functionError()).isNull();
        assertThat(a.get("count").asInt()).isEqualTo(1);
        assertThat(json(r2).get("count").asInt()).isEqualTo(2);
        assertThat(json(r2).get("pid").asLong()).isEqualTo(a.get("pid").asLong());
        assertThat(a.get("event").get("a").asInt()).isEqualTo(1);
        assertThat(a.get("requestId").asText()).isEqualTo(first.requestId());
        assertThat(a.get("functionName").asText()).isEqualTo("py");
        assertThat(a.get("functionVersion").asText()).isEqualTo("$LATEST");
        assertThat(a.get("arn").asText()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:py");
        assertThat(a.get("memory").asText()).isEqualTo("128");
        assertThat(a.get("remaining").asLong()).isBetween(1L, 30_000L);
        assertThat(a.get("handlerEnv").asText()).isEqualTo("app.lambda_handler");
        assertThat(a.get("executionEnv").asText()).isEqualTo("AWS_Lambda_python3.12");
        assertThat(a.get("custom").asText()).isEqualTo("x");
        // the interpreter the host itself runs as python3, by its real path: started by a bare name in
        // Lambda's environment, a version manager's shim or another python3 earlier on Lambda's PATH
        // would give the function another installation's standard library
        Process probe = new ProcessBuilder(
                        "python3", "-c", "import sys; sys.stdout.write(sys.executable + ' ' + sys.prefix)")
                .start();
        String[] hosts =
                new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split(" ");
        assertThat(a.get("executable").asText()).isEqualTo(hosts[0]);
        assertThat(a.get("prefix").asText()).isEqualTo(hosts[1]);
        assertThat(r1.logTail()).contains("\t" + first.requestId() + "\tpython says hi to " + first.requestId() + "\n");
    }

    @Test
    void pythonHandlerErrorsUseLambdasShape() throws Exception {
        Path zip = zipText(tmp, "app.py", APP);
        FunctionSpec spec = spec("pyerr", "python3.12", "app.lambda_handler", zip, 30, 1);
        HostInvocation failing = event("{\"fail\":true}");

        HostResult r = await(host.invoke(spec, failing));
        HostResult marshal = await(host.invoke(spec, event("{\"unserialisable\":true}")));

        assertThat(r.functionError()).isEqualTo("Unhandled");
        JsonNode err = json(r);
        assertThat(err.get("errorMessage").asText()).isEqualTo("it broke");
        assertThat(err.get("errorType").asText()).isEqualTo("Boom");
        assertThat(err.get("requestId").asText()).isEqualTo(failing.requestId());
        assertThat(err.get("stackTrace").get(0).asText()).contains("app.py").contains("in lambda_handler");
        assertThat(json(marshal).get("errorType").asText()).isEqualTo("Runtime.MarshalError");
        assertThat(json(marshal).get("errorMessage").asText())
                .isEqualTo("Unable to marshal response: Object of type set is not JSON serializable");
    }

    @Test
    void nestedModulePathAndInitErrors() throws Exception {
        Path zip = zipText(
                tmp,
                "app.py",
                APP,
                "pkg/__init__.py",
                "",
                "pkg/handlers/__init__.py",
                "",
                "pkg/handlers/api.py",
                "def handle(event, context):\n    return {'nested': True}\n",
                "bad.py",
                "def handler(event, context)\n    return 1\n",
                "raises.py",
                "raise RuntimeError('init went wrong')\n");

        HostResult nested =
                await(host.invoke(spec("pynested", "python3.11", "pkg/handlers/api.handle", zip, 30, 1), event("{}")));
        HostResult noModule =
                await(host.invoke(spec("pynomod", "python3.11", "missing.handler", zip, 30, 1), event("{}")));
        HostResult noHandler =
                await(host.invoke(spec("pynohandler", "python3.11", "app.nothere", zip, 30, 1), event("{}")));
        HostResult syntax = await(host.invoke(spec("pysyntax", "python3.11", "bad.handler", zip, 30, 1), event("{}")));
        HostResult initRaise =
                await(host.invoke(spec("pyinitraise", "python3.11", "raises.handler", zip, 30, 1), event("{}")));

        assertThat(json(nested).get("nested").asBoolean()).isTrue();
        assertThat(noModule.functionError()).isEqualTo("Unhandled");
        assertThat(json(noModule).get("errorType").asText()).isEqualTo("Runtime.ImportModuleError");
        assertThat(json(noModule).get("errorMessage").asText())
                .isEqualTo("Unable to import module 'missing': No module named 'missing'");
        assertThat(json(noHandler).get("errorType").asText()).isEqualTo("Runtime.HandlerNotFound");
        assertThat(json(noHandler).get("errorMessage").asText()).isEqualTo("Handler 'nothere' missing on module 'app'");
        assertThat(json(syntax).get("errorType").asText()).isEqualTo("Runtime.UserCodeSyntaxError");
        assertThat(json(syntax).get("errorMessage").asText()).startsWith("Syntax error in module 'bad'");
        assertThat(json(initRaise).get("errorType").asText()).isEqualTo("RuntimeError");
        assertThat(json(initRaise).get("errorMessage").asText()).isEqualTo("init went wrong");
        assertThat(host.instanceCount(spec("pynomod", "python3.11", "missing.handler", zip, 30, 1)))
                .isZero();
    }
}
