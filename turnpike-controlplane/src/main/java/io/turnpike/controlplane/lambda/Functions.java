package io.turnpike.controlplane.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.model.lambda.FunctionAlias;
import io.turnpike.model.lambda.FunctionConfig;
import io.turnpike.model.lambda.FunctionRef;
import io.turnpike.model.lambda.LambdaFunction;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import io.turnpike.store.Store;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lambda's wire shapes and errors, shared by the function, version, alias, policy and invoke
 * operations: the {@code FunctionConfiguration} JSON, ARNs, timestamps, and the lookups that answer
 * Lambda's "not found" errors in Lambda's words.
 */
final class Functions {

    /** Lambda's {@code LastModified} format: {@code 2026-11-21T10:00:00.000+0000}. */
    static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private final ObjectMapper json;
    private final String region;
    private final String accountId;

    Functions(ObjectMapper json, String region, String accountId) {
        this.json = json;
        this.region = region;
        this.accountId = accountId;
    }

    static String lastModified(Instant now) {
        return LAST_MODIFIED.format(now);
    }

    String arn(String name) {
        return FunctionRef.arn(region, accountId, name);
    }

    String arn(String name, String qualifier) {
        return FunctionRef.arn(region, accountId, name, qualifier);
    }

    // ---- errors, in Lambda's words ----

    AwsException functionNotFound(String name, String qualifier) {
        return new AwsException(404, "ResourceNotFoundException", "Function not found: " + arn(name, qualifier));
    }

    AwsException aliasNotFound(String name, String alias) {
        return new AwsException(404, "ResourceNotFoundException", "Cannot find alias arn: " + arn(name, alias));
    }

    static AwsException invalidParameter(String message) {
        return new AwsException(400, "InvalidParameterValueException", message);
    }

    static AwsException conflict(String message) {
        return new AwsException(409, "ResourceConflictException", message);
    }

    static AwsException revisionMismatch() {
        return new AwsException(
                412,
                "PreconditionFailedException",
                "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API"
                        + " to retrieve the latest Revision Id");
    }

    /** Lambda's constraint message: {@code 1 validation error detected: Value '0' at 'timeout' failed ...}. */
    static AwsException validation(List<String> violations) {
        return new AwsException(
                400,
                "ValidationException",
                violations.size() + " validation error" + (violations.size() == 1 ? "" : "s") + " detected: "
                        + String.join("; ", violations));
    }

    static String violation(Object value, String member, String constraint) {
        return "Value '" + value + "' at '" + member + "' failed to satisfy constraint: " + constraint;
    }

    // ---- lookups ----

    /** The function's document, or Lambda's 404 naming the unqualified ARN. */
    LambdaFunction function(ReadTx tx, String name) {
        return tx.get(Kinds.LAMBDA_FUNCTION, Store.GLOBAL, name).orElseThrow(() -> functionNotFound(name, null));
    }

    /**
     * The configuration a qualifier names: {@code $LATEST} (or none), a published version, or the
     * version an alias points at. Unknown versions and aliases are Lambda's 404s.
     */
    FunctionConfig config(ReadTx tx, LambdaFunction fn, String qualifier) {
        if (qualifier == null || qualifier.equals(FunctionConfig.LATEST)) {
            return fn.latest();
        }
        String scope = LambdaFunction.scope(fn.name());
        if (FunctionRef.isVersion(qualifier)) {
            return tx.get(Kinds.LAMBDA_VERSION, scope, qualifier)
                    .orElseThrow(() -> functionNotFound(fn.name(), qualifier));
        }
        FunctionAlias alias =
                tx.get(Kinds.LAMBDA_ALIAS, scope, qualifier).orElseThrow(() -> aliasNotFound(fn.name(), qualifier));
        return config(tx, fn, alias.functionVersion());
    }

    // ---- wire shapes ----

    /**
     * A {@code FunctionConfiguration}. {@code arnQualifier} is what the ARN ends with: null for the
     * unqualified ARN ({@code $LATEST} in GetFunction and ListFunctions), else a version or alias name.
     */
    ObjectNode configuration(FunctionConfig c, String arnQualifier) {
        ObjectNode o = json.createObjectNode();
        o.put("FunctionName", c.functionName());
        o.put("FunctionArn", arn(c.functionName(), arnQualifier));
        o.put("Runtime", c.runtime());
        o.put("Role", c.role());
        o.put("Handler", c.handler());
        o.put("CodeSize", c.codeSize());
        o.put("Description", c.description() == null ? "" : c.description());
        o.put("Timeout", c.timeout());
        o.put("MemorySize", c.memorySize());
        o.put("LastModified", c.lastModified());
        o.put("CodeSha256", c.codeSha256());
        o.put("Version", c.version());
        if (c.environment() != null) {
            ObjectNode vars = o.putObject("Environment").putObject("Variables");
            new TreeMap<>(c.environment()).forEach(vars::put);
        }
        o.putObject("TracingConfig").put("Mode", "PassThrough");
        o.put("RevisionId", c.revisionId());
        o.put("State", c.state());
        if (c.stateReason() != null) {
            o.put("StateReason", c.stateReason());
            o.put("StateReasonCode", c.stateReasonCode());
        }
        if (c.lastUpdateStatus() != null) {
            o.put("LastUpdateStatus", c.lastUpdateStatus());
            if (c.lastUpdateStatusReason() != null) {
                o.put("LastUpdateStatusReason", c.lastUpdateStatusReason());
                o.put("LastUpdateStatusReasonCode", c.lastUpdateStatusReasonCode());
            }
        }
        o.put("PackageType", "Zip");
        ArrayNode arch = o.putArray("Architectures");
        c.architectures().forEach(arch::add);
        o.putObject("EphemeralStorage").put("Size", 512);
        ObjectNode snap = o.putObject("SnapStart");
        snap.put("ApplyOn", "None");
        snap.put("OptimizationStatus", "Off");
        ObjectNode logging = o.putObject("LoggingConfig");
        logging.put("LogFormat", "Text");
        logging.put("LogGroup", "/aws/lambda/" + c.functionName());
        return o;
    }

    ObjectNode alias(String functionName, FunctionAlias a) {
        ObjectNode o = json.createObjectNode();
        o.put("AliasArn", arn(functionName, a.name()));
        o.put("Name", a.name());
        o.put("FunctionVersion", a.functionVersion());
        o.put("Description", a.description() == null ? "" : a.description());
        if (!a.additionalVersionWeights().isEmpty()) {
            ObjectNode weights = o.putObject("RoutingConfig").putObject("AdditionalVersionWeights");
            new TreeMap<>(a.additionalVersionWeights()).forEach(weights::put);
        }
        o.put("RevisionId", a.revisionId());
        return o;
    }

    ObjectNode tags(Map<String, String> tags) {
        ObjectNode o = json.createObjectNode();
        new TreeMap<>(tags).forEach(o::put);
        return o;
    }
}
