package io.turnpike.dataplane.content;

import static io.turnpike.dataplane.content.ContentHandlingRequestTest.PNG;
import static io.turnpike.dataplane.content.ContentHandlingRequestTest.PNG_BASE64;
import static io.turnpike.dataplane.content.ContentHandlingRequestTest.TEXT;
import static io.turnpike.dataplane.content.ContentHandlingRequestTest.TEXT_BASE64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The response table of the developer guide's "Content type conversions in API Gateway", one case per
 * row; its "text or binary data" rows are run with each kind of payload. Spec data-plane-rest.md §8's
 * response rows are each one of these.
 */
class ContentHandlingResponseTest {

    private static final ContentHandling UNDEFINED = ContentHandling.of(List.of());
    private static final ContentHandling IMAGES = ContentHandling.of(List.of("image/png", "image/jpeg"));

    enum Expect {
        /** The text, as a UTF-8 string. */
        TEXT_AS_IS,
        /** Binary bytes read as UTF-8: what is not UTF-8 becomes U+FFFD. */
        UTF8_MANGLED,
        /** The base64 payload decoded (binary). */
        DECODED,
        /** The binary bytes unchanged (binary). */
        BYTES_AS_IS,
        /** The binary bytes base64-encoded (text). */
        ENCODED
    }

    static Stream<Arguments> rows() {
        String text = "application/json";
        String image = "image/png";
        return Stream.of(
                // integration payload, Accept, binaryMediaTypes, contentHandling -> method response payload
                Arguments.of("text", text, UNDEFINED, null, Expect.TEXT_AS_IS),
                Arguments.of("binary", text, UNDEFINED, null, Expect.UTF8_MANGLED),
                Arguments.of("text", text, UNDEFINED, "CONVERT_TO_BINARY", Expect.DECODED),
                Arguments.of("binary", text, UNDEFINED, "CONVERT_TO_BINARY", Expect.DECODED),
                Arguments.of("text", text, UNDEFINED, "CONVERT_TO_TEXT", Expect.TEXT_AS_IS),
                Arguments.of("binary", text, UNDEFINED, "CONVERT_TO_TEXT", Expect.UTF8_MANGLED),
                Arguments.of("text", text, IMAGES, null, Expect.TEXT_AS_IS),
                Arguments.of("text", text, IMAGES, "CONVERT_TO_BINARY", Expect.DECODED),
                Arguments.of("text", text, IMAGES, "CONVERT_TO_TEXT", Expect.TEXT_AS_IS),
                Arguments.of("text", image, IMAGES, null, Expect.DECODED),
                Arguments.of("text", image, IMAGES, "CONVERT_TO_BINARY", Expect.DECODED),
                Arguments.of("text", image, IMAGES, "CONVERT_TO_TEXT", Expect.TEXT_AS_IS),
                Arguments.of("binary", text, IMAGES, null, Expect.ENCODED),
                Arguments.of("binary", text, IMAGES, "CONVERT_TO_BINARY", Expect.BYTES_AS_IS),
                Arguments.of("binary", text, IMAGES, "CONVERT_TO_TEXT", Expect.ENCODED),
                Arguments.of("binary", image, IMAGES, null, Expect.BYTES_AS_IS),
                Arguments.of("binary", image, IMAGES, "CONVERT_TO_BINARY", Expect.BYTES_AS_IS),
                Arguments.of("binary", image, IMAGES, "CONVERT_TO_TEXT", Expect.ENCODED));
    }

    @ParameterizedTest(name = "{0} payload, Accept {1}, binary types {2}, {3} -> {4}")
    @MethodSource("rows")
    void responseTableRow(String payload, String accept, ContentHandling api, String contentHandling, Expect expect) {
        boolean binary = payload.equals("binary");
        byte[] body;
        if (expect == Expect.DECODED) {
            body = (binary ? PNG_BASE64 : TEXT_BASE64).getBytes(StandardCharsets.US_ASCII);
        } else {
            body = binary ? PNG.clone() : TEXT.getBytes(StandardCharsets.UTF_8);
        }

        Payload out = api.toClient(body, binary, accept, contentHandling);

        switch (expect) {
            case TEXT_AS_IS -> {
                assertThat(new String(out.bytes(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
                assertThat(out.binary()).isFalse();
            }
            case UTF8_MANGLED -> {
                assertThat(new String(out.bytes(), StandardCharsets.UTF_8))
                        .isEqualTo("\uFFFDPNG\r\n\u001a\n\u0000\uFFFD");
                assertThat(out.binary()).isFalse();
            }
            case DECODED -> {
                assertThat(out.bytes()).isEqualTo(binary ? PNG : TEXT.getBytes(StandardCharsets.UTF_8));
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
    void onlyTheFirstMediaTypeOfAcceptCounts() {
        // A browser's image request (developer guide's tip): image/webp first.
        String browser = "image/webp,image/*,*/*;q=0.8";
        assertThat(IMAGES.toClient(PNG.clone(), true, browser, null).bytes())
                .isEqualTo(PNG_BASE64.getBytes(StandardCharsets.US_ASCII));
        ContentHandling withWebp = ContentHandling.of(List.of("image/png", "image/webp"));
        assertThat(withWebp.toClient(PNG.clone(), true, browser, null).bytes()).isEqualTo(PNG);
        assertThat(IMAGES.toClient(PNG.clone(), true, "text/html, image/png", null)
                        .binary())
                .isFalse();
    }

    @Test
    void acceptParametersAndCaseAreIgnored() {
        assertThat(IMAGES.toClient(PNG.clone(), true, "image/png;q=0.9", null).bytes())
                .isEqualTo(PNG);
        assertThat(IMAGES.toClient(PNG.clone(), true, " Image/PNG ", null).bytes())
                .isEqualTo(PNG);
    }

    @Test
    void acceptAnythingIsNotABinaryTypeUnlessTheApiSaysSo() {
        assertThat(IMAGES.toClient(PNG.clone(), true, "*/*", null).binary()).isFalse();
        ContentHandling everything = ContentHandling.of(List.of("*/*"));
        assertThat(everything.toClient(PNG.clone(), true, "*/*", null).bytes()).isEqualTo(PNG);
    }

    @Test
    void noAcceptMeansApplicationJson() {
        assertThat(IMAGES.toClient(PNG.clone(), true, null, null).bytes())
                .isEqualTo(PNG_BASE64.getBytes(StandardCharsets.US_ASCII));
        ContentHandling json = ContentHandling.of(List.of("application/json"));
        assertThat(json.toClient(PNG.clone(), true, null, null).bytes()).isEqualTo(PNG);
        assertThat(json.toClient(PNG.clone(), true, "", null).bytes()).isEqualTo(PNG);
    }

    @Test
    void textThatIsNotBase64CannotBecomeBinary() {
        byte[] body = "{\"not\":\"base64\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> IMAGES.toClient(body, false, "image/png", null))
                .isInstanceOf(ContentConversionException.class);
        assertThatThrownBy(() -> UNDEFINED.toClient(body, false, "application/json", "CONVERT_TO_BINARY"))
                .isInstanceOf(ContentConversionException.class);
    }

    @Test
    void anUnknownContentHandlingIsRejected() {
        assertThatThrownBy(() -> IMAGES.toClient(new byte[0], false, null, "convert_to_text"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("contentHandling: convert_to_text (expected: null, CONVERT_TO_TEXT or CONVERT_TO_BINARY)");
    }
}
