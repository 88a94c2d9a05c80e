package io.turnpike.controlplane.requestvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.turnpike.controlplane.AdminFixture;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.Resource;
import io.turnpike.store.Kinds;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateRequestValidatorResponse;
import software.amazon.awssdk.services.apigateway.model.CreateRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.GetRequestValidatorsResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.RequestValidator;

class RequestValidatorOperationsTest {

    static AdminFixture admin;
    static ApiGatewayClient client;

    @BeforeAll
    static void start() {
        admin = new AdminFixture();
        client = admin.client();
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    static String newApi() {
        return client.createRestApi(r -> r.name("validators")).id();
    }

    @Test
    void createsWithFlagsOffByDefaultAndReadsBack() {
        String api = newApi();
        CreateRequestValidatorResponse created =
                client.createRequestValidator(r -> r.restApiId(api).name("params-only"));
        assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(created.id()).matches("[a-z0-9]{6}");
        assertThat(created.name()).isEqualTo("params-only");
        assertThat(created.validateRequestBody()).isFalse();
        assertThat(created.validateRequestParameters()).isFalse();

        var both = client.createRequestValidator(
                r -> r.restApiId(api).name("both").validateRequestBody(true).validateRequestParameters(true));
        assertThat(both.validateRequestBody()).isTrue();
        assertThat(both.validateRequestParameters()).isTrue();

        var got = client.getRequestValidator(r -> r.restApiId(api).requestValidatorId(created.id()));
        assertThat(got.name()).isEqualTo("params-only");
        assertThat(got.validateRequestBody()).isFalse();
        assertThat(client.getRequestValidators(r -> r.restApiId(api)).items())
                .extracting(RequestValidator::id)
                .containsExactly(created.id(), both.id());
    }

    @Test
    void updatesNameAndFlags() {
        String api = newApi();
        String id =
                client.createRequestValidator(r -> r.restApiId(api).name("v")).id();
        var on = client.updateRequestValidator(r -> r.restApiId(api)
                .requestValidatorId(id)
                .patchOperations(
                        p -> p.op(Op.REPLACE).path("/validateRequestBody").value("true"),
                        p -> p.op(Op.REPLACE).path("/validateRequestParameters").value("TRUE"),
                        p -> p.op(Op.REPLACE).path("/name").value("renamed")));
        assertThat(on.name()).isEqualTo("renamed");
        assertThat(on.validateRequestBody()).isTrue();
        assertThat(on.validateRequestParameters()).isTrue();

        // recorded against AWS: a replace without a value turns the flag off
        var off = client.updateRequestValidator(
                r -> r.restApiId(api).requestValidatorId(id).patchOperations(p -> p.op(Op.REPLACE)
                        .path("/validateRequestBody")));
        assertThat(off.validateRequestBody()).isFalse();
        assertThat(off.validateRequestParameters()).isTrue();
        assertThat(client.getRequestValidator(r -> r.restApiId(api).requestValidatorId(id))
                        .validateRequestBody())
                .isFalse();
    }

    @Test
    void rejectsBadPatchesAndKeepsTheValidator() {
        String api = newApi();
        String id = client.createRequestValidator(r -> r.restApiId(api).name("keep"))
                .id();
        assertBadUpdate(
                api,
                id,
                Op.ADD,
                "/validateRequestBody",
                "true",
                "Invalid patch path  '/validateRequestBody' specified for op 'add'. Please choose supported operations");
        assertBadUpdate(
                api,
                id,
                Op.REMOVE,
                "/validateRequestBody",
                null,
                "Invalid patch path  '/validateRequestBody' specified for op 'remove'. Please choose supported"
                        + " operations");
        assertBadUpdate(
                api,
                id,
                Op.REPLACE,
                "/invalidPath",
                "true",
                "Invalid patch path  '/invalidPath' specified for op 'replace'. Must be one of: [/name,"
                        + " /validateRequestParameters, /validateRequestBody]");
        assertBadUpdate(api, id, Op.REPLACE, "/name", null, "Request Validator name cannot be blank");
        assertBadUpdate(api, id, Op.REPLACE, "/name", "  ", "Request Validator name cannot be blank");

        assertThatThrownBy(() -> client.updateRequestValidator(r -> r.restApiId(api)
                        .requestValidatorId(id)
                        .patchOperations(
                                p -> p.op(Op.REPLACE)
                                        .path("/validateRequestBody")
                                        .value("true"),
                                p -> p.op(Op.REPLACE).path("/name").value(""))))
                .isInstanceOf(BadRequestException.class);
        var unchanged = client.getRequestValidator(r -> r.restApiId(api).requestValidatorId(id));
        assertThat(unchanged.name()).isEqualTo("keep");
        assertThat(unchanged.validateRequestBody()).isFalse();
    }

    private static void assertBadUpdate(String api, String id, Op op, String path, String value, String message) {
        assertThatThrownBy(() -> client.updateRequestValidator(r -> r.restApiId(api)
                        .requestValidatorId(id)
                        .patchOperations(p -> p.op(op).path(path).value(value))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith(message + " (Service");
    }

    @Test
    void unknownApisAndValidatorsAnswerAsAwsDoes() {
        String api = newApi();
        String id =
                client.createRequestValidator(r -> r.restApiId(api).name("v")).id();

        // recorded against AWS: creating in an unknown API is a 400, not a 404
        assertThatThrownBy(() -> client.createRequestValidator(
                        r -> r.restApiId("nosuchapi1").name("v")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("Invalid REST API identifier specified (Service");
        assertThatThrownBy(() ->
                        client.createRequestValidator(r -> r.restApiId(api).name("")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("Request Validator name cannot be blank (Service");
        assertThatThrownBy(() -> client.getRequestValidators(r -> r.restApiId("nosuchapi1")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageStartingWith("Invalid API identifier specified 123456789012:nosuchapi1 (Service");
        for (String[] target : List.of(new String[] {"nosuchapi1", id}, new String[] {api, "nosuch"})) {
            assertThatThrownBy(() -> client.getRequestValidator(
                            r -> r.restApiId(target[0]).requestValidatorId(target[1])))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageStartingWith("Invalid Request Validator identifier specified (Service");
            assertThatThrownBy(() -> client.deleteRequestValidator(
                            r -> r.restApiId(target[0]).requestValidatorId(target[1])))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageStartingWith("Invalid Request Validator identifier specified (Service");
            assertThatThrownBy(() -> client.updateRequestValidator(r -> r.restApiId(target[0])
                            .requestValidatorId(target[1])
                            .patchOperations(p -> p.op(Op.REPLACE).path("/name").value("x"))))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageStartingWith("Invalid Request Validator identifier specified (Service");
        }
    }

    @Test
    void listsValidatorsAcrossPages() {
        String api = newApi();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            int n = i;
            created.add(client.createRequestValidator(r -> r.restApiId(api).name("v" + n))
                    .id());
        }
        Set<String> seen = new HashSet<>();
        String position = null;
        int pages = 0;
        do {
            String pos = position;
            GetRequestValidatorsResponse page =
                    client.getRequestValidators(r -> r.restApiId(api).limit(3).position(pos));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            page.items().forEach(v -> assertThat(seen.add(v.id())).isTrue());
            position = page.position();
            pages++;
        } while (position != null);
        assertThat(seen).isEqualTo(created);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void aValidatorAMethodUsesCannotBeDeleted() {
        CreateRestApiResponse api = client.createRestApi(r -> r.name("in-use"));
        String id = client.createRequestValidator(r -> r.restApiId(api.id()).name("body"))
                .id();
        // the methods family is written elsewhere; its document is put here as it stores it
        putRoot(api, id);
        assertThatThrownBy(() ->
                        client.deleteRequestValidator(r -> r.restApiId(api.id()).requestValidatorId(id)))
                .isInstanceOf(ConflictException.class)
                .hasMessageStartingWith(
                        "Cannot delete Request Validator 'body', is referenced in method: POST// (Service");
        assertThat(client.getRequestValidator(r -> r.restApiId(api.id()).requestValidatorId(id))
                        .name())
                .isEqualTo("body");

        putRoot(api, null);
        var deleted = client.deleteRequestValidator(r -> r.restApiId(api.id()).requestValidatorId(id));
        assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(202);
        assertThat(client.getRequestValidators(r -> r.restApiId(api.id())).items())
                .isEmpty();
    }

    private static void putRoot(CreateRestApiResponse api, String validatorId) {
        Method post = new Method("POST", "NONE", null, false, validatorId, null, null, null, null, null, null);
        admin.store.write(tx -> {
            tx.put(
                    Kinds.RESOURCE,
                    api.id(),
                    api.rootResourceId(),
                    new Resource(api.rootResourceId(), null, null, "/", Map.of("POST", post)));
            return null;
        });
    }
}
