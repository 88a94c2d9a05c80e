package io.turnpike.server.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.ControlPlane;
import io.turnpike.controlplane.http.SigV4Authenticator;
import io.turnpike.functions.local.LocalFunctions;
import io.turnpike.store.CodeStore;
import io.turnpike.store.Store;
import io.turnpike.store.sqlite.SqliteStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Turnpike's admin server wired as {@code Turnpike.java} wires it (store, code store, {@link
 * LocalFunctions}, control plane with SigV4), with the {@link EchoHost} in place of the process host,
 * driven by the AWS SDK for Java v2 Lambda client. Reopening on the same directory is a restart.
 */
final class LambdaFixture implements AutoCloseable {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    static final String KEY = "AKIDTURNPIKETEST0001";
    static final String SECRET = "turnpike-test-secret-key-0000000000000000";
    static final String ROLE = "arn:aws:iam::123456789012:role/lambda-role";

    final Store store;
    final CodeStore code;
    final EchoHost host = new EchoHost();
    final LocalFunctions functions;
    final ControlPlane controlPlane;
    final LambdaClient lambda;

    /** @param startEvents whether queued asynchronous invocations run (false: they only queue) */
    LambdaFixture(Path dir, boolean startEvents) throws InterruptedException {
        ObjectMapper json = new ObjectMapper();
        store = SqliteStore.open(dir, json);
        code = CodeStore.open(dir.resolve("code"));
        functions = new LocalFunctions(
                store, code, host, REGION, ACCOUNT, Clock.systemUTC(), List.of(Duration.ZERO, Duration.ZERO), 10);
        controlPlane = new ControlPlane(
                new AdminContext(store, json, Clock.systemUTC(), REGION, ACCOUNT),
                SigV4Authenticator.of(Map.of(KEY, SECRET), Clock.systemUTC(), REGION),
                test -> {
                    throw new IllegalStateException("no data plane");
                },
                test -> {
                    throw new IllegalStateException("no data plane");
                },
                code,
                functions);
        InetSocketAddress addr = controlPlane.start("127.0.0.1", 0);
        if (startEvents) {
            functions.start();
        }
        lambda = LambdaClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + addr.getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    static String arn(String name) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
    }

    /** A zip holding one file. */
    static SdkBytes zip(String file, String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry(file));
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }

    @Override
    public void close() {
        lambda.close();
        controlPlane.close();
        functions.close();
        host.close();
        store.close();
    }
}
