package io.turnpike.functions.host;

import static io.turnpike.functions.host.TestFunctions.event;
import static io.turnpike.functions.host.TestFunctions.json;
import static io.turnpike.functions.host.TestFunctions.spec;
import static io.turnpike.functions.host.TestFunctions.zipText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeRuntimeTest extends HostTestSupport {

    private static final String COUNTER =
            """
            let count = 0;
            exports.handler = async (event, context) => {
              count++;
              console.log('hello from ' + context.awsRequestId);
              return {
                count,
                pid: process.pid,
                event,
                requestId: context.awsRequestId,
                functionName: context.functionName,
                functionVersion: context.functionVersion,
                memoryLimitInMB: context.memoryLimitInMB,
                invokedFunctionArn: context.invokedFunctionArn,
                logGroupName: context.logGroupName,
                logStreamName: context.logStreamName,
                remaining: context.getRemainingTimeInMillis(),
                clientContext: context.clientContext || null,
                identity: context.identity || null,
                cwd: process.cwd(),
                traceId: process.env._X_AMZN_TRACE_ID,
                env: process.env,
              };
            };
            """;

    @Test
    void coldStartThenWarmReuseOfTheSameInstance() throws Exception {
        Path zip = zipText(tmp, "index.js", COUNTER);
        FunctionSpec spec = spec("counter", "nodejs20.x", "index.handler", zip, 30, 2, Map.of("GREETING", "hi"));

        HostInvocation first = event("{\"n\":1}");
        HostResult r1 = await(host.invoke(spec, first));
        HostResult r2 = await(host.invoke(spec, event("{\"n\":2}")));

        JsonNode a = json(r1);
        JsonNode b = json(r2);
        assertThat(r1.functionError()).isNull();
        assertThat(a.get("count").asInt()).isEqualTo(1);
        assertThat(b.get("count").asInt()).isEqualTo(2);
        assertThat(b.get("pid").asLong()).isEqualTo(a.get("pid").asLong());
        assertThat(host.instanceCount(spec)).isEqualTo(1);

        assertThat(a.get("event").get("n").asInt()).isEqualTo(1);
        assertThat(a.get("requestId").asText()).isEqualTo(first.requestId());
        assertThat(a.get("functionName").asText()).isEqualTo("counter");
        assertThat(a.get("functionVersion").asText()).isEqualTo("$LATEST");
        assertThat(a.get("memoryLimitInMB").asText()).isEqualTo("128");
        assertThat(a.get("invokedFunctionArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:counter");
        assertThat(a.get("logGroupName").asText()).isEqualTo("/aws/lambda/counter");
        assertThat(a.get("logStreamName").asText()).matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}");
        assertThat(a.get("remaining").asLong()).isBetween(1L, 30_000L);
        assertThat(a.get("traceId").asText()).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");

        JsonNode env = a.get("env");
        Path code = Path.of(env.get("LAMBDA_TASK_ROOT").asText());
        assertThat(a.get("cwd").asText()).isEqualTo(code.toString());
        assertThat(code).startsWith(tmp.resolve("functions").resolve("code"));
        assertThat(Files.readString(code.resolve("index.js"))).isEqualTo(COUNTER);
        assertThat(env.get("AWS_LAMBDA_RUNTIME_API").asText()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(env.get("_HANDLER").asText()).isEqualTo("index.handler");
        assertThat(env.get("AWS_LAMBDA_FUNCTION_NAME").asText()).isEqualTo("counter");
        assertThat(env.get("AWS_LAMBDA_FUNCTION_VERSION").asText()).isEqualTo("$LATEST");
        assertThat(env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText()).isEqualTo("128");
        assertThat(env.get("AWS_REGION").asText()).isEqualTo("us-east-1");
        assertThat(env.get("AWS_DEFAULT_REGION").asText()).isEqualTo("us-east-1");
        assertThat(env.get("AWS_EXECUTION_ENV").asText()).isEqualTo("AWS_Lambda_nodejs20.x");
        assertThat(env.get("TZ").asText()).isEqualTo(":UTC");
        assertThat(env.get("LANG").asText()).isEqualTo("en_US.UTF-8");
        assertThat(env.get("PATH").asText()).startsWith("/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        assertThat(env.get("LD_LIBRARY_PATH").asText()).contains(code + ":" + code + "/lib");
        assertThat(env.get("LAMBDA_RUNTIME_DIR").asText())
                .isEqualTo(tmp.resolve("functions/runtime/node").toString());
        assertThat(env.get("GREETING").asText()).isEqualTo("hi");
    }

    @Test
    void passesTraceIdAndClientContext() throws Exception {
        Path zip = zipText(tmp, "index.js", COUNTER);
        FunctionSpec spec = spec("ctx", "nodejs20.x", "index.handler", zip, 30, 1);
        String clientContext = java.util.Base64.getEncoder().encodeToString("{\"custom\":{\"k\":\"v\"}}".getBytes());
        HostInvocation inv = new HostInvocation(
                "11111111-2222-3333-4444-555555555555",
                "{}".getBytes(),
                clientContext,
                "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
                "{\"cognitoIdentityId\":\"us-east-1:abc\",\"cognitoIdentityPoolId\":\"us-east-1:pool\"}");

        JsonNode a = json(await(host.invoke(spec, inv)));

        assertThat(a.get("traceId").asText())
                .isEqualTo("Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1");
        assertThat(a.get("requestId").asText()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(a.get("clientContext").get("custom").get("k").asText()).isEqualTo("v");
        assertThat(a.get("identity").get("cognitoIdentityId").asText()).isEqualTo("us-east-1:abc");
        assertThat(a.get("identity").get("cognitoIdentityPoolId").asText()).isEqualTo("us-east-1:pool");
    }

    @Test
    void callbackHandlerAnswersWhenTheCallbackIsCalled() throws Exception {
        Path zip = zipText(
                tmp,
                "index.js",
                """
                exports.handler = (event, context, callback) => {
                  setTimeout(() => {
                    if (event.fail) callback(new Error('callback failure'));
                    else callback(null, { via: 'callback', id: context.awsRequestId });
                  }, 20);
                };
                """);
        FunctionSpec spec = spec("callback", "nodejs20.x", "index.handler", zip, 30, 1);

        HostInvocation ok = event("{}");
        HostResult good = await(host.invoke(spec, ok));
        HostResult bad = await(host.invoke(spec, event("{\"fail\":true}")));

        assertThat(good.functionError()).isNull();
        assertThat(json(good).get("via").asText()).isEqualTo("callback");
        assertThat(json(good).get("id").asText()).isEqualTo(ok.requestId());
        assertThat(bad.functionError()).isEqualTo("Unhandled");
        JsonNode err = json(bad);
        assertThat(err.get("errorType").asText()).isEqualTo("Error");
        assertThat(err.get("errorMessage").asText()).isEqualTo("callback failure");
        assertThat(err.get("trace").get(0).asText()).isEqualTo("Error: callback failure");
    }

    @Test
    void asyncHandlerErrorIsLambdasErrorDocument() throws Exception {
        Path zip = zipText(
                tmp,
                "index.js",
                """
                class ValidationError extends Error { constructor(m) { super(m); this.name = 'ValidationError'; } }
                exports.handler = async () => { throw new ValidationError('bad input'); };
                """);
        FunctionSpec spec = spec("thrower", "nodejs20.x", "index.handler", zip, 30, 1);

        HostResult r = await(host.invoke(spec, event("{}")));

        assertThat(r.functionError()).isEqualTo("Unhandled");
        JsonNode err = json(r);
        assertThat(err.get("errorType").asText()).isEqualTo("ValidationError");
        assertThat(err.get("errorMessage").asText()).isEqualTo("bad input");
        assertThat(err.get("trace").isArray()).isTrue();
        assertThat(err.get("trace").get(1).asText()).contains("index.js");
        // the instance survives a handled error
        HostResult again = await(host.invoke(spec, event("{}")));
        assertThat(json(again).get("errorMessage").asText()).isEqualTo("bad input");
        assertThat(host.instanceCount(spec)).isEqualTo(1);
    }

    @Test
    void nestedHandlerPathAndUndefinedResult() throws Exception {
        Path zip = zipText(
                tmp,
                "src/handlers/app.js",
                "exports.main = { run: async () => undefined };",
                "src/handlers/other.mjs",
                "export const handler = async (e) => ({ esm: true, e });");
        HostResult r =
                await(host.invoke(spec("nested", "nodejs20.x", "src/handlers/app.main.run", zip, 30, 1), event("{}")));
        HostResult esm =
                await(host.invoke(spec("esm", "nodejs20.x", "src/handlers/other.handler", zip, 30, 1), event("[1]")));

        assertThat(r.functionError()).isNull();
        assertThat(TestFunctions.text(r)).isEqualTo("null");
        assertThat(json(esm).get("esm").asBoolean()).isTrue();
        assertThat(json(esm).get("e").get(0).asInt()).isEqualTo(1);
    }

    @Test
    void initErrorsUseTheRuntimeErrorTypes() throws Exception {
        Path zip = zipText(tmp, "index.js", "exports.handler = async () => 1;", "broken.js", "exports.handler = ;");

        HostResult missingModule =
                await(host.invoke(spec("nomodule", "nodejs20.x", "missing.handler", zip, 30, 1), event("{}")));
        HostResult missingExport =
                await(host.invoke(spec("noexport", "nodejs20.x", "index.nothere", zip, 30, 1), event("{}")));
        HostResult syntax = await(host.invoke(spec("syntax", "nodejs20.x", "broken.handler", zip, 30, 1), event("{}")));
        HostResult malformed = await(host.invoke(spec("malformed", "nodejs20.x", "index", zip, 30, 1), event("{}")));

        assertThat(missingModule.functionError()).isEqualTo("Unhandled");
        assertThat(json(missingModule).get("errorType").asText()).isEqualTo("Runtime.ImportModuleError");
        assertThat(json(missingModule).get("errorMessage").asText()).startsWith("Error: Cannot find module 'missing'");
        assertThat(json(missingExport).get("errorType").asText()).isEqualTo("Runtime.HandlerNotFound");
        assertThat(json(missingExport).get("errorMessage").asText())
                .isEqualTo("index.nothere is undefined or not exported");
        assertThat(json(syntax).get("errorType").asText()).isEqualTo("Runtime.UserCodeSyntaxError");
        assertThat(json(syntax).get("errorMessage").asText()).startsWith("SyntaxError: Unexpected token");
        assertThat(json(malformed).get("errorType").asText()).isEqualTo("Runtime.MalformedHandlerName");
        assertThat(json(malformed).get("errorMessage").asText()).isEqualTo("Bad handler");
        // a failed instance is not kept
        assertThat(missingModule.logTail()).contains("START RequestId: ", "END RequestId: ", "Status: error");
    }

    @Test
    void manyWarmInvocationsShareOneInstanceAndKeepTheirOwnLogs() throws Exception {
        Path zip = zipText(tmp, "index.js", COUNTER);
        FunctionSpec spec = spec("many", "nodejs20.x", "index.handler", zip, 30, 1);
        int n = 100;
        for (int i = 1; i <= n; i++) {
            HostInvocation inv = event("{\"i\":" + i + "}");
            HostResult r = await(host.invoke(spec, inv));
            assertThat(json(r).get("count").asInt()).isEqualTo(i);
            assertThat(r.logTail()).contains("\t" + inv.requestId() + "\thello from " + inv.requestId() + "\n");
        }
        assertThat(host.instanceCount(spec)).isEqualTo(1);
        String file = Files.readString(host.logFile("many"));
        assertThat(file.split("\nREPORT RequestId: ", -1)).hasSize(n + 1);
    }
}
