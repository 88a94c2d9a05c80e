package io.turnpike.dataplane.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which media types an API's binaryMediaTypes make binary. */
class BinaryMediaTypesTest {

    @Test
    void exactTypesMatchIgnoringCaseAndParameters() {
        ContentHandling api = ContentHandling.of(List.of("image/png", "Application/Octet-Stream"));
        assertThat(api.isBinary("image/png")).isTrue();
        assertThat(api.isBinary("IMAGE/PNG")).isTrue();
        assertThat(api.isBinary("image/png; charset=UTF-8")).isTrue();
        assertThat(api.isBinary("application/octet-stream")).isTrue();
        assertThat(api.isBinary("image/jpeg")).isFalse();
        assertThat(api.isBinary("image/pngx")).isFalse();
        assertThat(api.isBinary("application/json")).isFalse();
    }

    @Test
    void aSubtypeWildcardMatchesEverySubtypeOfItsType() {
        ContentHandling api = ContentHandling.of(List.of("image/*"));
        assertThat(api.isBinary("image/png")).isTrue();
        assertThat(api.isBinary("image/svg+xml")).isTrue();
        assertThat(api.isBinary("Image/Jpeg;q=1")).isTrue();
        assertThat(api.isBinary("application/png")).isFalse();
        assertThat(api.isBinary("images/png")).isFalse();
        assertThat(api.isBinary("image")).isFalse();
    }

    @Test
    void theFullWildcardMatchesEveryMediaType() {
        ContentHandling api = ContentHandling.of(List.of("*/*"));
        assertThat(api.isBinary("application/json")).isTrue();
        assertThat(api.isBinary("text/plain; charset=utf-8")).isTrue();
        assertThat(api.isBinary("*/*")).isTrue();
    }

    @Test
    void aRequestWildcardIsNotExpandedAgainstTheApiTypes() {
        ContentHandling api = ContentHandling.of(List.of("image/png"));
        assertThat(api.isBinary("*/*")).isFalse();
        assertThat(api.isBinary("image/*")).isFalse();
    }

    @Test
    void onlyTheFirstOfSeveralMediaTypesCounts() {
        ContentHandling api = ContentHandling.of(List.of("image/webp"));
        assertThat(api.isBinary("image/webp,image/*,*/*;q=0.8")).isTrue();
        assertThat(api.isBinary("text/html,image/webp")).isFalse();
    }

    @Test
    void nothingIsBinaryWithoutBinaryTypes() {
        assertThat(ContentHandling.of(null).isBinary("image/png")).isFalse();
        assertThat(ContentHandling.of(List.of()).isBinary("application/octet-stream"))
                .isFalse();
        assertThat(ContentHandling.of(Arrays.asList(null, " ")).isBinary("image/png"))
                .isFalse();
    }

    @Test
    void missingOrEmptyTypesAreNotBinary() {
        ContentHandling api = ContentHandling.of(List.of("*/*"));
        assertThat(api.isBinary(null)).isFalse();
        assertThat(api.isBinary("")).isFalse();
        assertThat(api.isBinary(" ; charset=utf-8")).isFalse();
    }

    @Test
    void anEntryThatIsNotAMediaTypeMatchesOnlyItself() {
        ContentHandling api = ContentHandling.of(List.of("binary"));
        assertThat(api.isBinary("binary")).isTrue();
        assertThat(api.isBinary("binary/octet")).isFalse();
        assertThat(api.isBinary("application/binary")).isFalse();
    }
}
