package io.turnpike.dataplane.entry;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code x-amz-apigw-id} / {@code $context.extendedRequestId}: 16 base64 characters ending in {@code =},
 * the standard base64 of 11 random bytes, written straight into the id's own bytes (no byte array to
 * encode, no encoder output to copy) since every request gets one.
 */
final class ExtendedRequestIds {
    private ExtendedRequestIds() {}

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = r.nextLong(); // bits 87..24 of the 88 random bits
        long lo = r.nextInt() & 0xFFFFFFL; // bits 23..0
        byte[] out = new byte[16];
        // 14 whole sextets from the 88 bits, then the last 4 bits padded with two zero bits, then '='
        for (int i = 0; i < 10; i++) { // sextets 0..9: bits 87..28, all in hi
            out[i] = ALPHABET[(int) (hi >>> (58 - 6 * i)) & 0x3F];
        }
        long rest = ((hi & 0xFL) << 24) | lo; // bits 27..0
        for (int i = 10; i < 14; i++) { // sextets 10..13: bits 27..4
            out[i] = ALPHABET[(int) (rest >>> (22 - 6 * (i - 10))) & 0x3F];
        }
        out[14] = ALPHABET[(int) (rest & 0xF) << 2];
        out[15] = '=';
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
