package io.turnpike.functions.host;

import static io.turnpike.functions.host.TestFunctions.event;
import static io.turnpike.functions.host.TestFunctions.json;
import static io.turnpike.functions.host.TestFunctions.spec;
import static io.turnpike.functions.host.TestFunctions.zipText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Custom runtimes: the package's own {@code bootstrap} speaks the Runtime API. */
class ProvidedRuntimeTest extends HostTestSupport {

    /** AWS's custom-runtime tutorial, in bash with curl. */
    private static final String TUTORIAL_BOOTSTRAP =
            """
            #!/bin/bash
            set -euo pipefail
            source $LAMBDA_TASK_ROOT/"$(echo $_HANDLER | cut -d. -f1).sh"
            while true
            do
              HEADERS="$(mktemp)"
              EVENT_DATA=$(curl -sS -LD "$HEADERS" "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next")
              REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
              RESPONSE=$($(echo "$_HANDLER" | cut -d. -f2) "$EVENT_DATA")
              curl -sS -X POST "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/$REQUEST_ID/response" -d "$RESPONSE"
              echo
            done
            """;

    private static final String FUNCTION_SH =
            """
            function handler () {
              EVENT_DATA=$1
              echo "$EVENT_DATA" 1>&2;
              RESPONSE="{\\"echo\\": $EVENT_DATA, \\"execEnv\\": \\"${AWS_EXECUTION_ENV:-unset}\\", \\"pid\\": $$}"
              echo $RESPONSE
            }
            """;

    @Test
    void tutorialBashBootstrapWithCurl() throws Exception {
        Path zip = zipText(tmp, "bootstrap*", TUTORIAL_BOOTSTRAP, "function.sh", FUNCTION_SH);
        FunctionSpec spec = spec("bash", "provided.al2023", "function.handler", zip, 30, 1);
        HostInvocation first = event("{\"k\":\"v\"}");

        HostResult r1 = await(host.invoke(spec, first));
        HostResult r2 = await(host.invoke(spec, event("{\"k\":\"w\"}")));

        assertThat(r1.functionError()).as(r1.logTail()).isNull();
        JsonNode a = json(r1);
        assertThat(a.get("echo").get("k").asText()).isEqualTo("v");
        assertThat(a.get("execEnv").asText()).isEqualTo("unset"); // AWS sets none for provided runtimes
        assertThat(json(r2).get("echo").get("k").asText()).isEqualTo("w");
        assertThat(json(r2).get("pid").asLong()).isEqualTo(a.get("pid").asLong());
        assertThat(r1.logTail()).contains("\t" + first.requestId() + "\t{\"k\":\"v\"}\n");
        // what curl prints after posting each response comes after the invocation's end (the host ends it
        // when the response arrives), so it may miss the tail, but never the function's log
        Path log = host.logFile("bash");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(log)
                        && Files.readString(log).split("\t\\{\"status\":\"OK\"}\n", -1).length - 1 == 2);
    }

    @Test
    void missingOrNonExecutableBootstrapIsInvalidEntrypoint() throws Exception {
        Path noBootstrap = zipText(tmp, "function.sh", FUNCTION_SH);
        Path notExecutable = zipText(tmp, "bootstrap", TUTORIAL_BOOTSTRAP, "function.sh", FUNCTION_SH);
        HostInvocation missing = event("{}");
        HostInvocation denied = event("{}");

        HostResult r1 = await(host.invoke(spec("nobootstrap", "provided", null, noBootstrap, 30, 1), missing));
        HostResult r2 = await(host.invoke(spec("noexec", "provided.al2", "x.y", notExecutable, 30, 1), denied));

        Path code1 = tmp.resolve("functions/code").resolve(CodeStore.safeName(TestFunctions.sha(noBootstrap)));
        assertThat(r1.functionError()).isEqualTo("Unhandled");
        assertThat(TestFunctions.text(r1))
                .isEqualTo("{\"errorType\":\"Runtime.InvalidEntrypoint\",\"errorMessage\":\"RequestId: "
                        + missing.requestId() + " Error: fork/exec " + code1.resolve("bootstrap")
                        + ": no such file or directory\"}");
        assertThat(json(r2).get("errorType").asText()).isEqualTo("Runtime.InvalidEntrypoint");
        assertThat(json(r2).get("errorMessage").asText()).endsWith("bootstrap: permission denied");
        assertThat(r2.logTail()).contains("Runtime.InvalidEntrypoint", "REPORT RequestId: " + denied.requestId());
    }

    /**
     * A bootstrap (python) that probes the Runtime API's error answers during its first invocation and
     * reports what it saw as the response of its second.
     */
    private static final String PROBE =
            """
            #!/usr/bin/env python3
            import http.client, json, os
            host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
            base = "/2018-06-01/runtime"
            seen = {}

            def call(method, path, body=None, headers=None):
                c = http.client.HTTPConnection(host, int(port))
                c.request(method, base + path if path.startswith("/") else path, body=body, headers=headers or {})
                r = c.getresponse()
                data = r.read().decode()
                c.close()
                return {"status": r.status, "body": data, "type": r.getheader("Content-Type")}

            def next_event():
                c = http.client.HTTPConnection(host, int(port))
                c.request("GET", base + "/invocation/next")
                r = c.getresponse()
                headers = {k.lower(): v for k, v in r.getheaders()}
                body = r.read()
                c.close()
                return headers, body

            h, body = next_event()
            rid = h["lambda-runtime-aws-request-id"]
            seen["headers"] = h
            seen["wrongId"] = call("POST", "/invocation/not-the-id/response", b"{}")
            seen["initErrorAfterNext"] = call("POST", "/init/error", b"{}", {"Lambda-Runtime-Function-Error-Type": "X"})
            seen["nextWhileRunning"] = call("GET", "/invocation/next")
            seen["unknownPath"] = call("GET", "/2018-06-01/runtime/nope")
            seen["first"] = call("POST", "/invocation/%s/response" % rid, b'{"first":true}')
            seen["second"] = call("POST", "/invocation/%s/response" % rid, b'{"second":true}')
            seen["errorAfter"] = call("POST", "/invocation/%s/error" % rid, b"{}")

            h, body = next_event()
            rid = h["lambda-runtime-aws-request-id"]
            seen["tooLarge"] = call("POST", "/invocation/%s/response" % rid, b"x" * (6 * 1024 * 1024 + 101))

            h, body = next_event()
            rid = h["lambda-runtime-aws-request-id"]
            call("POST", "/invocation/%s/error" % rid, json.dumps(seen).encode(),
                 {"Lambda-Runtime-Function-Error-Type": "Probe.Report"})

            h, body = next_event()
            rid = h["lambda-runtime-aws-request-id"]
            call("POST", "/invocation/%s/error" % rid, b"", {"Lambda-Runtime-Function-Error-Type": "Custom.Empty"})
            while True:
                next_event()
            """;

    @Test
    void runtimeApiAnswersLikeAws() throws Exception {
        Path zip = zipText(tmp, "bootstrap*", PROBE);
        FunctionSpec spec = spec("probe", "provided.al2", "probe.handler", zip, 60, 1);
        String clientContext = java.util.Base64.getEncoder().encodeToString("{\"a\":1}".getBytes());
        HostInvocation first = new HostInvocation("req-1", "{\"x\":1}".getBytes(), clientContext, null);

        HostResult r1 = await(host.invoke(spec, first));
        HostResult r2 = await(host.invoke(spec, event("{}")));
        HostResult r3 = await(host.invoke(spec, event("{}")));
        HostResult r4 = await(host.invoke(spec, event("{}")));

        assertThat(TestFunctions.text(r1)).isEqualTo("{\"first\":true}");
        assertThat(r1.functionError()).isNull();
        assertThat(r2.functionError()).isEqualTo("Unhandled");
        assertThat(TestFunctions.text(r2))
                .isEqualTo(
                        "{\"errorMessage\":\"Response payload size exceeded maximum allowed payload size (6291556 bytes).\","
                                + "\"errorType\":\"Function.ResponseSizeTooLarge\"}");
        assertThat(r3.functionError()).isEqualTo("Unhandled");
        JsonNode seen = json(r3);

        JsonNode h = seen.get("headers");
        assertThat(h.get("lambda-runtime-aws-request-id").asText()).isEqualTo("req-1");
        assertThat(h.get("lambda-runtime-invoked-function-arn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:probe");
        assertThat(h.get("lambda-runtime-deadline-ms").asLong()).isGreaterThan(System.currentTimeMillis());
        assertThat(h.get("lambda-runtime-trace-id").asText()).startsWith("Root=1-");
        assertThat(h.get("lambda-runtime-client-context").asText()).isEqualTo("{\"a\":1}");
        assertThat(h.get("content-type").asText()).isEqualTo("application/json");
        assertThat(h.has("lambda-runtime-cognito-identity")).isFalse();

        assertError(seen.get("wrongId"), 400, "InvalidRequestID", "Invalid request ID");
        assertError(
                seen.get("initErrorAfterNext"),
                403,
                "InvalidStateTransition",
                "State transition from Running to InitError failed for runtime. Error: State transition is not allowed");
        assertError(
                seen.get("nextWhileRunning"),
                403,
                "InvalidStateTransition",
                "State transition from Running to Ready failed for runtime. Error: State transition is not allowed");
        assertThat(seen.get("unknownPath").get("status").asInt()).isEqualTo(404);
        assertThat(seen.get("first").get("status").asInt()).isEqualTo(202);
        assertThat(seen.get("first").get("body").asText()).isEqualTo("{\"status\":\"OK\"}\n");
        assertError(
                seen.get("second"),
                403,
                "InvalidStateTransition",
                "State transition from RuntimeResponseSentState to InvocationResponse failed for runtime. "
                        + "Error: State transition is not allowed");
        assertError(
                seen.get("errorAfter"),
                403,
                "InvalidStateTransition",
                "State transition from RuntimeResponseSentState to InvocationErrorResponse failed for runtime. "
                        + "Error: State transition is not allowed");
        assertError(
                seen.get("tooLarge"),
                413,
                "RequestEntityTooLarge",
                "Exceeded maximum allowed payload size (6291556 bytes).");

        assertThat(r4.functionError()).isEqualTo("Unhandled");
        assertThat(TestFunctions.text(r4)).isEqualTo("{\"errorMessage\":\"\",\"errorType\":\"Custom.Empty\"}");
    }

    private static void assertError(JsonNode call, int status, String type, String message) throws Exception {
        assertThat(call.get("status").asInt()).as(call.toString()).isEqualTo(status);
        assertThat(call.get("type").asText()).isEqualTo("application/json");
        JsonNode body = TestFunctions.JSON.readTree(call.get("body").asText());
        assertThat(body.get("errorType").asText()).isEqualTo(type);
        assertThat(body.get("errorMessage").asText()).isEqualTo(message);
    }
}
