package io.turnpike.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.aws.sigv4.AwsCredentials;
import io.turnpike.aws.sigv4.DefaultCredentials;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.ControlPlane;
import io.turnpike.controlplane.http.SigV4Authenticator;
import io.turnpike.dataplane.DataPlane;
import io.turnpike.dataplane.authorizer.AuthorizerSettings;
import io.turnpike.dataplane.integration.aws.AwsServices;
import io.turnpike.dataplane.snapshot.GatewayConfig;
import io.turnpike.dataplane.throttle.Ticker;
import io.turnpike.functions.host.FunctionHost;
import io.turnpike.functions.host.HostSettings;
import io.turnpike.functions.host.ProcessFunctionHost;
import io.turnpike.functions.local.LocalFunctions;
import io.turnpike.functions.remote.InvokerChain;
import io.turnpike.functions.remote.RemoteLambdaInvoker;
import io.turnpike.store.CodeStore;
import io.turnpike.store.Store;
import io.turnpike.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Turnpike node, wired by hand and readable top to bottom: the store, the admin credentials, the
 * data plane on the invoke port, the control plane on the admin port. The two planes share nothing but
 * the store, and one adapter: TestInvokeMethod, a management call, runs a request on the data plane's
 * pipeline through {@link DataPlaneMethodTester}.
 */
final class Turnpike implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("turnpike");

    private final Store store;
    private final ControlPlane controlPlane;
    private final DataPlane dataPlane;
    private final FunctionHost functionHost;
    private final LocalFunctions functions;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();

    private Turnpike(
            Store store,
            ControlPlane controlPlane,
            DataPlane dataPlane,
            FunctionHost functionHost,
            LocalFunctions functions) {
        this.store = store;
        this.controlPlane = controlPlane;
        this.dataPlane = dataPlane;
        this.functionHost = functionHost;
        this.functions = functions;
    }

    static Turnpike start(ServerConfig config, Map<String, String> env, PrintStream out)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        ObjectMapper json = new ObjectMapper();
        Clock clock = Clock.systemUTC();

        Store store = SqliteStore.open(config.dataDir(), json);
        AdminCredentials credentials = AdminCredentials.resolve(env, config.dataDir());
        // Turnpike's own outgoing calls (remote Lambda, AWS-service integrations) sign with the usual
        // AWS_* variables or profile; a role in an integration's `credentials` is not assumed
        Optional<AwsCredentials> awsCredentials =
                DefaultCredentials.resolve(env, Path.of(System.getProperty("user.home")));
        // Lambda functions: code in the data dir's code store, documents in the store, run by the host
        CodeStore code = CodeStore.open(config.dataDir().resolve("code"));
        FunctionHost functionHost = new ProcessFunctionHost(
                config.dataDir().resolve("functions"), HostSettings.defaults().withRegion(config.region()));
        LocalFunctions functions = new LocalFunctions(
                store,
                code,
                functionHost,
                config.region(),
                config.accountId(),
                clock,
                LocalFunctions.LAMBDA_RETRY_DELAYS,
                LocalFunctions.DEFAULT_MAX_CONCURRENCY);
        // integrations and authorizers call local functions first, then a remote Lambda endpoint when one
        // is configured (for functions not defined here)
        FunctionInvoker invoker = config.lambdaEndpoint() == null
                ? functions
                : InvokerChain.of(
                        functions,
                        new RemoteLambdaInvoker(config.lambdaEndpoint(), config.region(), awsCredentials, clock));
        DataPlane dataPlane = new DataPlane(
                store,
                new GatewayConfig(config.region(), config.accountId(), config.domain()),
                Runtime.getRuntime().availableProcessors(),
                clock,
                Ticker.system(),
                invoker,
                new AwsServices(config.awsEndpoint(), config.awsServiceEndpoints(), awsCredentials, clock),
                new AuthorizerSettings(
                        config.cognitoIssuerBase(),
                        config.vpceHeader(),
                        config.vpcHeader(),
                        AuthorizerSettings.DEFAULT_TIMEOUT,
                        AuthorizerSettings.DEFAULT_JWKS_MIN_REFETCH));
        ControlPlane controlPlane = new ControlPlane(
                new AdminContext(store, json, clock, config.region(), config.accountId()),
                SigV4Authenticator.of(
                        Map.of(credentials.accessKeyId(), credentials.secretAccessKey()), clock, config.region()),
                // TestInvokeMethod runs on the data plane's pipeline; the adapter keeps the planes apart
                new DataPlaneMethodTester(dataPlane.testInvoker()),
                new DataPlaneAuthorizerTester(dataPlane.authorizers()),
                code,
                functions);
        Turnpike node = new Turnpike(store, controlPlane, dataPlane, functionHost, functions);
        // registered before the listeners open, so a SIGTERM that arrives as soon as they answer still drains
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "turnpike-shutdown"));
        try {
            InetSocketAddress data = dataPlane.start(config.bind(), config.port());
            InetSocketAddress admin = controlPlane.start(config.adminBind(), config.adminPort());
            functions.start(); // queued asynchronous invocations from before a restart run now
            long ms = (System.nanoTime() - t0) / 1_000_000;
            printBanner(out, config, credentials, data, admin);
            LOG.atInfo()
                    .addKeyValue("dataPlane", data.getPort())
                    .addKeyValue("admin", admin.getHostString() + ":" + admin.getPort())
                    .addKeyValue("dataDir", config.dataDir().toAbsolutePath())
                    .addKeyValue("revision", store.revision())
                    .addKeyValue("startMs", ms)
                    .log("turnpike ready");
        } catch (Exception e) {
            node.close();
            throw e;
        }
        return node;
    }

    private static void printBanner(
            PrintStream out,
            ServerConfig config,
            AdminCredentials credentials,
            InetSocketAddress data,
            InetSocketAddress admin) {
        String adminUrl = "http://" + admin.getHostString() + ":" + admin.getPort();
        out.println("Turnpike is serving");
        out.println(
                "  invoke:  http://{apiId}.execute-api." + config.domain() + ":" + data.getPort() + "/{stage}/{path}");
        out.println(
                "           http://localhost:" + data.getPort() + "/restapis/{apiId}/{stage}/_user_request_/{path}");
        out.println(
                "  admin:   " + adminUrl + "   (region " + config.region() + ", account " + config.accountId() + ")");
        switch (credentials.source()) {
            case GENERATED -> {
                out.println();
                out.println("Generated admin credentials into "
                        + config.dataDir().resolve(AdminCredentials.FILE) + " (mode 0600).");
                out.println("Paste this into ~/.aws/credentials and ~/.aws/config to use the AWS CLI:");
                out.println();
                out.println("  # ~/.aws/credentials");
                out.println("  [turnpike]");
                out.println("  aws_access_key_id = " + credentials.accessKeyId());
                out.println("  aws_secret_access_key = " + credentials.secretAccessKey());
                out.println();
                out.println("  # ~/.aws/config");
                out.println("  [profile turnpike]");
                out.println("  region = " + config.region());
                out.println();
                out.println("  aws --profile turnpike --endpoint-url " + adminUrl + " apigateway get-rest-apis");
            }
            case DATA_DIR -> out.println("  credentials: " + config.dataDir().resolve(AdminCredentials.FILE)
                    + " (access key " + credentials.accessKeyId() + ")");
            case ENVIRONMENT -> out.println(
                    "  credentials: TURNPIKE_ACCESS_KEY_ID (access key " + credentials.accessKeyId() + ")");
        }
        out.flush();
    }

    /** Blocks until {@link #close()} has finished. */
    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops in the order that loses nothing: stop taking invocations (in-flight ones finish) and flush
     * the quota counters, stop the admin listener after the calls it is serving have committed, then
     * close the store.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        LOG.info("turnpike stopping");
        try {
            // the data plane flushes its usage counters as it closes: before the store does
            dataPlane.close();
            controlPlane.close();
            functions.close();
            functionHost.close();
            store.close();
            LOG.info("turnpike stopped");
        } finally {
            stopped.countDown();
        }
    }

    private void awaitQuietly() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
