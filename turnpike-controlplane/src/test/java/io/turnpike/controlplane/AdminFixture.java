package io.turnpike.controlplane;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.controlplane.authorizer.AuthorizerTester;
import io.turnpike.controlplane.http.Authenticator;
import io.turnpike.controlplane.testinvoke.MethodTester;
import io.turnpike.store.CodeStore;
import io.turnpike.store.Store;
import io.turnpike.store.sqlite.SqliteStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A control plane in this JVM on an ephemeral port, over a fresh SQLite store in a temporary directory,
 * driven by the AWS SDK for Java v2 exactly as a user's program would drive it.
 */
public final class AdminFixture implements AutoCloseable {

    public static final String ACCOUNT_ID = "123456789012";
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "AKIDTURNPIKETEST0001";
    public static final String SECRET_KEY = "turnpike-test-secret-key-0000000000000000";

    public final Path dataDir;
    public final Store store;
    public final CodeStore code;
    private final boolean ownsDir;
    public final ObjectMapper json = new ObjectMapper();
    public final ControlPlane controlPlane;
    public final URI endpoint;
    private final ApiGatewayClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    public AdminFixture() {
        this(TestAuth.sigv4());
    }

    public AdminFixture(Authenticator authenticator) {
        this(authenticator, NO_DATA_PLANE);
    }

    /** For tests without a data plane: TestInvokeMethod on such a fixture fails loudly. */
    public static final MethodTester NO_DATA_PLANE = test -> {
        throw new IllegalStateException("no data plane behind this fixture");
    };

    /** For tests without a data plane: TestInvokeAuthorizer on such a fixture fails loudly. */
    public static final AuthorizerTester NO_AUTHORIZER_TESTER = test -> {
        throw new IllegalStateException("no data plane behind this fixture");
    };

    public AdminFixture(Authenticator authenticator, MethodTester methodTester) {
        this(authenticator, methodTester, NO_AUTHORIZER_TESTER, FunctionInvoker.none(REGION, ACCOUNT_ID), null);
    }

    public AdminFixture(Authenticator authenticator, MethodTester methodTester, AuthorizerTester authorizerTester) {
        this(authenticator, methodTester, authorizerTester, FunctionInvoker.none(REGION, ACCOUNT_ID), null);
    }

    /**
     * A fixture whose Invoke calls go to {@code invoker}, over the store in {@code dataDir} (a fresh
     * temporary directory when null; a given one survives {@link #close()}, to reopen it).
     */
    public AdminFixture(Authenticator authenticator, MethodTester methodTester, FunctionInvoker invoker, Path dir) {
        this(authenticator, methodTester, NO_AUTHORIZER_TESTER, invoker, dir);
    }

    public AdminFixture(
            Authenticator authenticator,
            MethodTester methodTester,
            AuthorizerTester authorizerTester,
            FunctionInvoker invoker,
            Path dir) {
        try {
            ownsDir = dir == null;
            dataDir = dir == null ? Files.createTempDirectory("turnpike-admin-test") : dir;
            store = SqliteStore.open(dataDir, json);
            code = CodeStore.open(dataDir.resolve("code"));
            controlPlane = new ControlPlane(
                    new AdminContext(store, json, Clock.systemUTC(), REGION, ACCOUNT_ID),
                    authenticator,
                    methodTester,
                    authorizerTester,
                    code,
                    invoker);
            InetSocketAddress addr = controlPlane.start("127.0.0.1", 0);
            endpoint = URI.create("http://127.0.0.1:" + addr.getPort());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        client = ApiGatewayClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    public ApiGatewayClient client() {
        return client;
    }

    /** An AWS SDK Lambda client for this fixture's admin endpoint. */
    public LambdaClient lambda() {
        return LambdaClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    /** Sends a raw request signed with the fixture's credentials: for input no SDK would send. */
    public HttpResponse<String> signed(String method, String pathAndQuery, String body) {
        return send(TestAuth.sign(method, endpoint, pathAndQuery, body, ACCESS_KEY, SECRET_KEY));
    }

    /** Sends a raw request as given. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        controlPlane.close();
        store.close();
        if (!ownsDir) {
            return;
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
