package io.turnpike.controlplane;

import io.turnpike.controlplane.http.Authenticator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/** Signing raw test requests as the SDK would, and the authenticator the fixture's server uses. */
public final class TestAuth {

    private TestAuth() {}

    /** The admin server's real SigV4 authenticator with the fixture's credentials. */
    public static Authenticator sigv4() {
        return io.turnpike.controlplane.http.SigV4Authenticator.of(
                Map.of(AdminFixture.ACCESS_KEY, AdminFixture.SECRET_KEY), Clock.systemUTC(), AdminFixture.REGION);
    }

    /** A java.net.http request signed with SigV4 for the apigateway service. */
    public static HttpRequest sign(
            String method, URI endpoint, String pathAndQuery, String body, String accessKey, String secretKey) {
        URI uri = URI.create(endpoint + pathAndQuery);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest.Builder sdk = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(uri)
                .putHeader("Content-Type", "application/json");
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsBasicCredentials.create(accessKey, secretKey))
                        .request(sdk.build())
                        .payload(ContentStreamProvider.fromByteArray(bytes))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "apigateway")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, AdminFixture.REGION));
        HttpRequest.Builder out = HttpRequest.newBuilder(uri)
                .method(
                        method,
                        bytes.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(bytes));
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase("host") || h.getKey().equalsIgnoreCase("content-length")) {
                continue;
            }
            for (String v : h.getValue()) {
                out.header(h.getKey(), v);
            }
        }
        return out.build();
    }
}
