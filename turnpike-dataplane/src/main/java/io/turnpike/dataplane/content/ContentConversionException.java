package io.turnpike.dataplane.content;

/**
 * A text payload that had to be converted to binary was not base64. API Gateway answers this with 500,
 * an API configuration error: the developer guide says text-to-binary conversion "assumes that the text
 * data is a Base64-encoded string" and "if the conversion fails, it returns a 500 response indicating an
 * API configuration error".
 *
 * <p>An expected failure of the data path, so it carries no stack trace.
 */
public final class ContentConversionException extends RuntimeException {

    public ContentConversionException(String message) {
        super(message, null, false, false);
    }
}
