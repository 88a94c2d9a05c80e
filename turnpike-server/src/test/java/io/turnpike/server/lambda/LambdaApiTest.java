package io.turnpike.server.lambda;

import static io.turnpike.server.lambda.LambdaFixture.ACCOUNT;
import static io.turnpike.server.lambda.LambdaFixture.ROLE;
import static io.turnpike.server.lambda.LambdaFixture.arn;
import static io.turnpike.server.lambda.LambdaFixture.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.store.Kinds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** The Lambda management API through the AWS SDK for Java v2, as a user drives it. */
class LambdaApiTest {

    private static final SdkBytes CODE = zip("index.js", "exports.handler = async (e) => e;");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private LambdaFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new LambdaFixture(dir, true);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private CreateFunctionResponse create(String name) {
        return f.lambda.createFunction(r -> r.functionName(name)
                .runtime(Runtime.NODEJS20_X)
                .handler("index.handler")
                .role(ROLE)
                .code(c -> c.zipFile(CODE)));
    }

    private void awaitActive(String name) {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    var c = f.lambda.getFunctionConfiguration(r -> r.functionName(name));
                    assertThat(c.stateAsString()).isEqualTo("Active");
                    assertThat(c.lastUpdateStatusAsString()).isEqualTo("Successful");
                });
    }

    private String createActive(String name) {
        create(name);
        awaitActive(name);
        return name;
    }

    private static void assertError(Executable call, int status, String type, String message) {
        LambdaException e = catchThrowableOfType(LambdaException.class, call::execute);
        assertThat(e).as("expected %s", type).isNotNull();
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(type);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amzn-ErrorType"))
                .hasValue(type);
    }

    private static String sha256(SdkBytes bytes) throws Exception {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes.asByteArray()));
    }

    @Test
    void createsGetsListsAndDeletesAFunction() throws Exception {
        CreateFunctionResponse created = f.lambda.createFunction(r -> r.functionName("hello")
                .runtime(Runtime.PYTHON3_12)
                .handler("app.handler")
                .role(ROLE)
                .description("says hello")
                .timeout(30)
                .memorySize(256)
                .environment(e -> e.variables(Map.of("GREETING", "hi")))
                .architecturesWithStrings("arm64")
                .tags(Map.of("team", "edge"))
                .code(c -> c.zipFile(CODE)));
        assertThat(created.functionArn()).isEqualTo(arn("hello"));
        assertThat(created.version()).isEqualTo("$LATEST");
        assertThat(created.stateAsString()).isEqualTo("Pending");
        assertThat(created.stateReasonCodeAsString()).isEqualTo("Creating");
        assertThat(created.codeSha256()).isEqualTo(sha256(CODE));
        assertThat(created.codeSize()).isEqualTo(CODE.asByteArray().length);
        assertThat(created.lastModified()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
        assertThat(created.revisionId()).isNotBlank();
        assertThat(created.timeout()).isEqualTo(30);
        assertThat(created.memorySize()).isEqualTo(256);
        assertThat(created.environment().variables()).containsEntry("GREETING", "hi");
        assertThat(created.architecturesAsStrings()).containsExactly("arm64");
        assertThat(created.packageTypeAsString()).isEqualTo("Zip");

        awaitActive("hello");
        GetFunctionResponse got = f.lambda.getFunction(r -> r.functionName("hello"));
        assertThat(got.configuration().description()).isEqualTo("says hello");
        assertThat(got.configuration().stateReason()).isNull();
        assertThat(got.code().repositoryType()).isEqualTo("S3");
        assertThat(Path.of(java.net.URI.create(got.code().location()))).exists();
        assertThat(got.tags()).containsEntry("team", "edge");
        assertThat(got.concurrency()).isNull();
        // by full ARN and partial ARN too
        assertThat(f.lambda
                        .getFunction(r -> r.functionName(arn("hello")))
                        .configuration()
                        .functionName())
                .isEqualTo("hello");
        assertThat(f.lambda
                        .getFunction(r -> r.functionName(ACCOUNT + ":function:hello"))
                        .configuration()
                        .functionName())
                .isEqualTo("hello");
        assertThat(f.lambda.listFunctions().functions())
                .extracting(FunctionConfiguration::functionName)
                .containsExactly("hello");

        assertError(() -> create("hello"), 409, "ResourceConflictException", "Function already exist: hello");

        f.lambda.deleteFunction(r -> r.functionName("hello"));
        assertError(
                () -> f.lambda.getFunction(r -> r.functionName("hello")),
                404,
                "ResourceNotFoundException",
                "Function not found: " + arn("hello"));
        assertError(
                () -> f.lambda.deleteFunction(r -> r.functionName("hello")),
                404,
                "ResourceNotFoundException",
                "Function not found: " + arn("hello"));
    }

    @Test
    void rejectsBadInputAsLambdaDoes() {
        assertError(
                () -> f.lambda.createFunction(r -> r.functionName("f")
                        .runtime("nodejs3.x")
                        .handler("index.handler")
                        .role(ROLE)
                        .code(c -> c.zipFile(CODE))),
                400,
                "InvalidParameterValueException",
                "Value nodejs3.x at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ["
                        + String.join(", ", io.turnpike.controlplane.lambda.LambdaOperations.RUNTIMES)
                        + "] or be a valid ARN");
        assertError(
                () -> f.lambda.createFunction(r -> r.functionName("f")
                        .runtime(Runtime.NODEJS20_X)
                        .handler("index.handler")
                        .role(ROLE)
                        .timeout(901)
                        .memorySize(100)
                        .code(c -> c.zipFile(CODE))),
                400,
                "ValidationException",
                "2 validation errors detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have"
                        + " value less than or equal to 900; Value '100' at 'memorySize' failed to satisfy constraint:"
                        + " Member must have value greater than or equal to 128");
        assertError(
                () -> f.lambda.createFunction(r -> r.functionName("f")
                        .runtime(Runtime.NODEJS20_X)
                        .handler("index.handler")
                        .role("not-a-role")
                        .code(c -> c.zipFile(CODE))),
                400,
                "ValidationException",
                "1 validation error detected: Value 'not-a-role' at 'role' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
        assertError(
                () -> f.lambda.createFunction(r -> r.functionName("bad name!")
                        .runtime(Runtime.NODEJS20_X)
                        .handler("index.handler")
                        .role(ROLE)
                        .code(c -> c.zipFile(CODE))),
                400,
                "ValidationException",
                "1 validation error detected: Value 'bad name!' at 'functionName' failed to satisfy constraint: Member"
                        + " must satisfy regular expression pattern: " + io.turnpike.model.lambda.FunctionRef.PATTERN);
        assertError(
                () -> f.lambda.createFunction(r -> r.functionName("f")
                        .runtime(Runtime.NODEJS20_X)
                        .role(ROLE)
                        .code(c -> c.zipFile(CODE))),
                400,
                "InvalidParameterValueException",
                "Runtime and Handler are mandatory parameters for functions created with deployment packages.");
        assertError(
                () -> f.lambda.createFunction(r -> r.functionName("f")
                        .runtime(Runtime.NODEJS20_X)
                        .handler("index.handler")
                        .role(ROLE)
                        .code(c -> c.zipFile(SdkBytes.fromUtf8String("not a zip")))),
                400,
                "InvalidParameterValueException",
                "Could not unzip uploaded file. Please check your file, then try to upload again.");
        assertError(
                () -> f.lambda.createFunction(r -> r.functionName("f")
                        .runtime(Runtime.NODEJS20_X)
                        .handler("index.handler")
                        .role(ROLE)
                        .code(c -> c.s3Bucket("b").s3Key("k"))),
                400,
                "InvalidParameterValueException",
                "Turnpike takes function code only as ZipFile");
        assertError(
                () -> f.lambda.createFunction(r -> r.functionName("f")
                        .runtime(Runtime.NODEJS20_X)
                        .handler("i.h")
                        .role(ROLE)),
                400,
                "ValidationException",
                "1 validation error detected: Value null at 'code' failed to satisfy constraint: Member must not be"
                        + " null");
        // nothing was created by any of these
        assertThat(f.lambda.listFunctions().functions()).isEmpty();
    }

    @Test
    void pagesThroughFunctionsAndVersions() {
        for (String name : List.of("e", "d", "c", "b", "a")) {
            createActive(name);
        }
        f.lambda.publishVersion(r -> r.functionName("a"));
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String m = marker;
            ListFunctionsResponse page =
                    f.lambda.listFunctions(r -> r.maxItems(2).marker(m));
            page.functions().forEach(c -> seen.add(c.functionName()));
            marker = page.nextMarker();
            pages++;
        } while (marker != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("a", "b", "c", "d", "e");

        List<String> all = new ArrayList<>();
        f.lambda
                .listFunctionsPaginator(r -> r.functionVersion("ALL").maxItems(4))
                .functions()
                .forEach(c -> all.add(c.functionArn()));
        assertThat(all)
                .containsExactly(
                        arn("a") + ":$LATEST",
                        arn("a") + ":1",
                        arn("b") + ":$LATEST",
                        arn("c") + ":$LATEST",
                        arn("d") + ":$LATEST",
                        arn("e") + ":$LATEST");
        assertError(
                () -> f.lambda.listFunctions(r -> r.maxItems(0)),
                400,
                "ValidationException",
                "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have"
                        + " value greater than or equal to 1");
    }

    @Test
    void updatesCodeAndConfiguration() throws Exception {
        createActive("fn");
        SdkBytes v2 = zip("index.js", "exports.handler = async () => 2;");
        FunctionConfiguration updated =
                toConfig(f.lambda.updateFunctionCode(r -> r.functionName("fn").zipFile(v2)));
        assertThat(updated.codeSha256()).isEqualTo(sha256(v2));
        assertThat(updated.lastUpdateStatusAsString()).isEqualTo("InProgress");
        awaitActive("fn");

        String revision =
                f.lambda.getFunctionConfiguration(r -> r.functionName("fn")).revisionId();
        var conf = f.lambda.updateFunctionConfiguration(r -> r.functionName("fn")
                .timeout(10)
                .memorySize(512)
                .handler("main.handler")
                .environment(e -> e.variables(Map.of("A", "1")))
                .revisionId(revision));
        assertThat(conf.timeout()).isEqualTo(10);
        assertThat(conf.handler()).isEqualTo("main.handler");
        assertThat(conf.revisionId()).isNotEqualTo(revision);
        awaitActive("fn");
        assertError(
                () -> f.lambda.updateFunctionConfiguration(
                        r -> r.functionName("fn").timeout(5).revisionId(revision)),
                412,
                "PreconditionFailedException",
                "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to"
                        + " retrieve the latest Revision Id");
        assertError(
                () -> f.lambda.updateFunctionConfiguration(
                        r -> r.functionName("fn").timeout(0)),
                400,
                "ValidationException",
                "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have"
                        + " value greater than or equal to 1");
        assertThat(f.lambda.getFunctionConfiguration(r -> r.functionName("fn")).timeout())
                .isEqualTo(10);
    }

    private static FunctionConfiguration toConfig(
            software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeResponse r) {
        return FunctionConfiguration.builder()
                .codeSha256(r.codeSha256())
                .lastUpdateStatus(r.lastUpdateStatusAsString())
                .build();
    }

    @Test
    void publishesVersionsAndManagesAliases() {
        createActive("fn");
        assertThat(f.lambda
                        .publishVersion(r -> r.functionName("fn").description("first"))
                        .version())
                .isEqualTo("1");
        // nothing changed: Lambda answers the last version instead of publishing another
        assertThat(f.lambda.publishVersion(r -> r.functionName("fn")).version()).isEqualTo("1");
        f.lambda.updateFunctionConfiguration(r -> r.functionName("fn").timeout(9));
        awaitActive("fn");
        var v2 = f.lambda.publishVersion(r -> r.functionName("fn"));
        assertThat(v2.version()).isEqualTo("2");
        assertThat(v2.functionArn()).isEqualTo(arn("fn") + ":2");
        assertThat(f.lambda.listVersionsByFunction(r -> r.functionName("fn")).versions())
                .extracting(FunctionConfiguration::version)
                .containsExactly("$LATEST", "1", "2");
        assertThat(f.lambda
                        .getFunctionConfiguration(r -> r.functionName("fn").qualifier("1"))
                        .timeout())
                .isEqualTo(3);

        var alias = f.lambda.createAlias(r -> r.functionName("fn").name("live").functionVersion("1"));
        assertThat(alias.aliasArn()).isEqualTo(arn("fn") + ":live");
        assertThat(alias.description()).isEmpty();
        assertError(
                () -> f.lambda.createAlias(
                        r -> r.functionName("fn").name("live").functionVersion("1")),
                409,
                "ResourceConflictException",
                "Alias already exists: " + arn("fn") + ":live");
        assertError(
                () -> f.lambda.createAlias(
                        r -> r.functionName("fn").name("beta").functionVersion("7")),
                404,
                "ResourceNotFoundException",
                "Function not found: " + arn("fn") + ":7");
        assertError(
                () -> f.lambda.getAlias(r -> r.functionName("fn").name("nope")),
                404,
                "ResourceNotFoundException",
                "Cannot find alias arn: " + arn("fn") + ":nope");
        var moved = f.lambda.updateAlias(r -> r.functionName("fn")
                .name("live")
                .functionVersion("2")
                .routingConfig(c -> c.additionalVersionWeights(Map.of("1", 0.25))));
        assertThat(moved.functionVersion()).isEqualTo("2");
        assertThat(moved.routingConfig().additionalVersionWeights()).containsEntry("1", 0.25);
        assertThat(f.lambda
                        .getFunctionConfiguration(r -> r.functionName("fn:live"))
                        .timeout())
                .isEqualTo(9);
        f.lambda.createAlias(r -> r.functionName("fn").name("old").functionVersion("1"));
        assertThat(f.lambda.listAliases(r -> r.functionName("fn")).aliases())
                .extracting(a -> a.name())
                .containsExactly("live", "old");
        assertThat(f.lambda
                        .listAliases(r -> r.functionName("fn").functionVersion("2"))
                        .aliases())
                .extracting(a -> a.name())
                .containsExactly("live");

        assertError(
                () -> f.lambda.deleteFunction(r -> r.functionName("fn").qualifier("1")),
                409,
                "ResourceConflictException",
                "Unable to delete version because the following aliases reference it: [live, old]");
        assertError(
                () -> f.lambda.deleteFunction(r -> r.functionName("fn").qualifier("$LATEST")),
                400,
                "InvalidParameterValueException",
                "$LATEST version cannot be deleted without deleting the function.");
        f.lambda.deleteAlias(r -> r.functionName("fn").name("old"));
        f.lambda.updateAlias(
                r -> r.functionName("fn").name("live").routingConfig(c -> c.additionalVersionWeights(Map.of())));
        f.lambda.deleteFunction(r -> r.functionName("fn").qualifier("1"));
        assertThat(f.lambda.listVersionsByFunction(r -> r.functionName("fn")).versions())
                .extracting(FunctionConfiguration::version)
                .containsExactly("$LATEST", "2");
        // version numbers are never reused
        f.lambda.updateFunctionConfiguration(r -> r.functionName("fn").timeout(11));
        awaitActive("fn");
        assertThat(f.lambda.publishVersion(r -> r.functionName("fn")).version()).isEqualTo("3");
    }

    @Test
    void buildsResourcePoliciesAsLambdaDoes() throws Exception {
        createActive("fn");
        var added = f.lambda.addPermission(r -> r.functionName("fn")
                .statementId("apigw")
                .action("lambda:InvokeFunction")
                .principal("apigateway.amazonaws.com")
                .sourceArn("arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/pets"));
        JsonNode statement = JSON.readTree(added.statement());
        assertThat(statement)
                .isEqualTo(JSON.readTree("{\"Sid\":\"apigw\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                        + "\"apigateway.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\""
                        + arn("fn") + "\",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":"
                        + "\"arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/pets\"}}}"));
        f.lambda.addPermission(
                r -> r.functionName("fn").statementId("acct").action("lambda:*").principal("210987654321"));
        var policy = f.lambda.getPolicy(r -> r.functionName("fn"));
        JsonNode doc = JSON.readTree(policy.policy());
        assertThat(doc.get("Version").asText()).isEqualTo("2012-10-17");
        assertThat(doc.get("Id").asText()).isEqualTo("default");
        assertThat(doc.get("Statement")).hasSize(2);
        assertThat(doc.get("Statement").get(1).get("Principal").get("AWS").asText())
                .isEqualTo("arn:aws:iam::210987654321:root");
        assertThat(policy.revisionId()).isNotBlank();

        assertError(
                () -> f.lambda.addPermission(r -> r.functionName("fn")
                        .statementId("apigw")
                        .action("lambda:InvokeFunction")
                        .principal("s3.amazonaws.com")),
                409,
                "ResourceConflictException",
                "The statement id (apigw) provided already exists. Please provide a new statement id, or remove the"
                        + " existing statement.");
        f.lambda.removePermission(r -> r.functionName("fn").statementId("apigw"));
        f.lambda.removePermission(r -> r.functionName("fn").statementId("acct"));
        assertError(
                () -> f.lambda.removePermission(r -> r.functionName("fn").statementId("acct")),
                404,
                "ResourceNotFoundException",
                "Statement acct is not found in resource policy.");
        assertError(
                () -> f.lambda.getPolicy(r -> r.functionName("fn")),
                404,
                "ResourceNotFoundException",
                "The resource you requested does not exist.");
    }

    @Test
    void reservedConcurrencyLimitsTheHostAndZeroThrottles() {
        createActive("fn");
        assertThat(f.lambda.getFunctionConcurrency(r -> r.functionName("fn")).reservedConcurrentExecutions())
                .isNull();
        assertThat(f.lambda
                        .putFunctionConcurrency(r -> r.functionName("fn").reservedConcurrentExecutions(5))
                        .reservedConcurrentExecutions())
                .isEqualTo(5);
        assertThat(f.lambda.getFunction(r -> r.functionName("fn")).concurrency().reservedConcurrentExecutions())
                .isEqualTo(5);
        f.lambda.invoke(r -> r.functionName("fn").payload(SdkBytes.fromUtf8String("{}")));
        assertThat(f.host.calls.get(f.host.calls.size() - 1).spec().maxConcurrency())
                .isEqualTo(5);

        f.lambda.putFunctionConcurrency(r -> r.functionName("fn").reservedConcurrentExecutions(0));
        assertError(
                () -> f.lambda.invoke(r -> r.functionName("fn").payload(SdkBytes.fromUtf8String("{}"))),
                429,
                "TooManyRequestsException",
                "Rate Exceeded.");
        f.lambda.deleteFunctionConcurrency(r -> r.functionName("fn"));
        f.lambda.invoke(r -> r.functionName("fn").payload(SdkBytes.fromUtf8String("{}")));
        assertThat(f.host.calls.get(f.host.calls.size() - 1).spec().maxConcurrency())
                .isEqualTo(10);
        assertError(
                () -> f.lambda.putFunctionConcurrency(r -> r.functionName("fn").reservedConcurrentExecutions(901)),
                400,
                "InvalidParameterValueException",
                "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution"
                        + " below its minimum value of [100].");
    }

    @Test
    void deletingAFunctionStopsItsWarmInstancesAndOnlyItsOwn() {
        createActive("doomed");
        createActive("kept");
        f.lambda.invoke(r -> r.functionName("doomed").payload(SdkBytes.fromUtf8String("{}")));
        f.lambda.invoke(r -> r.functionName("kept").payload(SdkBytes.fromUtf8String("{}")));

        f.lambda.deleteFunction(r -> r.functionName("doomed"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(f.host.evicted).containsExactly("doomed"));
        // the other function still answers
        assertThat(f.lambda
                        .invoke(r -> r.functionName("kept").payload(SdkBytes.fromUtf8String("{}")))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void invokesSynchronouslyWithVersionsAliasesTailLogsAndFunctionErrors() {
        createActive("fn");
        InvokeResponse r1 = f.lambda.invoke(r -> r.functionName("fn").payload(SdkBytes.fromUtf8String("{\"a\":1}")));
        assertThat(r1.statusCode()).isEqualTo(200);
        assertThat(r1.payload().asUtf8String()).isEqualTo("{\"a\":1}");
        assertThat(r1.executedVersion()).isEqualTo("$LATEST");
        assertThat(r1.functionError()).isNull();
        assertThat(r1.logResult()).isNull();
        EchoHost.Call call = f.host.calls.get(0);
        assertThat(call.spec().functionArn()).isEqualTo(arn("fn"));
        assertThat(call.spec().runtime()).isEqualTo("nodejs20.x");
        assertThat(call.spec().handler()).isEqualTo("index.handler");
        assertThat(call.spec().timeoutSeconds()).isEqualTo(3);

        InvokeResponse tail =
                f.lambda.invoke(r -> r.functionName("fn").logType(LogType.TAIL).payload(SdkBytes.fromUtf8String("{}")));
        assertThat(new String(Base64.getDecoder().decode(tail.logResult()), StandardCharsets.UTF_8))
                .startsWith("START RequestId: ")
                .contains("echo {}");

        InvokeResponse failed =
                f.lambda.invoke(r -> r.functionName("fn").payload(SdkBytes.fromUtf8String("{\"fail\":true}")));
        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(failed.functionError()).isEqualTo("Unhandled");
        assertThat(failed.payload().asUtf8String()).isEqualTo("{\"errorMessage\":\"boom\",\"errorType\":\"Error\"}");

        f.lambda.publishVersion(r -> r.functionName("fn"));
        f.lambda.createAlias(r -> r.functionName("fn").name("live").functionVersion("1"));
        InvokeResponse byAlias =
                f.lambda.invoke(r -> r.functionName("fn").qualifier("live").payload(SdkBytes.fromUtf8String("{}")));
        assertThat(byAlias.executedVersion()).isEqualTo("1");
        assertThat(f.host.calls.get(f.host.calls.size() - 1).spec().functionArn())
                .isEqualTo(arn("fn") + ":live");
        assertThat(f.lambda
                        .invoke(r -> r.functionName(arn("fn") + ":1").payload(SdkBytes.fromUtf8String("{}")))
                        .executedVersion())
                .isEqualTo("1");

        int before = f.host.calls.size();
        InvokeResponse dry = f.lambda.invoke(r -> r.functionName("fn").invocationType(InvocationType.DRY_RUN));
        assertThat(dry.statusCode()).isEqualTo(204);
        assertThat(f.host.calls).hasSize(before); // a dry run runs nothing

        assertError(
                () -> f.lambda.invoke(r -> r.functionName("nope")),
                404,
                "ResourceNotFoundException",
                "Function not found: " + arn("nope"));
        assertError(
                () -> f.lambda.invoke(r -> r.functionName("fn").qualifier("9")),
                404,
                "ResourceNotFoundException",
                "Function not found: " + arn("fn") + ":9");
        assertError(
                () -> f.lambda.invoke(r -> r.functionName("fn:live").qualifier("1")),
                400,
                "InvalidParameterValueException",
                "The derived qualifier from the function name does not match the specified qualifier.");
        LambdaException bad = catchThrowableOfType(
                LambdaException.class,
                () -> f.lambda.invoke(r -> r.functionName("fn").payload(SdkBytes.fromUtf8String("not json"))));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.awsErrorDetails().errorCode()).isEqualTo("InvalidRequestContentException");
        assertThat(bad.awsErrorDetails().errorMessage())
                .startsWith("Could not parse request body into json: Could not parse payload into json: ");
    }

    @Test
    void eventInvocationsAreAcknowledgedThenRunAndRetriedTwice() {
        createActive("fn");
        InvokeResponse ok = f.lambda.invoke(r -> r.functionName("fn")
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"n\":1}")));
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(ok.payload().asByteArray()).isEmpty();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> f.host.calls.stream().anyMatch(c -> c.payload().equals("{\"n\":1}")));

        f.lambda.invoke(r -> r.functionName("fn")
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"failTwice\":1}")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> f.host.calls.stream()
                                .filter(c -> c.payload().contains("failTwice"))
                                .count()
                        == 3);

        f.lambda.invoke(r -> r.functionName("fn")
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"fail\":1}")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> queued() == 0
                        && f.host.calls.stream()
                                        .filter(c -> c.payload().contains("\"fail\""))
                                        .count()
                                == 3);
        // three attempts in all, then the event is dropped: no fourth
        assertThat(f.host.calls.stream()
                        .filter(c -> c.payload().contains("\"fail\""))
                        .count())
                .isEqualTo(3);
        assertThat(f.host.calls.stream()
                        .filter(c -> c.payload().contains("failTwice"))
                        .count())
                .isEqualTo(3);
    }

    private int queued() {
        return f.store
                .read(tx -> tx.list(Kinds.LAMBDA_EVENT, Kinds.LAMBDA_EVENT_SCOPE))
                .size();
    }

    @Test
    void everythingSurvivesARestartIncludingQueuedEvents() throws Exception {
        f.close();
        f = new LambdaFixture(dir, false); // events queue but do not run
        createActive("fn");
        f.lambda.publishVersion(r -> r.functionName("fn"));
        f.lambda.createAlias(r -> r.functionName("fn").name("live").functionVersion("1"));
        f.lambda.addPermission(r -> r.functionName("fn")
                .statementId("s")
                .action("lambda:InvokeFunction")
                .principal("*"));
        f.lambda.putFunctionConcurrency(r -> r.functionName("fn").reservedConcurrentExecutions(3));
        String sha =
                f.lambda.getFunctionConfiguration(r -> r.functionName("fn")).codeSha256();
        assertThat(f.lambda
                        .invoke(r -> r.functionName("fn:live")
                                .invocationType(InvocationType.EVENT)
                                .payload(SdkBytes.fromUtf8String("{\"queued\":true}")))
                        .statusCode())
                .isEqualTo(202);
        assertThat(queued()).isEqualTo(1);
        assertThat(f.host.calls).isEmpty();
        f.close();

        f = new LambdaFixture(dir, true);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> f.host.calls.stream().anyMatch(c -> c.payload().equals("{\"queued\":true}")));
        EchoHost.Call ran = f.host.calls.get(0);
        assertThat(ran.spec().version()).isEqualTo("1");
        assertThat(ran.spec().maxConcurrency()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> queued() == 0);

        GetFunctionResponse got = f.lambda.getFunction(r -> r.functionName("fn"));
        assertThat(got.configuration().codeSha256()).isEqualTo(sha);
        assertThat(got.configuration().stateAsString()).isEqualTo("Active");
        assertThat(got.concurrency().reservedConcurrentExecutions()).isEqualTo(3);
        assertThat(f.lambda.getAlias(r -> r.functionName("fn").name("live")).functionVersion())
                .isEqualTo("1");
        assertThat(JSON.readTree(f.lambda.getPolicy(r -> r.functionName("fn")).policy())
                        .get("Statement"))
                .hasSize(1);
        assertThat(f.lambda
                        .invoke(r -> r.functionName("fn").payload(SdkBytes.fromUtf8String("{\"x\":2}")))
                        .payload()
                        .asUtf8String())
                .isEqualTo("{\"x\":2}");
    }

    @Test
    void tagsFunctions() {
        createActive("fn");
        f.lambda.tagResource(r -> r.resource(arn("fn")).tags(Map.of("a", "1", "b", "2")));
        f.lambda.untagResource(r -> r.resource(arn("fn")).tagKeys("a"));
        assertThat(f.lambda.listTags(r -> r.resource(arn("fn"))).tags()).containsExactly(Map.entry("b", "2"));
        assertError(
                () -> f.lambda.listTags(r -> r.resource(arn("nope"))),
                404,
                "ResourceNotFoundException",
                "Function not found: " + arn("nope"));
    }
}
