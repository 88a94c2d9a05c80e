package io.turnpike.dataplane.validation;

import static io.turnpike.dataplane.validation.Fixtures.BODY_ONLY;
import static io.turnpike.dataplane.validation.Fixtures.method;
import static io.turnpike.dataplane.validation.Fixtures.model;
import static io.turnpike.dataplane.validation.Fixtures.models;
import static io.turnpike.dataplane.validation.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.turnpike.model.rest.Model;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A model that cannot be used fails the snapshot, naming the model, before any request is served. */
class ModelCompilationTest {

    private static RequestValidation compile(String modelName, Model... extra) {
        return RequestValidation.compile(BODY_ONLY, method(null, Map.of("application/json", modelName)), models(extra));
    }

    @Test
    void aModelThatDoesNotExist() {
        assertThatThrownBy(() -> compile("Nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requestModels[application/json]: model 'Nope': model 'Nope' does not exist");
    }

    @Test
    void aSchemaThatIsNotJson() {
        assertThatThrownBy(() -> compile("Broken", model("Broken", "{\"type\":")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "requestModels[application/json]: model 'Broken': model 'Broken': schema is not JSON");
    }

    @Test
    void aSchemaThatIsNotAnObject() {
        assertThatThrownBy(() -> compile("Listy", model("Listy", "[{\"type\":\"string\"}]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "requestModels[application/json]: model 'Listy': model 'Listy': schema is not a JSON object");
    }

    @Test
    void aReferenceToAModelThatDoesNotExist() {
        Model pet = model(
                "Pet",
                "{\"properties\":{\"owner\":{\"$ref\":\"https://apigateway.amazonaws.com/restapis/abc/models/Ghost\"}}}");
        assertThatThrownBy(() -> compile("Pet", pet))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "requestModels[application/json]: model 'Pet' does not compile: model 'Ghost' does not exist");
    }

    @Test
    void aReferenceToAMissingDefinition() {
        Model pet = model("Pet", "{\"properties\":{\"owner\":{\"$ref\":\"#/definitions/Owner\"}}}");
        assertThatThrownBy(() -> compile("Pet", pet))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("requestModels[application/json]: model 'Pet' does not compile: ")
                .hasMessageContaining("/definitions/Owner");
    }

    @Test
    void anInvalidPattern() {
        Model code = model("Code", "{\"properties\":{\"c\":{\"type\":\"string\",\"pattern\":\"[a-\"}}}");
        assertThatThrownBy(() -> compile("Code", code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("requestModels[application/json]: model 'Code' does not compile: ");
    }

    @Test
    void referencesToUrlsAreNeverFetched() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] body = "{\"type\":\"string\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/schema.json";
            Model remote = model("Remote", "{\"properties\":{\"x\":{\"$ref\":\"" + url + "\"}}}");
            assertThatThrownBy(() -> compile("Remote", remote))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("requestModels[application/json]: model 'Remote' does not compile: ");
            assertThat(hits).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void referencesToClassPathResourcesAreNotLoaded() {
        Model sneaky = model("Sneaky", "{\"properties\":{\"x\":{\"$ref\":\"classpath:/jsv-messages.properties\"}}}");
        assertThatThrownBy(() -> compile("Sneaky", sneaky))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("requestModels[application/json]: model 'Sneaky' does not compile: ");
    }

    @Test
    void onlyTheModelsTheMethodUsesAreCompiled() {
        RequestValidation v = compile("Empty", model("Broken", "{\"type\":"));
        assertThat(v.validate(request().body("{}").input())).isEmpty();
    }

    @Test
    void modelsAreNotCheckedWhenTheBodyIsNot() {
        assertThat(RequestValidation.compile(
                        Fixtures.PARAMS_ONLY, method(null, Map.of("application/json", "Nope")), models()))
                .isSameAs(RequestValidation.NONE);
    }
}
