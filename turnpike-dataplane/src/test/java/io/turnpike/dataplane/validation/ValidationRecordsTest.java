package io.turnpike.dataplane.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationRecordsTest {

    @Test
    void aFailureIsOneOfTheTwoValidatorResponses() {
        assertThat(new ValidationFailure("BAD_REQUEST_BODY", "Invalid request body", "[x]").responseType())
                .isEqualTo("BAD_REQUEST_BODY");
        assertThat(ValidationFailure.BAD_REQUEST_PARAMETERS).isEqualTo("BAD_REQUEST_PARAMETERS");
        assertThatThrownBy(() -> new ValidationFailure("THROTTLED", "m", "d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("responseType: THROTTLED (expected: BAD_REQUEST_PARAMETERS or BAD_REQUEST_BODY)");
        assertThatThrownBy(() -> new ValidationFailure("BAD_REQUEST_BODY", null, "d"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("message");
    }

    @Test
    void anInputHasABodyEvenWhenEmpty() {
        assertThat(new ValidationInput(Map.of(), Map.of(), Map.of(), null, "").contentType())
                .isNull();
        assertThatThrownBy(() -> new ValidationInput(Map.of(), Map.of(), Map.of(), null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("body (expected: \"\" when there is none)");
        assertThatThrownBy(() -> new ValidationInput(Map.of(), null, Map.of(), null, ""))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("queryParams");
    }
}
