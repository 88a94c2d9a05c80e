package io.turnpike.dataplane.integration.aws;

import static io.turnpike.dataplane.integration.aws.AwsFixture.integration;
import static io.turnpike.dataplane.integration.aws.AwsFixture.text;
import static io.turnpike.dataplane.integration.aws.TestFunctions.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.dataplane.pipeline.InvokeResponse;
import io.turnpike.model.rest.Integration;
import io.turnpike.model.rest.IntegrationResponse;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AWS-service integrations against a real moto_server: DynamoDB through mapping templates, SQS in action
 * style, S3 in path style with a binary round trip. Every call is SigV4-signed by the gateway.
 */
class AwsServiceTest {

    private static MotoServer moto;
    private AwsFixture fixture;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private AwsFixture fixture(AwsFixture.Builder b) {
        fixture = new AwsFixture(
                new TestFunctions(),
                new AwsServices(moto.endpoint(), Map.of(), Optional.of(MotoServer.KEYS), Clock.systemUTC()),
                b);
        return fixture;
    }

    private static Integration service(
            String method,
            String uri,
            Map<String, String> parameters,
            Map<String, String> templates,
            Map<String, IntegrationResponse> responses) {
        return integration("AWS", method, uri, parameters, templates, responses, null);
    }

    @Test
    void dynamoDbPutItemAndGetItemThroughMappingTemplates() throws Exception {
        HttpResponse<byte[]> created = moto.call(
                "dynamodb",
                "POST",
                "/",
                "",
                "{\"TableName\":\"pets\",\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
                        + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
                        + "\"BillingMode\":\"PAY_PER_REQUEST\"}",
                "X-Amz-Target",
                "DynamoDB_20120810.CreateTable",
                "Content-Type",
                "application/x-amz-json-1.0");
        assertThat(created.statusCode())
                .as(new String(created.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);

        fixture(AwsFixture.builder()
                .method(
                        "/pets/{id}",
                        "PUT",
                        service(
                                "POST",
                                "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem",
                                Map.of(
                                        "integration.request.header.X-Amz-Target", "'DynamoDB_20120810.PutItem'",
                                        "integration.request.header.Content-Type", "'application/x-amz-json-1.0'"),
                                Map.of(
                                        "application/json",
                                        "{\"TableName\":\"pets\",\"Item\":{\"id\":{\"S\":\"$input.params('id')\"},"
                                                + "\"name\":{\"S\":$input.json('$.name')}}}"),
                                Map.of(
                                        "200",
                                        new IntegrationResponse(
                                                "200",
                                                null,
                                                null,
                                                Map.of("application/json", "{\"saved\": \"$input.params('id')\"}"),
                                                null),
                                        "400",
                                        new IntegrationResponse("400", "4\\d{2}", null, null, null))))
                .method(
                        "/pets/{id}",
                        "GET",
                        service(
                                "POST",
                                "arn:aws:apigateway:us-east-1:dynamodb:action/GetItem",
                                Map.of(
                                        "integration.request.header.X-Amz-Target", "'DynamoDB_20120810.GetItem'",
                                        "integration.request.header.Content-Type", "'application/x-amz-json-1.0'"),
                                Map.of(
                                        "application/json",
                                        "{\"TableName\":\"pets\",\"Key\":{\"id\":{\"S\":\"$input.params('id')\"}}}"),
                                Map.of(
                                        "200",
                                        new IntegrationResponse(
                                                "200",
                                                null,
                                                null,
                                                Map.of(
                                                        "application/json",
                                                        "{\"id\": \"$input.path('$.Item.id.S')\", \"name\": \"$input.path('$.Item.name.S')\"}"),
                                                null)))));

        InvokeResponse put = fixture.send("PUT", "/pets/p1", "{\"name\": \"Rex\"}", "Content-Type", "application/json");
        assertThat(put.status()).as(text(put)).isEqualTo(200);
        assertThat(JSON.readTree(put.body()).path("saved").asText()).isEqualTo("p1");

        InvokeResponse get = fixture.send("GET", "/pets/p1", (String) null);
        assertThat(get.status()).as(text(get)).isEqualTo(200);
        assertThat(JSON.readTree(get.body()).toString()).isEqualTo("{\"id\":\"p1\",\"name\":\"Rex\"}");
    }

    @Test
    void sqsSendMessageInActionStyle() throws Exception {
        HttpResponse<byte[]> created = moto.call(
                "sqs",
                "POST",
                "/",
                "",
                "Action=CreateQueue&QueueName=orders",
                "Content-Type",
                "application/x-www-form-urlencoded");
        String createdXml = new String(created.body(), StandardCharsets.UTF_8);
        assertThat(created.statusCode()).as(createdXml).isEqualTo(200);
        Matcher url = Pattern.compile("<QueueUrl>([^<]+)</QueueUrl>").matcher(createdXml);
        assertThat(url.find()).as(createdXml).isTrue();
        String queueUrl = url.group(1);

        fixture(AwsFixture.builder()
                .method(
                        "/orders",
                        "POST",
                        service(
                                "POST",
                                "arn:aws:apigateway:us-east-1:sqs:action/SendMessage",
                                Map.of(
                                        "integration.request.querystring.QueueUrl",
                                        "'" + queueUrl + "'",
                                        "integration.request.querystring.MessageBody",
                                        "method.request.body",
                                        // SQS's query protocol reads form parameters, not the client's JSON
                                        "integration.request.header.Content-Type",
                                        "'application/x-www-form-urlencoded'"),
                                // the message travels in the query string; the body stays empty
                                Map.of("application/json", ""),
                                Map.of("200", new IntegrationResponse("200", null, null, null, null)))));
        InvokeResponse sent = fixture.send("POST", "/orders", "{\"order\": 42}", "Content-Type", "application/json");
        String answer = text(sent);
        assertThat(sent.status()).as(answer).isEqualTo(200);
        assertThat(answer).contains("MessageId");

        String path = java.net.URI.create(queueUrl).getRawPath();
        HttpResponse<byte[]> received = moto.call(
                "sqs",
                "POST",
                path,
                "",
                "Action=ReceiveMessage&QueueUrl=" + URLEncoder.encode(queueUrl, StandardCharsets.UTF_8),
                "Content-Type",
                "application/x-www-form-urlencoded");
        String xml = new String(received.body(), StandardCharsets.UTF_8);
        assertThat(xml).contains("<Body>{&quot;order&quot;: 42}</Body>");
    }

    @Test
    void s3PutObjectAndGetObjectInPathStyleWithABinaryBody() throws Exception {
        HttpResponse<byte[]> bucket = moto.call("s3", "PUT", "/photos", "", new byte[0]);
        assertThat(bucket.statusCode()).isEqualTo(200);

        Map<String, String> keyParam = Map.of("integration.request.path.key", "method.request.path.key");
        fixture(AwsFixture.builder()
                .binaryMediaTypes("application/octet-stream", "image/png")
                .method(
                        "/files/{key}",
                        "PUT",
                        service(
                                "PUT",
                                "arn:aws:apigateway:us-east-1:s3:path/photos/{key}",
                                Map.of(
                                        "integration.request.path.key", "method.request.path.key",
                                        "integration.request.header.Content-Type",
                                                "method.request.header.Content-Type"),
                                null,
                                Map.of(
                                        "200", new IntegrationResponse("200", null, null, null, null),
                                        "404", new IntegrationResponse("404", "404", null, null, null))))
                .method(
                        "/files/{key}",
                        "GET",
                        service(
                                "GET",
                                "arn:aws:apigateway:us-east-1:s3:path/photos/{key}",
                                keyParam,
                                null,
                                Map.of(
                                        "200",
                                        new IntegrationResponse(
                                                "200",
                                                null,
                                                Map.of(
                                                        "method.response.header.Content-Type",
                                                        "integration.response.header.Content-Type"),
                                                null,
                                                null),
                                        "404",
                                        new IntegrationResponse(
                                                "404",
                                                "404",
                                                null,
                                                Map.of("application/json", "{\"message\": \"no such file\"}"),
                                                null)))));

        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, (byte) 0xff, (byte) 0xfe, 7};
        InvokeResponse put = fixture.send("PUT", "/files/logo.png", png, "Content-Type", "image/png");
        assertThat(put.status()).as(text(put)).isEqualTo(200);

        // the object is stored byte for byte
        HttpResponse<byte[]> stored = moto.call("s3", "GET", "/photos/logo.png", "", new byte[0]);
        assertThat(stored.body()).isEqualTo(png);

        InvokeResponse get = fixture.send("GET", "/files/logo.png", (String) null, "Accept", "image/png");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(png);
        assertThat(get.header("Content-Type")).isEqualTo("image/png");
        assertThat(get.header("X-Amzn-Trace-Id")).startsWith("Root=1-");

        // asked for as text, the bytes arrive base64-encoded
        InvokeResponse asText = fixture.send("GET", "/files/logo.png", (String) null, "Accept", "application/json");
        assertThat(text(asText)).isEqualTo(java.util.Base64.getEncoder().encodeToString(png));

        InvokeResponse missing = fixture.send("GET", "/files/none.png", (String) null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(text(missing)).isEqualTo("{\"message\": \"no such file\"}");
    }

    @Test
    void withoutCredentialsAServiceCallIs500() throws Exception {
        fixture = new AwsFixture(
                new TestFunctions(),
                new AwsServices(moto.endpoint(), Map.of(), Optional.empty(), Clock.systemUTC()),
                AwsFixture.builder()
                        .method(
                                "/q",
                                "POST",
                                service(
                                        "POST",
                                        "arn:aws:apigateway:us-east-1:sqs:action/ListQueues",
                                        null,
                                        null,
                                        null)));
        InvokeResponse r = fixture.send("POST", "/q", "");
        assertThat(r.status()).isEqualTo(500);
        assertThat(JSON.readTree(r.body()).path("message").asText()).isEqualTo("Internal server error");
    }
}
