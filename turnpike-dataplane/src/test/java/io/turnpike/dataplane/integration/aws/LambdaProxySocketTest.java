package io.turnpike.dataplane.integration.aws;

import static io.turnpike.dataplane.integration.aws.TestFunctions.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.dataplane.DataPlane;
import io.turnpike.dataplane.integration.aws.TestFunctions.Answer;
import io.turnpike.dataplane.snapshot.GatewayConfig;
import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.model.rest.RestApi;
import io.turnpike.model.rest.Stage;
import io.turnpike.store.Kinds;
import io.turnpike.store.Store;
import io.turnpike.store.sqlite.SqliteStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole data plane on a real socket, configured through the store, with a function that computes
 * its answer from the event: what a client sees of a Lambda proxy method.
 */
class LambdaProxySocketTest {

    static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:greeter";

    @Test
    void aClientCallsAFunctionThroughTheGateway(@TempDir Path dir) throws Exception {
        TestFunctions functions = new TestFunctions().add(FN, (event, inv) -> {
            String name = event.path("queryStringParameters").path("name").asText("world");
            return Answer.ok(Map.of(
                    "statusCode",
                    event.path("httpMethod").asText().equals("POST") ? 201 : 200,
                    "multiValueHeaders",
                    Map.of(
                            "X-Request-Id",
                            java.util.List.of(event.path("requestContext")
                                    .path("requestId")
                                    .asText())),
                    "body",
                    "hello " + name + " from "
                            + event.path("requestContext").path("stage").asText()));
        });
        AwsFixture.Builder b = AwsFixture.builder()
                .variables(Map.of("fn", "greeter"))
                .method(
                        "/hello",
                        "ANY",
                        AwsFixture.proxy(AwsFixture.lambdaUri(
                                "arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}")));
        RestApi api = new RestApi(
                AwsFixture.API, "sock", null, 0L, null, null, null, null, null, null, null, null, false, "root");
        Stage stage = new Stage(
                "d1",
                null,
                "prod",
                null,
                false,
                null,
                null,
                null,
                Map.of("fn", "greeter"),
                null,
                null,
                null,
                false,
                null,
                null,
                0L,
                0L);
        try (Store store = SqliteStore.open(dir, new ObjectMapper());
                DataPlane dataPlane = new DataPlane(
                        store,
                        new GatewayConfig("us-east-1", "123456789012", "localhost"),
                        1,
                        Clock.systemUTC(),
                        functions,
                        AwsServices.none())) {
            store.write(tx -> {
                tx.put(Kinds.REST_API, Store.GLOBAL, api.id(), api);
                tx.put(
                        Kinds.DEPLOYMENT_CONTENT,
                        api.id(),
                        "d1",
                        new DeploymentContent(api, b.resources(), null, null, null));
                tx.put(Kinds.STAGE, api.id(), "prod", stage);
                return null;
            });
            InetSocketAddress address = dataPlane.start("127.0.0.1", 0);
            dataPlane.registry().awaitRevision(store.revision()).get(10, TimeUnit.SECONDS);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + address.getPort() + "/restapis/" + api.id() + "/prod/_user_request_";

            HttpResponse<String> get = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/hello?name=ann")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("hello ann from prod");
            assertThat(get.headers().firstValue("Content-Type")).hasValue("application/json");
            // the event's request id is the one the client is told
            assertThat(get.headers().firstValue("X-Request-Id"))
                    .isEqualTo(get.headers().firstValue("x-amzn-RequestId"));
            assertThat(get.headers().firstValue("x-amz-apigw-id")).isPresent();

            HttpResponse<String> post = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/hello"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(201);
            assertThat(post.body()).isEqualTo("hello world from prod");

            JsonNode event = JSON.readTree(functions.invocations.get(1).payload());
            assertThat(event.path("body").asText()).isEqualTo("{}");
            assertThat(event.path("requestContext")
                            .path("identity")
                            .path("sourceIp")
                            .asText())
                    .isEqualTo("127.0.0.1");
        } finally {
            functions.close();
        }
    }
}
