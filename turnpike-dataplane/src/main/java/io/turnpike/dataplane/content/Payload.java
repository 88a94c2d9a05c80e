package io.turnpike.dataplane.content;

import java.util.Objects;

/**
 * A payload after conversion. The array is handed over, not copied: whoever receives a payload owns
 * its bytes.
 *
 * @param bytes the payload
 * @param binary whether it is binary (raw bytes, which mapping templates cannot read) rather than
 *     UTF-8 text
 */
public record Payload(byte[] bytes, boolean binary) {

    public Payload {
        Objects.requireNonNull(bytes, "bytes");
    }
}
