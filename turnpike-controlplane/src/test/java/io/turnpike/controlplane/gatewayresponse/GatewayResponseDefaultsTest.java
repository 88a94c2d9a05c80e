package io.turnpike.controlplane.gatewayresponse;

import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.model.rest.GatewayResponse;
import io.turnpike.model.rest.GatewayResponseDefaults;
import io.turnpike.model.rest.GatewayResponseType;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default table and how customizations combine with it, as the data plane will use them. */
class GatewayResponseDefaultsTest {

    @Test
    void theTypesAreExactlyTheServiceModelEnumInAlphabeticalOrder() {
        assertThat(Arrays.stream(GatewayResponseType.values()).map(Enum::name))
                .hasSize(21)
                .isSorted()
                .contains("DEFAULT_4XX", "DEFAULT_5XX", "WAF_FILTERED");
        assertThat(GatewayResponseType.of("THROTTLED")).contains(GatewayResponseType.THROTTLED);
        assertThat(GatewayResponseType.of("throttled")).isEmpty();
        assertThat(GatewayResponseType.INTEGRATION_TIMEOUT.umbrella()).contains(GatewayResponseType.DEFAULT_5XX);
        assertThat(GatewayResponseType.REQUEST_TOO_LARGE.umbrella()).contains(GatewayResponseType.DEFAULT_4XX);
        assertThat(GatewayResponseType.DEFAULT_4XX.umbrella()).isEmpty();
    }

    @Test
    void anUmbrellaWithoutStatusLendsItsParametersButNotAStatus() {
        GatewayResponse umbrella = GatewayResponseDefaults.customized(
                GatewayResponseType.DEFAULT_4XX, null, Map.of("gatewayresponse.header.x", "'y'"), null);
        GatewayResponse throttled =
                GatewayResponseDefaults.effective(GatewayResponseType.THROTTLED, Map.of("DEFAULT_4XX", umbrella));
        assertThat(throttled.statusCode()).isEqualTo("429");
        assertThat(throttled.responseParameters()).containsEntry("gatewayresponse.header.x", "'y'");
        assertThat(throttled.responseTemplates())
                .containsEntry("application/json", GatewayResponseDefaults.DEFAULT_TEMPLATE);
        assertThat(throttled.defaultResponse()).isTrue();

        GatewayResponse timeout = GatewayResponseDefaults.effective(
                GatewayResponseType.INTEGRATION_TIMEOUT, Map.of("DEFAULT_4XX", umbrella));
        assertThat(timeout).isEqualTo(GatewayResponseDefaults.builtIn(GatewayResponseType.INTEGRATION_TIMEOUT));
        assertThat(timeout.statusCode()).isEqualTo("504");
        assertThat(timeout.responseParameters()).isEmpty();
    }

    @Test
    void theApisOwnCustomizationWinsOverItsUmbrella() {
        GatewayResponse umbrella =
                GatewayResponseDefaults.customized(GatewayResponseType.DEFAULT_5XX, "599", null, null);
        GatewayResponse own = GatewayResponseDefaults.customized(
                GatewayResponseType.AUTHORIZER_FAILURE, null, null, Map.of("text/plain", "nope"));
        GatewayResponse shown = GatewayResponseDefaults.effective(
                GatewayResponseType.AUTHORIZER_FAILURE, Map.of("DEFAULT_5XX", umbrella, "AUTHORIZER_FAILURE", own));
        assertThat(shown.statusCode()).isEqualTo("500");
        assertThat(shown.responseTemplates()).isEqualTo(Map.of("text/plain", "nope"));
        assertThat(shown.responseParameters()).isEmpty();
        assertThat(shown.defaultResponse()).isFalse();
        assertThat(GatewayResponseDefaults.all(Map.of("DEFAULT_5XX", umbrella)))
                .filteredOn(r -> r.statusCode() != null && r.statusCode().equals("599"))
                .extracting(GatewayResponse::responseType)
                .containsExactly(
                        "API_CONFIGURATION_ERROR",
                        "AUTHORIZER_CONFIGURATION_ERROR",
                        "AUTHORIZER_FAILURE",
                        "DEFAULT_5XX",
                        "INTEGRATION_FAILURE",
                        "INTEGRATION_TIMEOUT");
    }
}
