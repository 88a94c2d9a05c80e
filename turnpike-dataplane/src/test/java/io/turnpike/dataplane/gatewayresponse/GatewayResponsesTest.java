package io.turnpike.dataplane.gatewayresponse;

import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.model.rest.GatewayResponse;
import io.turnpike.model.rest.GatewayResponseType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayResponsesTest {

    static final GatewayResponses.Source SOURCE = new GatewayResponses.Source() {
        @Override
        public Object context(String path) {
            return switch (path) {
                case "error.messageString" -> "\"Missing Authentication Token\"";
                case "error.message" -> "Missing Authentication Token";
                case "requestId" -> "req-1";
                default -> null;
            };
        }

        @Override
        public String stageVariable(String name) {
            return name.equals("origin") ? "https://app.example.com" : null;
        }

        @Override
        public String methodRequest(String kind, String name) {
            return kind.equals("header") && name.equals("Origin") ? "https://caller.example.com" : null;
        }
    };

    static String body(GatewayResponses.Rendered r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void builtInDefaultsRenderAwsBodies() {
        GatewayResponses.Rendered r = GatewayResponses.compile(List.of())
                .render(
                        GatewayResponseType.MISSING_AUTHENTICATION_TOKEN,
                        "MissingAuthenticationTokenException",
                        null,
                        SOURCE);
        assertThat(r.status()).isEqualTo(403);
        assertThat(body(r)).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        assertThat(r.headers())
                .contains(Map.entry("Content-Type", "application/json"))
                .contains(Map.entry("x-amzn-ErrorType", "MissingAuthenticationTokenException"));
    }

    @Test
    void customizationsAndUmbrellasApply() {
        GatewayResponses g = GatewayResponses.compile(List.of(
                new GatewayResponse(
                        "DEFAULT_4XX",
                        "418",
                        Map.of(
                                "gatewayresponse.header.Access-Control-Allow-Origin", "'*'",
                                "gatewayresponse.header.X-Echo", "method.request.header.Origin",
                                "gatewayresponse.header.X-Stage", "stageVariables.origin"),
                        Map.of(
                                "application/json",
                                "{\"oops\":$context.error.messageString,\"id\":\"$context.requestId\"}"),
                        false),
                new GatewayResponse("THROTTLED", null, Map.of(), Map.of("text/plain", "slow down"), false)));
        GatewayResponses.Rendered missing = g.render(
                GatewayResponseType.MISSING_AUTHENTICATION_TOKEN, "MissingAuthenticationTokenException", null, SOURCE);
        assertThat(missing.status()).isEqualTo(418);
        assertThat(body(missing)).isEqualTo("{\"oops\":\"Missing Authentication Token\",\"id\":\"req-1\"}");
        assertThat(missing.headers())
                .contains(Map.entry("Access-Control-Allow-Origin", "*"))
                .contains(Map.entry("X-Echo", "https://caller.example.com"))
                .contains(Map.entry("X-Stage", "https://app.example.com"));

        GatewayResponses.Rendered throttled =
                g.render(GatewayResponseType.THROTTLED, "TooManyRequestsException", null, SOURCE);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(body(throttled)).isEqualTo("slow down");
        assertThat(throttled.headers()).contains(Map.entry("Content-Type", "text/plain"));

        GatewayResponses.Rendered fiveHundred =
                g.render(GatewayResponseType.INTEGRATION_TIMEOUT, "InternalServerErrorException", null, SOURCE);
        assertThat(fiveHundred.status()).isEqualTo(504);
        assertThat(fiveHundred.headers()).doesNotContain(Map.entry("Access-Control-Allow-Origin", "*"));
    }

    @Test
    void aNullMessageRendersJsonNull() {
        GatewayResponses.Source noMessage = new GatewayResponses.Source() {
            @Override
            public Object context(String path) {
                return path.equals("error.messageString") ? "null" : null;
            }

            @Override
            public String stageVariable(String name) {
                return null;
            }

            @Override
            public String methodRequest(String kind, String name) {
                return null;
            }
        };
        GatewayResponses.Rendered r = GatewayResponses.compile(null)
                .render(
                        GatewayResponseType.AUTHORIZER_CONFIGURATION_ERROR,
                        "AuthorizerConfigurationException",
                        null,
                        noMessage);
        assertThat(r.status()).isEqualTo(500);
        assertThat(body(r)).isEqualTo("{\"message\":null}");
    }
}
