package io.turnpike.controlplane.resource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.Call;
import io.turnpike.controlplane.Operations;
import io.turnpike.controlplane.Reply;
import io.turnpike.controlplane.testinvoke.MethodTest;
import io.turnpike.controlplane.testinvoke.MethodTestResult;
import io.turnpike.controlplane.testinvoke.MethodTester;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * TestInvokeMethod: runs one request through a method as the API is defined now, without deploying it,
 * and answers with the method's response, AWS's execution log and the latency.
 *
 * <p>The resource and method are looked up here, so an unknown one gets the same 404 as GetMethod; the
 * request itself runs wherever the {@link MethodTester} runs it (the data plane, in a Turnpike node).
 */
public final class TestInvokeOperations {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<Map<String, List<String>>> LIST_MAP = new TypeReference<>() {};

    private final AdminContext ctx;
    private final MethodTester tester;

    public TestInvokeOperations(AdminContext ctx, MethodTester tester) {
        this.ctx = ctx;
        this.tester = Objects.requireNonNull(tester, "tester");
    }

    public void register(Operations ops) {
        ops.on("TestInvokeMethod", this::testInvoke);
    }

    private Reply testInvoke(Call call) {
        String apiId = call.string("restApiId");
        String resourceId = call.string("resourceId");
        String verb = call.string("httpMethod");
        ctx.store().read(tx -> ResourceTree.requireMethod(ResourceTree.require(tx, apiId, resourceId), verb));
        MethodTest test = new MethodTest(
                apiId,
                resourceId,
                verb,
                call.optString("pathWithQueryString"),
                call.optString("body"),
                ctx.json().convertValue(call.opt("headers"), STRING_MAP),
                ctx.json().convertValue(call.opt("multiValueHeaders"), LIST_MAP),
                call.optString("clientCertificateId"),
                ctx.json().convertValue(call.opt("stageVariables"), STRING_MAP));
        MethodTestResult result =
                tester.test(test).orElseThrow(() -> AwsException.notFound(ResourceTree.METHOD_NOT_FOUND));
        ObjectNode out = ctx.json().createObjectNode();
        out.put("status", result.status());
        out.put("body", result.body());
        out.set("headers", ctx.json().valueToTree(result.headers()));
        out.set("multiValueHeaders", ctx.json().valueToTree(result.multiValueHeaders()));
        out.put("log", result.log());
        out.put("latency", result.latency());
        return Reply.of(out);
    }
}
