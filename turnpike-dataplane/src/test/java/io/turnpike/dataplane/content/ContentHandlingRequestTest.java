package io.turnpike.dataplane.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request table of the developer guide's "Content type conversions in API Gateway", one case per row
 * (spec data-plane-rest.md §8, request side).
 */
class ContentHandlingRequestTest {

    /** Bytes that are not UTF-8 (a PNG signature), as a binary upload carries. */
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, (byte) 0xff};

    static final String TEXT = "{\"message\":\"héllo\"}";
    static final String TEXT_BASE64 = Base64.getEncoder().encodeToString(TEXT.getBytes(StandardCharsets.UTF_8));
    static final String PNG_BASE64 = Base64.getEncoder().encodeToString(PNG);

    private static final ContentHandling UNDEFINED = ContentHandling.of(null);
    private static final ContentHandling IMAGES = ContentHandling.of(List.of("image/png", "application/octet-stream"));

    enum Expect {
        TEXT_AS_IS,
        DECODED,
        BYTES_AS_IS,
        ENCODED
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                // payload, Content-Type, binaryMediaTypes, contentHandling -> integration request payload
                Arguments.of("text", "application/json", UNDEFINED, null, Expect.TEXT_AS_IS),
                Arguments.of("text", "application/json", UNDEFINED, "CONVERT_TO_BINARY", Expect.DECODED),
                Arguments.of("text", "application/json", UNDEFINED, "CONVERT_TO_TEXT", Expect.TEXT_AS_IS),
                Arguments.of("text", "application/json", IMAGES, null, Expect.TEXT_AS_IS),
                Arguments.of("text", "application/json", IMAGES, "CONVERT_TO_BINARY", Expect.DECODED),
                Arguments.of("text", "application/json", IMAGES, "CONVERT_TO_TEXT", Expect.TEXT_AS_IS),
                Arguments.of("binary", "image/png", IMAGES, null, Expect.BYTES_AS_IS),
                Arguments.of("binary", "image/png", IMAGES, "CONVERT_TO_BINARY", Expect.BYTES_AS_IS),
                Arguments.of("binary", "image/png", IMAGES, "CONVERT_TO_TEXT", Expect.ENCODED));
    }

    @ParameterizedTest(name = "{0} payload, {1}, binary types {2}, {3} -> {4}")
    @MethodSource("rows")
    void requestTableRow(
            String payload, String contentType, ContentHandling api, String contentHandling, Expect expect) {
        boolean binary = payload.equals("binary");
        byte[] body =
                switch (expect) {
                    case DECODED -> TEXT_BASE64.getBytes(StandardCharsets.US_ASCII);
                    default -> binary ? PNG.clone() : TEXT.getBytes(StandardCharsets.UTF_8);
                };

        Payload out = api.toIntegration(body, contentType, contentHandling);

        switch (expect) {
            case TEXT_AS_IS -> {
                assertThat(new String(out.bytes(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
                assertThat(out.binary()).isFalse();
            }
            case DECODED -> {
                assertThat(new String(out.bytes(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
                assertThat(out.binary()).isTrue();
            }
            case BYTES_AS_IS -> {
                assertThat(out.bytes()).isEqualTo(PNG);
                assertThat(out.binary()).isTrue();
            }
            case ENCODED -> {
                assertThat(new String(out.bytes(), StandardCharsets.US_ASCII)).isEqualTo(PNG_BASE64);
                assertThat(out.binary()).isFalse();
            }
        }
    }

    @Test
    void binaryBytesSentAsTextArriveAsUtf8WithReplacementCharacters() {
        Payload out = UNDEFINED.toIntegration(PNG.clone(), "application/octet-stream", null);
        assertThat(out.binary()).isFalse();
        assertThat(new String(out.bytes(), StandardCharsets.UTF_8)).isEqualTo("\uFFFDPNG\r\n\u001a\n\u0000\uFFFD");
    }

    @Test
    void textThatIsUtf8IsPassedWithoutCopying() {
        byte[] body = TEXT.getBytes(StandardCharsets.UTF_8);
        assertThat(IMAGES.toIntegration(body, "application/json", null).bytes()).isSameAs(body);
        byte[] ascii = "plain".getBytes(StandardCharsets.US_ASCII);
        assertThat(IMAGES.toIntegration(ascii, null, null).bytes()).isSameAs(ascii);
    }

    @Test
    void textThatIsNotBase64CannotBecomeBinary() {
        byte[] body = "this is not base64!".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> IMAGES.toIntegration(body, "text/plain", "CONVERT_TO_BINARY"))
                .isInstanceOf(ContentConversionException.class)
                .hasMessageStartingWith("payload: not base64, cannot convert it to binary")
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }

    @Test
    void base64WrappedOverLinesIsDecoded() {
        String wrapped = PNG_BASE64.substring(0, 8) + "\r\n" + PNG_BASE64.substring(8) + "\n";
        Payload out =
                IMAGES.toIntegration(wrapped.getBytes(StandardCharsets.US_ASCII), "text/plain", "CONVERT_TO_BINARY");
        assertThat(out.bytes()).isEqualTo(PNG);
    }

    @Test
    void contentTypeParametersAndCaseAreIgnored() {
        assertThat(IMAGES.toIntegration(PNG.clone(), "IMAGE/PNG; name=\"a.png\"", null)
                        .binary())
                .isTrue();
        assertThat(IMAGES.toIntegration(PNG.clone(), "application/octet-stream;charset=binary", "CONVERT_TO_TEXT")
                        .bytes())
                .isEqualTo(PNG_BASE64.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aRequestWithoutContentTypeIsText() {
        ContentHandling everything = ContentHandling.of(List.of("*/*"));
        Payload out = everything.toIntegration("abc".getBytes(StandardCharsets.US_ASCII), null, null);
        assertThat(out.binary()).isFalse();
    }

    @Test
    void anUnknownContentHandlingIsRejected() {
        assertThatThrownBy(() -> IMAGES.toIntegration(new byte[0], "image/png", "CONVERT_TO_JSON"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("contentHandling: CONVERT_TO_JSON (expected: null, CONVERT_TO_TEXT or CONVERT_TO_BINARY)");
    }

    @Test
    void anEmptyBodyStaysEmpty() {
        assertThat(IMAGES.toIntegration(new byte[0], "image/png", "CONVERT_TO_TEXT")
                        .bytes())
                .isEmpty();
        assertThat(IMAGES.toIntegration(new byte[0], "text/plain", "CONVERT_TO_BINARY")
                        .bytes())
                .isEmpty();
    }
}
