package io.turnpike.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsHaveAwsFormats() {
        for (int i = 0; i < 1000; i++) {
            assertThat(Ids.long10()).matches("[a-z0-9]{10}");
            assertThat(Ids.short6()).matches("[a-z0-9]{6}");
            assertThat(Ids.apiKeyValue()).matches("[A-Za-z0-9]{40}");
        }
    }

    @Test
    void idsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(Ids.long10())).isTrue();
        }
    }

    @Test
    void awsExceptionsCarryStatusTypeAndMessage() {
        AwsException e = AwsException.notFound("Invalid Resource identifier specified");
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.errorType()).isEqualTo("NotFoundException");
        assertThat(e.getMessage()).isEqualTo("Invalid Resource identifier specified");
        assertThat(e.getStackTrace()).isEmpty();
        assertThatThrownBy(() -> new AwsException(200, "X", "y")).hasMessageContaining("expected: 400..599");
    }
}
