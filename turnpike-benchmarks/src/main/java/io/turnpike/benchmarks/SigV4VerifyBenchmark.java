package io.turnpike.benchmarks;

import io.turnpike.aws.sigv4.SigV4Verifier;
import io.turnpike.aws.sigv4.SignedRequest;
import io.turnpike.aws.sigv4.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying one SigV4-signed request (what every admin call and, later, every AWS_IAM invocation pays).
 * The request is signed here from the specification so the benchmark needs no SDK.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SigV4VerifyBenchmark {

    static final String KEY = "AKIDBENCHMARK0000001";
    static final String SECRET = "benchmark-secret-key-000000000000000000000";
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    SigV4Verifier verifier;
    SignedRequest request;

    @Setup
    public void setUp() throws Exception {
        verifier = new SigV4Verifier(
                id -> id.equals(KEY) ? Optional.of(SECRET) : Optional.empty(),
                Clock.fixed(NOW, ZoneOffset.UTC),
                "us-east-1",
                Set.of("apigateway"),
                Duration.ofMinutes(15));
        byte[] body = "{\"name\":\"demo\",\"description\":\"a benchmark API\"}".getBytes(StandardCharsets.UTF_8);
        String amzDate = "20261121T120000Z";
        String bodyHash = hex(sha256(body));
        String canonical = "POST\n/restapis\n\ncontent-type:application/json\nhost:127.0.0.1:8081\nx-amz-date:"
                + amzDate + "\n\ncontent-type;host;x-amz-date\n" + bodyHash;
        String scope = "20261121/us-east-1/apigateway/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] k = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), "20261121");
        k = hmac(k, "us-east-1");
        k = hmac(k, "apigateway");
        k = hmac(k, "aws4_request");
        String signature = hex(hmac(k, toSign));
        request = new SignedRequest(
                "POST",
                "/restapis",
                "",
                List.of(
                        Map.entry("Host", "127.0.0.1:8081"),
                        Map.entry("Content-Type", "application/json"),
                        Map.entry("X-Amz-Date", amzDate),
                        Map.entry(
                                "Authorization",
                                "AWS4-HMAC-SHA256 Credential=" + KEY + "/" + scope
                                        + ", SignedHeaders=content-type;host;x-amz-date, Signature=" + signature)),
                body);
        if (!(verifier.verify(request) instanceof VerificationResult.Verified)) {
            throw new IllegalStateException("the benchmark request does not verify: " + verifier.verify(request));
        }
    }

    @Benchmark
    public Object verify() {
        return verifier.verify(request);
    }

    static byte[] sha256(byte[] in) throws Exception {
        return java.security.MessageDigest.getInstance("SHA-256").digest(in);
    }

    static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
