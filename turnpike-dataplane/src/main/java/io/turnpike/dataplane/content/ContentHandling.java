package io.turnpike.dataplane.content;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * An API's binary media types and the payload conversions they drive, compiled once per API from
 * {@code RestApi.binaryMediaTypes}; immutable and thread-safe.
 *
 * <p><b>What is binary.</b> A request payload is binary when the media type of its {@code Content-Type}
 * matches one of the API's binary media types; a response is wanted as binary when the <em>first</em>
 * media type of the request's {@code Accept} does ("API Gateway only honors the first Accept media
 * type", developer guide). Parameters such as {@code ; charset=UTF-8} and {@code ;q=0.8} are ignored
 * and media types compare case-insensitively. A binary media type may be a wildcard: {@code image/*}
 * matches every image type and {@code *}{@code /*} matches everything. Matching is of the request's
 * value against the API's patterns, not the other way round, so {@code Accept: *}{@code /*} is binary
 * only when the API lists {@code *}{@code /*} (a browser asking for {@code image/webp,image/*} gets
 * binary only if {@code image/webp} matches, which is the developer guide's advice). A request without
 * {@code Content-Type} is text; a request without {@code Accept} is taken to accept {@code
 * application/json}, as for the choice of response templates.
 *
 * <p><b>Conversions.</b> {@link #toIntegration} and {@link #toClient} implement the two tables of the
 * developer guide's "Content type conversions in API Gateway", every row of them. Converting text to
 * binary base64-decodes it (and fails with {@link ContentConversionException} when it is not base64);
 * converting binary to text base64-encodes it. Where the guide says "UTF8-encoded string", the bytes are
 * read as UTF-8 and written back, so text passes unchanged while bytes that are not UTF-8 come out with
 * U+FFFD replacement characters, which is how binary data sent to an API without binary media types
 * arrives mangled on AWS.
 */
public final class ContentHandling {

    private static final String DEFAULT_ACCEPT = "application/json";

    /** The values of {@code contentHandling}. */
    private enum Conversion {
        NONE,
        CONVERT_TO_TEXT,
        CONVERT_TO_BINARY;

        static Conversion of(String contentHandling) {
            if (contentHandling == null) {
                return NONE;
            }
            return switch (contentHandling) {
                case "CONVERT_TO_TEXT" -> CONVERT_TO_TEXT;
                case "CONVERT_TO_BINARY" -> CONVERT_TO_BINARY;
                default -> throw new IllegalArgumentException("contentHandling: " + contentHandling
                        + " (expected: null, CONVERT_TO_TEXT or CONVERT_TO_BINARY)");
            };
        }
    }

    /**
     * A binary media type: type and subtype, either of which may be the wildcard {@code *}. An entry
     * without that form (AWS stores any string) matches only a media type spelled the same.
     */
    private record Range(String whole, String type, String subtype) {

        static Range of(String entry) {
            String whole = mediaType(entry);
            String[] parts = split(whole);
            return parts == null ? new Range(whole, null, null) : new Range(whole, parts[0], parts[1]);
        }

        boolean matches(String mediaType, String[] parts) {
            if (type == null || parts == null) {
                return whole.equals(mediaType);
            }
            return (type.equals("*") || type.equals(parts[0])) && (subtype.equals("*") || subtype.equals(parts[1]));
        }
    }

    private final List<Range> binaryTypes;

    private ContentHandling(List<Range> binaryTypes) {
        this.binaryTypes = binaryTypes;
    }

    /**
     * Compiles an API's binary media types.
     *
     * @param binaryMediaTypes {@code RestApi.binaryMediaTypes} (with {@code /}, as stored), or null
     */
    public static ContentHandling of(List<String> binaryMediaTypes) {
        List<Range> ranges = new ArrayList<>();
        if (binaryMediaTypes != null) {
            for (String entry : binaryMediaTypes) {
                if (entry != null && !entry.isBlank()) {
                    ranges.add(Range.of(entry));
                }
            }
        }
        return new ContentHandling(List.copyOf(ranges));
    }

    /**
     * Whether a {@code Content-Type}, or the first media type of an {@code Accept}, is one of the API's
     * binary media types. Parameters and any media types after the first are ignored; null is not
     * binary.
     */
    public boolean isBinary(String contentTypeOrAcceptFirstMediaType) {
        if (contentTypeOrAcceptFirstMediaType == null || binaryTypes.isEmpty()) {
            return false;
        }
        String mediaType = mediaType(contentTypeOrAcceptFirstMediaType);
        if (mediaType.isEmpty()) {
            return false;
        }
        String[] parts = split(mediaType);
        for (Range r : binaryTypes) {
            if (r.matches(mediaType, parts)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the integration receives (the request table).
     *
     * <pre>
     * payload (Content-Type)        contentHandling         integration receives
     * text (not a binary type)      unset, CONVERT_TO_TEXT  the text (UTF-8)
     * text                          CONVERT_TO_BINARY       the text base64-decoded (binary)
     * binary (a binary type)        unset, CONVERT_TO_BINARY the bytes as they are (binary)
     * binary                        CONVERT_TO_TEXT         the bytes base64-encoded (text)
     * </pre>
     *
     * @param body the request body; may be returned as is
     * @param requestContentType the request's {@code Content-Type}, or null
     * @param contentHandling the integration's {@code contentHandling}: null, {@code CONVERT_TO_TEXT} or
     *     {@code CONVERT_TO_BINARY}
     * @throws ContentConversionException when text to be converted to binary is not base64
     */
    public Payload toIntegration(byte[] body, String requestContentType, String contentHandling) {
        Conversion conversion = Conversion.of(contentHandling);
        if (isBinary(requestContentType)) {
            return conversion == Conversion.CONVERT_TO_TEXT
                    ? new Payload(encode(body), false)
                    : new Payload(body, true);
        }
        return conversion == Conversion.CONVERT_TO_BINARY
                ? new Payload(decode(body), true)
                : new Payload(utf8(body), false);
    }

    /**
     * What the client receives (the response table).
     *
     * <pre>
     * binary types  payload  first Accept  contentHandling    client receives
     * none          any      (any)         unset, TO_TEXT     the payload as a UTF-8 string
     * none          any      (any)         CONVERT_TO_BINARY  the payload base64-decoded
     * set           text     text type     unset              the text
     * set           text     binary type   unset              the text base64-decoded
     * set           text     any           CONVERT_TO_BINARY  the text base64-decoded
     * set           text     any           CONVERT_TO_TEXT    the text
     * set           binary   text type     unset              the bytes base64-encoded
     * set           binary   binary type   unset              the bytes as they are
     * set           binary   any           CONVERT_TO_BINARY  the bytes as they are
     * set           binary   any           CONVERT_TO_TEXT    the bytes base64-encoded
     * </pre>
     *
     * @param body the integration's payload; may be returned as is
     * @param integrationPayloadIsBinary whether the integration's payload is binary
     * @param accept the request's whole {@code Accept} header, or null
     * @param contentHandling the integration response's {@code contentHandling}: null, {@code
     *     CONVERT_TO_TEXT} or {@code CONVERT_TO_BINARY}
     * @throws ContentConversionException when text to be converted to binary is not base64
     */
    public Payload toClient(byte[] body, boolean integrationPayloadIsBinary, String accept, String contentHandling) {
        Conversion conversion = Conversion.of(contentHandling);
        if (binaryTypes.isEmpty()) {
            return conversion == Conversion.CONVERT_TO_BINARY
                    ? new Payload(decode(body), true)
                    : new Payload(utf8(body), false);
        }
        boolean wantsBinary = isBinary(accept == null || accept.isBlank() ? DEFAULT_ACCEPT : accept);
        if (integrationPayloadIsBinary) {
            return switch (conversion) {
                case CONVERT_TO_TEXT -> new Payload(encode(body), false);
                case CONVERT_TO_BINARY -> new Payload(body, true);
                case NONE -> wantsBinary ? new Payload(body, true) : new Payload(encode(body), false);
            };
        }
        return switch (conversion) {
            case CONVERT_TO_TEXT -> new Payload(utf8(body), false);
            case CONVERT_TO_BINARY -> new Payload(decode(body), true);
            case NONE -> wantsBinary ? new Payload(decode(body), true) : new Payload(utf8(body), false);
        };
    }

    /** The first media type of a header, without parameters, trimmed and lower-cased. */
    private static String mediaType(String header) {
        int end = header.length();
        int comma = header.indexOf(',');
        if (comma >= 0) {
            end = comma;
        }
        int semicolon = header.indexOf(';');
        if (semicolon >= 0 && semicolon < end) {
            end = semicolon;
        }
        return header.substring(0, end).trim().toLowerCase(Locale.ROOT);
    }

    /** Type and subtype of a media type, or null when it has not exactly that form. */
    private static String[] split(String mediaType) {
        int slash = mediaType.indexOf('/');
        if (slash <= 0 || slash == mediaType.length() - 1 || mediaType.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        return new String[] {
            mediaType.substring(0, slash).trim(), mediaType.substring(slash + 1).trim()
        };
    }

    private static byte[] encode(byte[] body) {
        return Base64.getEncoder().encode(body);
    }

    /** Base64-decodes text; line breaks and spaces (as in MIME-wrapped base64) are skipped. */
    private static byte[] decode(byte[] text) {
        byte[] compact = text;
        int kept = 0;
        for (byte b : text) {
            if (!isSpace(b)) {
                kept++;
            }
        }
        if (kept != text.length) {
            compact = new byte[kept];
            int i = 0;
            for (byte b : text) {
                if (!isSpace(b)) {
                    compact[i++] = b;
                }
            }
        }
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new ContentConversionException(
                    "payload: not base64, cannot convert it to binary (" + e.getMessage() + ")");
        }
    }

    private static boolean isSpace(byte b) {
        return b == '\r' || b == '\n' || b == ' ' || b == '\t';
    }

    /** The bytes as a UTF-8 string: unchanged when they are UTF-8, with U+FFFD for what is not. */
    private static byte[] utf8(byte[] body) {
        boolean ascii = true;
        for (byte b : body) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return body;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return body;
        } catch (CharacterCodingException e) {
            return new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        }
    }
}
