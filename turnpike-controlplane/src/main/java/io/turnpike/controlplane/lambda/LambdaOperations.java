package io.turnpike.controlplane.lambda;

import static io.turnpike.controlplane.lambda.Functions.conflict;
import static io.turnpike.controlplane.lambda.Functions.invalidParameter;
import static io.turnpike.controlplane.lambda.Functions.revisionMismatch;
import static io.turnpike.controlplane.lambda.Functions.validation;
import static io.turnpike.controlplane.lambda.Functions.violation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.aws.lambda.Invocation;
import io.turnpike.aws.lambda.InvocationResult;
import io.turnpike.aws.lambda.InvocationType;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.Call;
import io.turnpike.controlplane.Operations;
import io.turnpike.controlplane.Reply;
import io.turnpike.model.lambda.FunctionAlias;
import io.turnpike.model.lambda.FunctionConfig;
import io.turnpike.model.lambda.FunctionPolicy;
import io.turnpike.model.lambda.FunctionRef;
import io.turnpike.model.lambda.LambdaFunction;
import io.turnpike.store.CodeStore;
import io.turnpike.store.Kinds;
import io.turnpike.store.ReadTx;
import io.turnpike.store.Store;
import io.turnpike.store.WriteTx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code lambda} management API for local functions: functions, code, configuration, versions,
 * aliases, resource policies, reserved concurrency, tags, and Invoke.
 *
 * <p>Durability: a deployment package is written to the {@link CodeStore} (fsynced, atomically renamed)
 * before the document naming it is committed, so an acknowledged function never lacks its code.
 *
 * <p>States: a new function is {@code Pending} ("The function is being created.") and an updated one
 * has {@code LastUpdateStatus: InProgress}, exactly as Lambda answers; a background task then checks
 * the stored package and moves it to {@code Active} / {@code Successful}. Functions left {@code
 * Pending} by a stop are finished when the control plane starts again.
 */
public final class LambdaOperations implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LambdaOperations.class);

    /** botocore's {@code Runtime} enum, in the model's order. */
    public static final List<String> RUNTIMES = List.of(
            "nodejs",
            "nodejs4.3",
            "nodejs6.10",
            "nodejs8.10",
            "nodejs10.x",
            "nodejs12.x",
            "nodejs14.x",
            "nodejs16.x",
            "java8",
            "java8.al2",
            "java11",
            "python2.7",
            "python3.6",
            "python3.7",
            "python3.8",
            "python3.9",
            "dotnetcore1.0",
            "dotnetcore2.0",
            "dotnetcore2.1",
            "dotnetcore3.1",
            "dotnet6",
            "dotnet8",
            "nodejs4.3-edge",
            "go1.x",
            "ruby2.5",
            "ruby2.7",
            "provided",
            "provided.al2",
            "nodejs18.x",
            "python3.10",
            "java17",
            "ruby3.2",
            "ruby3.3",
            "ruby3.4",
            "python3.11",
            "nodejs20.x",
            "provided.al2023",
            "python3.12",
            "java21",
            "python3.13",
            "nodejs22.x",
            "nodejs24.x",
            "python3.14",
            "java25",
            "dotnet10",
            "ruby4.0");

    static final String ROLE_PATTERN = "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+";
    static final String ALIAS_PATTERN = "(?!^[0-9]+$)([a-zA-Z0-9-_]+)";
    static final String NAME_PATTERN = "[a-zA-Z0-9-_]+";

    /** Lambda's default account concurrency limit, and the part of it that can never be reserved. */
    static final int ACCOUNT_CONCURRENCY = 1000;

    static final int MIN_UNRESERVED = 100;

    private static final int DEFAULT_MAX_ITEMS = 50;

    private final AdminContext ctx;
    private final CodeStore code;
    private final FunctionInvoker invoker;
    private final Functions fns;
    private final ExecutorService activator;

    public LambdaOperations(AdminContext ctx, CodeStore code, FunctionInvoker invoker) {
        this.ctx = ctx;
        this.code = code;
        this.invoker = invoker;
        this.fns = new Functions(ctx.json(), ctx.region(), ctx.accountId());
        this.activator = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "turnpike-lambda-activator");
            t.setDaemon(true);
            return t;
        });
        activator.execute(this::finishPending);
    }

    public void register(Operations ops) {
        ops.on("CreateFunction", this::createFunction)
                .on("GetFunction", this::getFunction)
                .on("GetFunctionConfiguration", this::getFunctionConfiguration)
                .on("ListFunctions", this::listFunctions)
                .on("UpdateFunctionCode", this::updateFunctionCode)
                .on("UpdateFunctionConfiguration", this::updateFunctionConfiguration)
                .on("DeleteFunction", this::deleteFunction)
                .on("PublishVersion", this::publishVersion)
                .on("ListVersionsByFunction", this::listVersions)
                .on("CreateAlias", this::createAlias)
                .on("GetAlias", this::getAlias)
                .on("ListAliases", this::listAliases)
                .on("UpdateAlias", this::updateAlias)
                .on("DeleteAlias", this::deleteAlias)
                .on("AddPermission", this::addPermission)
                .on("RemovePermission", this::removePermission)
                .on("GetPolicy", this::getPolicy)
                .on("PutFunctionConcurrency", this::putConcurrency)
                .on("GetFunctionConcurrency", this::getConcurrency)
                .on("DeleteFunctionConcurrency", this::deleteConcurrency)
                .on("ListTags", this::listTags)
                .on("TagResource", this::tagResource)
                .on("UntagResource", this::untagResource)
                .on("Invoke", this::invoke);
    }

    @Override
    public void close() {
        activator.shutdownNow();
    }

    // ---------------------------------------------------------------- references

    /** A function reference and its effective qualifier (from the reference or {@code Qualifier}). */
    private record Target(String name, String qualifier) {}

    private Target target(Call call) {
        return target(call, call.optString("Qualifier"));
    }

    private Target target(Call call, String qualifierParam) {
        String raw = call.string("FunctionName");
        FunctionRef ref = FunctionRef.parse(raw)
                .orElseThrow(() -> validation(List.of(violation(
                        raw,
                        "functionName",
                        "Member must satisfy regular expression pattern: " + FunctionRef.PATTERN))));
        String qualifier = ref.qualifier();
        if (qualifierParam != null) {
            if (qualifier != null && !qualifier.equals(qualifierParam)) {
                throw invalidParameter(
                        "The derived qualifier from the function name does not match the specified" + " qualifier.");
            }
            qualifier = qualifierParam;
        }
        return new Target(ref.name(), qualifier);
    }

    /** A reference that must not carry a qualifier (operations on the function as a whole). */
    private String unqualified(Call call) {
        Target t = target(call, null);
        if (t.qualifier() != null) {
            // recorded against AWS for GetFunctionConcurrency/ListAliases and friends with "name:alias"
            throw validation(List.of(violation(
                    call.string("FunctionName"),
                    "functionName",
                    "Member must satisfy regular expression pattern: " + FunctionRef.PATTERN)));
        }
        return t.name();
    }

    // ---------------------------------------------------------------- functions

    private Reply createFunction(Call call) {
        String raw = call.string("FunctionName");
        Target t = target(call, null);
        List<String> violations = new ArrayList<>();
        if (t.name().length() > 64) {
            violations.add(violation(raw, "functionName", "Member must have length less than or equal to 64"));
        }
        String role = call.string("Role");
        checkConfig(call, role, violations);
        if (!violations.isEmpty()) {
            throw validation(violations);
        }
        if (t.qualifier() != null) {
            // ours: AWS rejects a qualified name on create; the wording is not recorded
            throw invalidParameter("Unsupported function name: " + raw);
        }
        if ("Image".equals(call.optString("PackageType"))) {
            // ours: Turnpike runs zip packages only
            throw invalidParameter("Turnpike runs only Zip deployment packages; PackageType Image is not supported");
        }
        String runtime = call.optString("Runtime");
        String handler = call.optString("Handler");
        if (runtime == null || handler == null) {
            throw invalidParameter(
                    "Runtime and Handler are mandatory parameters for functions created with deployment packages.");
        }
        checkRuntime(runtime);
        byte[] zip = zipFile(call.opt("Code"));
        CodeStore.Stored stored = code.put(zip); // durable before the document that names it
        String now = Functions.lastModified(ctx.clock().instant());
        FunctionConfig latest = new FunctionConfig(
                t.name(),
                FunctionConfig.LATEST,
                runtime,
                role,
                handler,
                Objects.requireNonNullElse(call.optString("Description"), ""),
                Objects.requireNonNullElse(call.optInt("Timeout"), 3),
                Objects.requireNonNullElse(call.optInt("MemorySize"), 128),
                environment(call.opt("Environment")),
                architectures(call.opt("Architectures")),
                stored.sha256Base64(),
                stored.size(),
                now,
                UUID.randomUUID().toString(),
                "Pending",
                "The function is being created.",
                "Creating",
                null,
                null,
                null);
        Map<String, String> tags = stringMap(call.opt("Tags"));
        boolean publish = Boolean.TRUE.equals(call.optBool("Publish"));
        ObjectNode out = ctx.store().write(tx -> {
            if (tx.get(Kinds.LAMBDA_FUNCTION, Store.GLOBAL, t.name()).isPresent()) {
                throw conflict("Function already exist: " + t.name());
            }
            LambdaFunction fn = new LambdaFunction(latest, tags, null, 0);
            tx.put(Kinds.LAMBDA_FUNCTION, Store.GLOBAL, t.name(), fn);
            if (publish) {
                FunctionConfig v = publish(tx, fn, latest.description());
                return fns.configuration(v, v.version());
            }
            return fns.configuration(latest, null);
        });
        activator.execute(() -> activate(t.name()));
        return Reply.of(out);
    }

    private Reply getFunction(Call call) {
        Target t = target(call);
        ObjectNode out = ctx.store().read(tx -> {
            LambdaFunction fn = fns.function(tx, t.name());
            FunctionConfig c = fns.config(tx, fn, t.qualifier());
            ObjectNode o = ctx.json().createObjectNode();
            o.set("Configuration", fns.configuration(c, arnQualifier(t.qualifier())));
            ObjectNode location = o.putObject("Code");
            location.put("RepositoryType", "S3");
            // there is no S3 here: the package is a file in the data dir, named by its SHA-256
            location.put("Location", code.path(c.codeSha256()).toUri().toString());
            if (!fn.tags().isEmpty()) {
                o.set("Tags", fns.tags(fn.tags()));
            }
            if (fn.reservedConcurrency() != null) {
                o.putObject("Concurrency").put("ReservedConcurrentExecutions", fn.reservedConcurrency());
            }
            return o;
        });
        return Reply.of(out);
    }

    private Reply getFunctionConfiguration(Call call) {
        Target t = target(call);
        return Reply.of(ctx.store().read(tx -> {
            LambdaFunction fn = fns.function(tx, t.name());
            return fns.configuration(fns.config(tx, fn, t.qualifier()), arnQualifier(t.qualifier()));
        }));
    }

    private static String arnQualifier(String qualifier) {
        return qualifier == null || qualifier.equals(FunctionConfig.LATEST) ? null : qualifier;
    }

    private Reply listFunctions(Call call) {
        boolean all = "ALL".equals(call.optString("FunctionVersion"));
        List<ObjectNode> items = ctx.store().read(tx -> {
            List<LambdaFunction> functions = new ArrayList<>(tx.list(Kinds.LAMBDA_FUNCTION, Store.GLOBAL));
            functions.sort((a, b) -> a.name().compareTo(b.name()));
            List<ObjectNode> out = new ArrayList<>();
            for (LambdaFunction fn : functions) {
                if (!all) {
                    out.add(fns.configuration(fn.latest(), null));
                    continue;
                }
                out.add(fns.configuration(fn.latest(), FunctionConfig.LATEST));
                for (FunctionConfig v : versions(tx, fn.name())) {
                    out.add(fns.configuration(v, v.version()));
                }
            }
            return out;
        });
        return Reply.of(page(call, items, "Functions", o -> o.get("FunctionArn").asText()));
    }

    private Reply updateFunctionCode(Call call) {
        String name = unqualified(call);
        if (call.optString("S3Bucket") != null || call.optString("ImageUri") != null) {
            // ours: there is no S3 or container registry behind Turnpike
            throw invalidParameter("Turnpike takes function code only as ZipFile");
        }
        String zipText = call.optString("ZipFile");
        if (zipText == null) {
            throw invalidParameter("Please provide a source for function code.");
        }
        byte[] zip = decodeZip(zipText);
        List<String> arch = call.opt("Architectures") == null ? null : architectures(call.opt("Architectures"));
        boolean dryRun = Boolean.TRUE.equals(call.optBool("DryRun"));
        CodeStore.Stored stored = dryRun ? null : code.put(zip);
        String sha = dryRun ? sha256(zip) : stored.sha256Base64();
        boolean publish = Boolean.TRUE.equals(call.optBool("Publish"));
        String revision = call.optString("RevisionId");
        String now = Functions.lastModified(ctx.clock().instant());
        Store.Work<WriteTx, ObjectNode> work = tx -> {
            LambdaFunction fn = fns.function(tx, name);
            FunctionConfig c = fn.latest();
            if (revision != null && !revision.equals(c.revisionId())) {
                throw revisionMismatch();
            }
            FunctionConfig updated = new FunctionConfig(
                    c.functionName(),
                    c.version(),
                    c.runtime(),
                    c.role(),
                    c.handler(),
                    c.description(),
                    c.timeout(),
                    c.memorySize(),
                    c.environment(),
                    arch == null ? c.architectures() : arch,
                    sha,
                    zip.length,
                    now,
                    UUID.randomUUID().toString(),
                    c.state(),
                    c.stateReason(),
                    c.stateReasonCode(),
                    "InProgress",
                    "The function is being created.",
                    "Creating");
            if (dryRun) {
                return fns.configuration(updated, null);
            }
            LambdaFunction next = fn.withLatest(updated);
            tx.put(Kinds.LAMBDA_FUNCTION, Store.GLOBAL, name, next);
            if (publish) {
                FunctionConfig v = publish(tx, next, updated.description());
                return fns.configuration(v, v.version());
            }
            return fns.configuration(updated, null);
        };
        ObjectNode out = dryRun
                ? ctx.store().read(tx -> work.apply(asWrite(tx)))
                : ctx.store().write(work);
        if (!dryRun) {
            activator.execute(() -> activate(name));
        }
        return Reply.of(out);
    }

    /** A dry run reads only: a view of a read transaction that refuses writes. */
    private static WriteTx asWrite(ReadTx tx) {
        return new WriteTx() {
            @Override
            public <T> java.util.Optional<T> get(io.turnpike.store.Kind<T> kind, String scope, String id) {
                return tx.get(kind, scope, id);
            }

            @Override
            public <T> List<T> list(io.turnpike.store.Kind<T> kind, String scope) {
                return tx.list(kind, scope);
            }

            @Override
            public long revision() {
                return tx.revision();
            }

            @Override
            public <T> void put(io.turnpike.store.Kind<T> kind, String scope, String id, T value) {
                throw new IllegalStateException("dry run");
            }

            @Override
            public boolean delete(io.turnpike.store.Kind<?> kind, String scope, String id) {
                throw new IllegalStateException("dry run");
            }

            @Override
            public int deleteScope(String scope) {
                throw new IllegalStateException("dry run");
            }
        };
    }

    private Reply updateFunctionConfiguration(Call call) {
        String name = unqualified(call);
        List<String> violations = new ArrayList<>();
        String role = call.optString("Role");
        checkConfig(call, role, violations);
        if (!violations.isEmpty()) {
            throw validation(violations);
        }
        String runtime = call.optString("Runtime");
        if (runtime != null) {
            checkRuntime(runtime);
        }
        JsonNode env = call.opt("Environment");
        String revision = call.optString("RevisionId");
        String now = Functions.lastModified(ctx.clock().instant());
        ObjectNode out = ctx.store().write(tx -> {
            LambdaFunction fn = fns.function(tx, name);
            FunctionConfig c = fn.latest();
            if (revision != null && !revision.equals(c.revisionId())) {
                throw revisionMismatch();
            }
            FunctionConfig updated = new FunctionConfig(
                    c.functionName(),
                    c.version(),
                    runtime == null ? c.runtime() : runtime,
                    role == null ? c.role() : role,
                    call.optString("Handler") == null ? c.handler() : call.optString("Handler"),
                    call.optString("Description") == null ? c.description() : call.optString("Description"),
                    call.optInt("Timeout") == null ? c.timeout() : call.optInt("Timeout"),
                    call.optInt("MemorySize") == null ? c.memorySize() : call.optInt("MemorySize"),
                    env == null ? c.environment() : environment(env),
                    c.architectures(),
                    c.codeSha256(),
                    c.codeSize(),
                    now,
                    UUID.randomUUID().toString(),
                    c.state(),
                    c.stateReason(),
                    c.stateReasonCode(),
                    "InProgress",
                    "The function is being created.",
                    "Creating");
            tx.put(Kinds.LAMBDA_FUNCTION, Store.GLOBAL, name, fn.withLatest(updated));
            return fns.configuration(updated, null);
        });
        activator.execute(() -> activate(name));
        return Reply.of(out);
    }

    private Reply deleteFunction(Call call) {
        Target t = target(call);
        ctx.store().write(tx -> {
            LambdaFunction fn = fns.function(tx, t.name());
            String scope = LambdaFunction.scope(t.name());
            if (t.qualifier() == null) {
                tx.deleteScope(scope);
                tx.delete(Kinds.LAMBDA_FUNCTION, Store.GLOBAL, t.name());
                return null;
            }
            if (t.qualifier().equals(FunctionConfig.LATEST)) {
                throw invalidParameter("$LATEST version cannot be deleted without deleting the function.");
            }
            if (!FunctionRef.isVersion(t.qualifier())) {
                // ours: AWS refuses alias qualifiers here; its wording is not recorded
                throw invalidParameter("Deletion of aliases is not supported through DeleteFunction; use DeleteAlias");
            }
            if (tx.get(Kinds.LAMBDA_VERSION, scope, t.qualifier()).isEmpty()) {
                throw fns.functionNotFound(fn.name(), t.qualifier());
            }
            List<String> users = new ArrayList<>();
            for (FunctionAlias a : tx.list(Kinds.LAMBDA_ALIAS, scope)) {
                if (a.functionVersion().equals(t.qualifier())
                        || a.additionalVersionWeights().containsKey(t.qualifier())) {
                    users.add(a.name());
                }
            }
            if (!users.isEmpty()) {
                throw conflict("Unable to delete version because the following aliases reference it: " + users);
            }
            tx.delete(Kinds.LAMBDA_VERSION, scope, t.qualifier());
            tx.delete(Kinds.LAMBDA_POLICY, scope, t.qualifier());
            return null;
        });
        // the model says 200, Lambda answers 204
        return new Reply(null, 204);
    }

    // ---------------------------------------------------------------- versions

    private Reply publishVersion(Call call) {
        String name = unqualified(call);
        String sha = call.optString("CodeSha256");
        String revision = call.optString("RevisionId");
        String description = call.optString("Description");
        ObjectNode out = ctx.store().write(tx -> {
            LambdaFunction fn = fns.function(tx, name);
            FunctionConfig c = fn.latest();
            if (sha != null && !sha.equals(c.codeSha256())) {
                throw invalidParameter("CodeSHA256 (" + sha + ") is different from current CodeSHA256 in $LATEST ("
                        + c.codeSha256() + "). Please try again with the CodeSHA256 in $LATEST.");
            }
            if (revision != null && !revision.equals(c.revisionId())) {
                throw revisionMismatch();
            }
            // Lambda publishes nothing when neither code nor configuration changed since the last version
            List<FunctionConfig> published = versions(tx, name);
            if (!published.isEmpty() && sameContent(published.get(published.size() - 1), c)) {
                FunctionConfig last = published.get(published.size() - 1);
                return fns.configuration(last, last.version());
            }
            FunctionConfig v = publish(tx, fn, description == null ? c.description() : description);
            return fns.configuration(v, v.version());
        });
        return Reply.of(out);
    }

    private static boolean sameContent(FunctionConfig a, FunctionConfig b) {
        return Objects.equals(a.codeSha256(), b.codeSha256())
                && Objects.equals(a.runtime(), b.runtime())
                && Objects.equals(a.role(), b.role())
                && Objects.equals(a.handler(), b.handler())
                && a.timeout() == b.timeout()
                && a.memorySize() == b.memorySize()
                && Objects.equals(a.environment(), b.environment())
                && Objects.equals(a.architectures(), b.architectures());
    }

    /** Freezes {@code $LATEST} as the next version number. */
    private FunctionConfig publish(WriteTx tx, LambdaFunction fn, String description) {
        int number = fn.lastPublishedVersion() + 1;
        FunctionConfig c = fn.latest();
        FunctionConfig v = new FunctionConfig(
                c.functionName(),
                String.valueOf(number),
                c.runtime(),
                c.role(),
                c.handler(),
                description,
                c.timeout(),
                c.memorySize(),
                c.environment(),
                c.architectures(),
                c.codeSha256(),
                c.codeSize(),
                Functions.lastModified(ctx.clock().instant()),
                UUID.randomUUID().toString(),
                c.state(),
                c.stateReason(),
                c.stateReasonCode(),
                c.lastUpdateStatus(),
                c.lastUpdateStatusReason(),
                c.lastUpdateStatusReasonCode());
        tx.put(Kinds.LAMBDA_VERSION, LambdaFunction.scope(fn.name()), v.version(), v);
        tx.put(Kinds.LAMBDA_FUNCTION, Store.GLOBAL, fn.name(), fn.withLastPublishedVersion(number));
        return v;
    }

    /** Published versions in ascending number order. */
    private static List<FunctionConfig> versions(ReadTx tx, String name) {
        List<FunctionConfig> out = new ArrayList<>(tx.list(Kinds.LAMBDA_VERSION, LambdaFunction.scope(name)));
        out.sort((a, b) -> Long.compare(Long.parseLong(a.version()), Long.parseLong(b.version())));
        return out;
    }

    private Reply listVersions(Call call) {
        String name = unqualified(call);
        List<ObjectNode> items = ctx.store().read(tx -> {
            LambdaFunction fn = fns.function(tx, name);
            List<ObjectNode> out = new ArrayList<>();
            out.add(fns.configuration(fn.latest(), FunctionConfig.LATEST));
            for (FunctionConfig v : versions(tx, name)) {
                out.add(fns.configuration(v, v.version()));
            }
            return out;
        });
        return Reply.of(page(call, items, "Versions", o -> o.get("Version").asText()));
    }

    // ---------------------------------------------------------------- aliases

    private Reply createAlias(Call call) {
        String name = unqualified(call);
        String alias = call.string("Name");
        String version = call.string("FunctionVersion");
        checkAliasInput(alias, version, call.optString("Description"));
        Map<String, Double> weights = weights(call.opt("RoutingConfig"));
        ObjectNode out = ctx.store().write(tx -> {
            LambdaFunction fn = fns.function(tx, name);
            String scope = LambdaFunction.scope(name);
            checkAliasTarget(tx, fn, version, weights);
            if (tx.get(Kinds.LAMBDA_ALIAS, scope, alias).isPresent()) {
                throw conflict("Alias already exists: " + fns.arn(name, alias));
            }
            FunctionAlias a = new FunctionAlias(
                    alias,
                    version,
                    Objects.requireNonNullElse(call.optString("Description"), ""),
                    weights,
                    UUID.randomUUID().toString());
            tx.put(Kinds.LAMBDA_ALIAS, scope, alias, a);
            return fns.alias(name, a);
        });
        return Reply.of(out);
    }

    private void checkAliasInput(String alias, String version, String description) {
        List<String> violations = new ArrayList<>();
        if (alias != null && (!Pattern.matches(ALIAS_PATTERN, alias) || alias.length() > 128)) {
            violations.add(violation(
                    alias,
                    "name",
                    alias.length() > 128
                            ? "Member must have length less than or equal to 128"
                            : "Member must satisfy regular expression pattern: " + ALIAS_PATTERN));
        }
        if (version != null && !Pattern.matches("(\\$LATEST|[0-9]+)", version)) {
            violations.add(violation(
                    version, "functionVersion", "Member must satisfy regular expression pattern: (\\$LATEST|[0-9]+)"));
        }
        if (description != null && description.length() > 256) {
            violations.add(violation(description, "description", "Member must have length less than or equal to 256"));
        }
        if (!violations.isEmpty()) {
            throw validation(violations);
        }
    }

    private void checkAliasTarget(ReadTx tx, LambdaFunction fn, String version, Map<String, Double> weights) {
        String scope = LambdaFunction.scope(fn.name());
        if (!version.equals(FunctionConfig.LATEST)
                && tx.get(Kinds.LAMBDA_VERSION, scope, version).isEmpty()) {
            throw fns.functionNotFound(fn.name(), version);
        }
        if (weights.isEmpty()) {
            return;
        }
        if (version.equals(FunctionConfig.LATEST)) {
            throw invalidParameter("$LATEST is not supported for an alias pointing to more than 1 version");
        }
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            if (w.getValue() < 0.0 || w.getValue() > 1.0) {
                throw validation(List.of(violation(
                        w.getValue(),
                        "routingConfig.additionalVersionWeights." + w.getKey(),
                        "Member must have value less than or equal to 1.0")));
            }
            if (w.getKey().equals(version)) {
                // ours: AWS refuses it; its wording is not recorded
                throw invalidParameter("Invalid function version " + w.getKey()
                        + ". Function version is already included in routing configuration.");
            }
            if (tx.get(Kinds.LAMBDA_VERSION, scope, w.getKey()).isEmpty()) {
                throw fns.functionNotFound(fn.name(), w.getKey());
            }
        }
    }

    private static Map<String, Double> weights(JsonNode routingConfig) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (routingConfig == null) {
            return out;
        }
        JsonNode w = routingConfig.get("AdditionalVersionWeights");
        if (w != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = w.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().asDouble());
            }
        }
        return out;
    }

    private Reply getAlias(Call call) {
        String name = unqualified(call);
        String alias = call.string("Name");
        return Reply.of(ctx.store().read(tx -> {
            fns.function(tx, name);
            FunctionAlias a = tx.get(Kinds.LAMBDA_ALIAS, LambdaFunction.scope(name), alias)
                    .orElseThrow(() -> fns.aliasNotFound(name, alias));
            return fns.alias(name, a);
        }));
    }

    private Reply listAliases(Call call) {
        String name = unqualified(call);
        String version = call.optString("FunctionVersion");
        List<ObjectNode> items = ctx.store().read(tx -> {
            fns.function(tx, name);
            List<FunctionAlias> aliases = new ArrayList<>(tx.list(Kinds.LAMBDA_ALIAS, LambdaFunction.scope(name)));
            aliases.sort((a, b) -> a.name().compareTo(b.name()));
            List<ObjectNode> out = new ArrayList<>();
            for (FunctionAlias a : aliases) {
                if (version == null
                        || a.functionVersion().equals(version)
                        || a.additionalVersionWeights().containsKey(version)) {
                    out.add(fns.alias(name, a));
                }
            }
            return out;
        });
        return Reply.of(page(call, items, "Aliases", o -> o.get("Name").asText()));
    }

    private Reply updateAlias(Call call) {
        String name = unqualified(call);
        String alias = call.string("Name");
        String version = call.optString("FunctionVersion");
        checkAliasInput(null, version, call.optString("Description"));
        JsonNode routing = call.opt("RoutingConfig");
        String revision = call.optString("RevisionId");
        ObjectNode out = ctx.store().write(tx -> {
            LambdaFunction fn = fns.function(tx, name);
            String scope = LambdaFunction.scope(name);
            FunctionAlias a =
                    tx.get(Kinds.LAMBDA_ALIAS, scope, alias).orElseThrow(() -> fns.aliasNotFound(name, alias));
            if (revision != null && !revision.equals(a.revisionId())) {
                throw revisionMismatch();
            }
            String newVersion = version == null ? a.functionVersion() : version;
            Map<String, Double> newWeights = routing == null ? a.additionalVersionWeights() : weights(routing);
            checkAliasTarget(tx, fn, newVersion, newWeights);
            FunctionAlias updated = new FunctionAlias(
                    alias,
                    newVersion,
                    call.optString("Description") == null ? a.description() : call.optString("Description"),
                    newWeights,
                    UUID.randomUUID().toString());
            tx.put(Kinds.LAMBDA_ALIAS, scope, alias, updated);
            return fns.alias(name, updated);
        });
        return Reply.of(out);
    }

    private Reply deleteAlias(Call call) {
        String name = unqualified(call);
        String alias = call.string("Name");
        ctx.store().write(tx -> {
            fns.function(tx, name);
            String scope = LambdaFunction.scope(name);
            if (!tx.delete(Kinds.LAMBDA_ALIAS, scope, alias)) {
                throw fns.aliasNotFound(name, alias);
            }
            tx.delete(Kinds.LAMBDA_POLICY, scope, alias);
            return null;
        });
        return Reply.empty();
    }

    // ---------------------------------------------------------------- resource policies

    private Reply addPermission(Call call) {
        Target t = target(call);
        String sid = call.string("StatementId");
        String action = call.string("Action");
        String principal = call.string("Principal");
        List<String> violations = new ArrayList<>();
        if (!Pattern.matches("([a-zA-Z0-9-_]+)", sid) || sid.length() > 100) {
            violations.add(violation(
                    sid,
                    "statementId",
                    sid.length() > 100
                            ? "Member must have length less than or equal to 100"
                            : "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)"));
        }
        if (!Pattern.matches("(lambda:[*]|lambda:[a-zA-Z]+|[*])", action)) {
            violations.add(violation(
                    action,
                    "action",
                    "Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])"));
        }
        if (!violations.isEmpty()) {
            throw validation(violations);
        }
        String revision = call.optString("RevisionId");
        String policyKey = policyKey(t.qualifier());
        String statement = ctx.store().write(tx -> {
            LambdaFunction fn = fns.function(tx, t.name());
            fns.config(tx, fn, t.qualifier()); // the version or alias must exist
            String scope = LambdaFunction.scope(t.name());
            FunctionPolicy policy = tx.get(Kinds.LAMBDA_POLICY, scope, policyKey)
                    .orElse(new FunctionPolicy(UUID.randomUUID().toString(), List.of()));
            if (revision != null && !revision.equals(policy.revisionId())) {
                throw revisionMismatch();
            }
            for (FunctionPolicy.Statement s : policy.statements()) {
                if (s.sid().equals(sid)) {
                    throw conflict("The statement id (" + sid + ") provided already exists. Please provide a new"
                            + " statement id, or remove the existing statement.");
                }
            }
            String json = statementJson(call, sid, action, principal, fns.arn(t.name(), arnQualifier(t.qualifier())));
            List<FunctionPolicy.Statement> statements = new ArrayList<>(policy.statements());
            statements.add(new FunctionPolicy.Statement(sid, json));
            tx.put(
                    Kinds.LAMBDA_POLICY,
                    scope,
                    policyKey,
                    new FunctionPolicy(UUID.randomUUID().toString(), statements));
            return json;
        });
        ObjectNode out = ctx.json().createObjectNode();
        out.put("Statement", statement);
        return Reply.of(out);
    }

    private static String policyKey(String qualifier) {
        return qualifier == null ? FunctionConfig.LATEST : qualifier;
    }

    /** The statement as Lambda builds it from AddPermission's members. */
    private String statementJson(Call call, String sid, String action, String principal, String resource) {
        ObjectNode s = ctx.json().createObjectNode();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        if (principal.equals("*")) {
            s.put("Principal", "*");
        } else if (principal.matches("\\d{12}")) {
            s.putObject("Principal").put("AWS", "arn:aws:iam::" + principal + ":root");
        } else if (principal.startsWith("arn:")) {
            s.putObject("Principal").put("AWS", principal);
        } else {
            s.putObject("Principal").put("Service", principal);
        }
        s.put("Action", action);
        s.put("Resource", resource);
        ObjectNode condition = ctx.json().createObjectNode();
        ObjectNode equals = ctx.json().createObjectNode();
        if (call.optString("SourceAccount") != null) {
            equals.put("AWS:SourceAccount", call.optString("SourceAccount"));
        }
        if (call.optString("PrincipalOrgID") != null) {
            equals.put("aws:PrincipalOrgID", call.optString("PrincipalOrgID"));
        }
        if (call.optString("EventSourceToken") != null) {
            equals.put("lambda:EventSourceToken", call.optString("EventSourceToken"));
        }
        if (call.optString("FunctionUrlAuthType") != null) {
            equals.put("lambda:FunctionUrlAuthType", call.optString("FunctionUrlAuthType"));
        }
        if (!equals.isEmpty()) {
            condition.set("StringEquals", equals);
        }
        if (call.optString("SourceArn") != null) {
            condition.putObject("ArnLike").put("AWS:SourceArn", call.optString("SourceArn"));
        }
        if (!condition.isEmpty()) {
            s.set("Condition", condition);
        }
        return s.toString();
    }

    private Reply removePermission(Call call) {
        Target t = target(call);
        String sid = call.string("StatementId");
        String revision = call.optString("RevisionId");
        ctx.store().write(tx -> {
            LambdaFunction fn = fns.function(tx, t.name());
            fns.config(tx, fn, t.qualifier());
            String scope = LambdaFunction.scope(t.name());
            String key = policyKey(t.qualifier());
            AwsException notFound = new AwsException(
                    404, "ResourceNotFoundException", "Statement " + sid + " is not found in resource policy.");
            FunctionPolicy policy = tx.get(Kinds.LAMBDA_POLICY, scope, key).orElseThrow(() -> notFound);
            if (revision != null && !revision.equals(policy.revisionId())) {
                throw revisionMismatch();
            }
            List<FunctionPolicy.Statement> kept = new ArrayList<>();
            for (FunctionPolicy.Statement s : policy.statements()) {
                if (!s.sid().equals(sid)) {
                    kept.add(s);
                }
            }
            if (kept.size() == policy.statements().size()) {
                throw notFound;
            }
            if (kept.isEmpty()) {
                tx.delete(Kinds.LAMBDA_POLICY, scope, key);
            } else {
                tx.put(
                        Kinds.LAMBDA_POLICY,
                        scope,
                        key,
                        new FunctionPolicy(UUID.randomUUID().toString(), kept));
            }
            return null;
        });
        return Reply.empty();
    }

    private Reply getPolicy(Call call) {
        Target t = target(call);
        return Reply.of(ctx.store().read(tx -> {
            LambdaFunction fn = fns.function(tx, t.name());
            fns.config(tx, fn, t.qualifier());
            FunctionPolicy policy = tx.get(
                            Kinds.LAMBDA_POLICY, LambdaFunction.scope(t.name()), policyKey(t.qualifier()))
                    .orElseThrow(() -> new AwsException(
                            404, "ResourceNotFoundException", "The resource you requested does not exist."));
            ObjectNode doc = ctx.json().createObjectNode();
            doc.put("Version", "2012-10-17");
            doc.put("Id", "default");
            ArrayNode statements = doc.putArray("Statement");
            for (FunctionPolicy.Statement s : policy.statements()) {
                try {
                    statements.add(ctx.json().readTree(s.json()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("stored statement " + s.sid() + " is not JSON", e);
                }
            }
            ObjectNode out = ctx.json().createObjectNode();
            out.put("Policy", doc.toString());
            out.put("RevisionId", policy.revisionId());
            return out;
        }));
    }

    // ---------------------------------------------------------------- concurrency

    private Reply putConcurrency(Call call) {
        String name = unqualified(call);
        int reserved = call.optInt("ReservedConcurrentExecutions");
        if (reserved < 0) {
            throw validation(List.of(violation(
                    reserved, "reservedConcurrentExecutions", "Member must have value greater than or equal to 0")));
        }
        ctx.store().write(tx -> {
            LambdaFunction fn = fns.function(tx, name);
            int others = 0;
            for (LambdaFunction f : tx.list(Kinds.LAMBDA_FUNCTION, Store.GLOBAL)) {
                if (!f.name().equals(name) && f.reservedConcurrency() != null) {
                    others += f.reservedConcurrency();
                }
            }
            if (others + reserved > ACCOUNT_CONCURRENCY - MIN_UNRESERVED) {
                throw invalidParameter("Specified ReservedConcurrentExecutions for function decreases account's"
                        + " UnreservedConcurrentExecution below its minimum value of [" + MIN_UNRESERVED + "].");
            }
            tx.put(Kinds.LAMBDA_FUNCTION, Store.GLOBAL, name, fn.withReservedConcurrency(reserved));
            return null;
        });
        ObjectNode out = ctx.json().createObjectNode();
        out.put("ReservedConcurrentExecutions", reserved);
        return Reply.of(out);
    }

    private Reply getConcurrency(Call call) {
        String name = unqualified(call);
        Integer reserved = ctx.store().read(tx -> fns.function(tx, name).reservedConcurrency());
        ObjectNode out = ctx.json().createObjectNode();
        if (reserved != null) {
            out.put("ReservedConcurrentExecutions", reserved);
        }
        return Reply.of(out);
    }

    private Reply deleteConcurrency(Call call) {
        String name = unqualified(call);
        ctx.store().write(tx -> {
            LambdaFunction fn = fns.function(tx, name);
            tx.put(Kinds.LAMBDA_FUNCTION, Store.GLOBAL, name, fn.withReservedConcurrency(null));
            return null;
        });
        return Reply.empty();
    }

    // ---------------------------------------------------------------- tags

    private String taggedFunction(Call call) {
        String arn = call.string("Resource");
        FunctionRef ref = FunctionRef.parse(arn)
                .filter(r -> r.region() != null && r.qualifier() == null)
                .orElseThrow(() -> invalidParameter("Invalid ARN: " + arn)); // ours
        return ref.name();
    }

    private Reply listTags(Call call) {
        String name = taggedFunction(call);
        return Reply.of(ctx.store().read(tx -> {
            ObjectNode out = ctx.json().createObjectNode();
            out.set("Tags", fns.tags(fns.function(tx, name).tags()));
            return out;
        }));
    }

    private Reply tagResource(Call call) {
        String name = taggedFunction(call);
        Map<String, String> add = stringMap(call.opt("Tags"));
        ctx.store().write(tx -> {
            LambdaFunction fn = fns.function(tx, name);
            Map<String, String> tags = new LinkedHashMap<>(fn.tags());
            tags.putAll(add);
            tx.put(Kinds.LAMBDA_FUNCTION, Store.GLOBAL, name, fn.withTags(tags));
            return null;
        });
        return Reply.empty();
    }

    private Reply untagResource(Call call) {
        String name = taggedFunction(call);
        List<String> keys = new ArrayList<>();
        call.opt("TagKeys").forEach(k -> keys.add(k.asText()));
        ctx.store().write(tx -> {
            LambdaFunction fn = fns.function(tx, name);
            Map<String, String> tags = new LinkedHashMap<>(fn.tags());
            keys.forEach(tags::remove);
            tx.put(Kinds.LAMBDA_FUNCTION, Store.GLOBAL, name, fn.withTags(tags));
            return null;
        });
        return Reply.empty();
    }

    // ---------------------------------------------------------------- invoke

    /**
     * Invoke, through the {@link FunctionInvoker} every caller shares. The call waits on the admin
     * executor (never an event loop) for the function's answer.
     */
    private Reply invoke(Call call) {
        Target t = target(call);
        byte[] payload = call.input().has("Payload") ? binary(call.input().get("Payload")) : new byte[0];
        if (payload.length > 0) {
            try {
                ctx.json().readTree(payload);
            } catch (IOException e) {
                String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                throw new AwsException(
                        400,
                        "InvalidRequestContentException",
                        "Could not parse request body into json: Could not parse payload into json: " + detail);
            }
        }
        String typeName = call.optString("InvocationType");
        InvocationType type = typeName == null ? InvocationType.REQUEST_RESPONSE : InvocationType.fromWire(typeName);
        boolean tail = "Tail".equals(call.optString("LogType"));
        String raw = call.string("FunctionName");
        // the reference goes to the invoker as given; a separate Qualifier travels beside it
        Invocation invocation =
                new Invocation(raw, call.optString("Qualifier"), type, payload, tail, call.optString("ClientContext"));
        InvocationResult result;
        try {
            result = invoker.invoke(invocation).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause()
                    : e.getCause();
            if (cause instanceof AwsException aws) {
                throw aws;
            }
            LOG.error("requestId={} invoke of {} failed", call.requestId(), t.name(), cause);
            throw new AwsException(500, "ServiceException", "Internal failure invoking " + t.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException(500, "ServiceException", "Interrupted while invoking " + t.name());
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (result.statusCode() == 200) {
            headers.add(Map.entry("X-Amz-Executed-Version", result.executedVersion()));
        }
        if (result.functionError() != null) {
            headers.add(Map.entry("X-Amz-Function-Error", result.functionError()));
        }
        if (result.logResult() != null) {
            headers.add(Map.entry("X-Amz-Log-Result", result.logResult()));
        }
        return Reply.raw(result.statusCode(), result.payload(), "application/json", headers);
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- states

    /** Finishes what a stop interrupted: functions still {@code Pending} or {@code InProgress}. */
    private void finishPending() {
        try {
            List<String> names = ctx.store().read(tx -> {
                List<String> out = new ArrayList<>();
                for (LambdaFunction fn : tx.list(Kinds.LAMBDA_FUNCTION, Store.GLOBAL)) {
                    if ("Pending".equals(fn.latest().state())
                            || "InProgress".equals(fn.latest().lastUpdateStatus())) {
                        out.add(fn.name());
                    }
                }
                return out;
            });
            names.forEach(this::activate);
        } catch (RuntimeException e) {
            LOG.error("cannot resume pending functions", e);
        }
    }

    /**
     * Checks that the function's package is stored and readable as a zip, then moves {@code $LATEST}
     * (and versions published while it was pending) to {@code Active} / {@code Successful}, or to {@code
     * Failed} when the package is gone.
     */
    private void activate(String name) {
        try {
            ctx.store().write(tx -> {
                LambdaFunction fn =
                        tx.get(Kinds.LAMBDA_FUNCTION, Store.GLOBAL, name).orElse(null);
                if (fn == null) {
                    return null;
                }
                FunctionConfig c = fn.latest();
                boolean ok = code.exists(c.codeSha256());
                boolean pending = "Pending".equals(c.state());
                boolean updating = "InProgress".equals(c.lastUpdateStatus());
                if (!pending && !updating) {
                    return null;
                }
                FunctionConfig next = ok
                        ? c.withStates("Active", null, null, "Successful", null, null, c.revisionId())
                        : c.withStates(
                                "Failed",
                                "The function's code is missing from the data dir.",
                                "InternalError",
                                "Failed",
                                "The function's code is missing from the data dir.",
                                "InternalError",
                                c.revisionId());
                tx.put(Kinds.LAMBDA_FUNCTION, Store.GLOBAL, name, fn.withLatest(next));
                String scope = LambdaFunction.scope(name);
                for (FunctionConfig v : tx.list(Kinds.LAMBDA_VERSION, scope)) {
                    if ("Pending".equals(v.state()) || "InProgress".equals(v.lastUpdateStatus())) {
                        tx.put(
                                Kinds.LAMBDA_VERSION,
                                scope,
                                v.version(),
                                v.withStates(
                                        next.state(),
                                        next.stateReason(),
                                        next.stateReasonCode(),
                                        next.lastUpdateStatus(),
                                        next.lastUpdateStatusReason(),
                                        next.lastUpdateStatusReasonCode(),
                                        v.revisionId()));
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("cannot activate function {}", name, e);
        }
    }

    // ---------------------------------------------------------------- input checks

    private void checkConfig(Call call, String role, List<String> violations) {
        if (role != null && !Pattern.matches(ROLE_PATTERN, role)) {
            violations.add(violation(role, "role", "Member must satisfy regular expression pattern: " + ROLE_PATTERN));
        }
        String handler = call.optString("Handler");
        if (handler != null) {
            if (handler.length() > 128) {
                violations.add(violation(handler, "handler", "Member must have length less than or equal to 128"));
            } else if (!Pattern.matches("[^\\s]+", handler)) {
                violations.add(
                        violation(handler, "handler", "Member must satisfy regular expression pattern: [^\\s]+"));
            }
        }
        String description = call.optString("Description");
        if (description != null && description.length() > 256) {
            violations.add(violation(description, "description", "Member must have length less than or equal to 256"));
        }
        Integer timeout = call.optInt("Timeout");
        if (timeout != null && timeout < 1) {
            violations.add(violation(timeout, "timeout", "Member must have value greater than or equal to 1"));
        } else if (timeout != null && timeout > 900) {
            violations.add(violation(timeout, "timeout", "Member must have value less than or equal to 900"));
        }
        Integer memory = call.optInt("MemorySize");
        if (memory != null && memory < 128) {
            violations.add(violation(memory, "memorySize", "Member must have value greater than or equal to 128"));
        } else if (memory != null && memory > 10240) {
            violations.add(violation(memory, "memorySize", "Member must have value less than or equal to 10240"));
        }
    }

    private static void checkRuntime(String runtime) {
        if (!RUNTIMES.contains(runtime)) {
            throw invalidParameter(
                    "Value " + runtime + " at 'runtime' failed to satisfy constraint: Member must satisfy"
                            + " enum value set: [" + String.join(", ", RUNTIMES) + "] or be a valid ARN");
        }
    }

    private byte[] zipFile(JsonNode codeInput) {
        if (codeInput == null) {
            throw invalidParameter("Please provide a source for function code.");
        }
        if (codeInput.has("S3Bucket") || codeInput.has("ImageUri")) {
            // ours: there is no S3 or container registry behind Turnpike
            throw invalidParameter("Turnpike takes function code only as ZipFile");
        }
        JsonNode zip = codeInput.get("ZipFile");
        if (zip == null) {
            throw invalidParameter("Please provide a source for function code.");
        }
        return decodeZip(zip.asText());
    }

    /** The base64 {@code ZipFile}, checked to be a readable zip as Lambda checks it. */
    static byte[] decodeZip(String base64) {
        byte[] zip;
        try {
            zip = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new AwsException(
                    400,
                    "InvalidRequestContentException",
                    "Could not parse request body into json: ZipFile is not base64");
        }
        AwsException bad =
                invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                entries++;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw bad;
        }
        if (entries == 0) {
            throw bad;
        }
        return zip;
    }

    private static String sha256(byte[] data) {
        try {
            return Base64.getEncoder()
                    .encodeToString(
                            java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> environment(JsonNode env) {
        if (env == null || !env.has("Variables")) {
            return null;
        }
        return stringMap(env.get("Variables"));
    }

    private static List<String> architectures(JsonNode arch) {
        if (arch == null) {
            return List.of("x86_64");
        }
        List<String> out = new ArrayList<>();
        arch.forEach(a -> out.add(a.asText()));
        if (out.size() != 1) {
            throw validation(
                    List.of(violation(out, "architectures", "Member must have length less than or equal to 1")));
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- paging

    /**
     * Lambda's paging: {@code MaxItems} (1..10000, default 50) and an opaque {@code Marker} naming the
     * first item of the next page, answered as {@code NextMarker} only when more items follow.
     */
    private ObjectNode page(
            Call call, List<ObjectNode> all, String member, java.util.function.Function<ObjectNode, String> key) {
        Integer max = call.optInt("MaxItems");
        int limit = max == null ? DEFAULT_MAX_ITEMS : max;
        if (limit < 1 || limit > 10000) {
            throw validation(List.of(violation(
                    limit,
                    "maxItems",
                    limit < 1
                            ? "Member must have value greater than or equal to 1"
                            : "Member must have value less than or equal to 10000")));
        }
        int start = 0;
        String marker = call.optString("Marker");
        if (marker != null) {
            String first;
            try {
                first = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalidParameter("Invalid marker: " + marker); // ours
            }
            start = -1;
            for (int i = 0; i < all.size(); i++) {
                if (key.apply(all.get(i)).equals(first)) {
                    start = i;
                    break;
                }
            }
            if (start < 0) {
                throw invalidParameter("Invalid marker: " + marker); // ours
            }
        }
        int end = Math.min(all.size(), start + limit);
        ObjectNode out = ctx.json().createObjectNode();
        ArrayNode items = out.putArray(member);
        all.subList(start, end).forEach(items::add);
        if (end < all.size()) {
            out.put(
                    "NextMarker",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(key.apply(all.get(end)).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }
}
