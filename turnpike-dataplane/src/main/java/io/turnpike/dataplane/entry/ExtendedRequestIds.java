package io.turnpike.dataplane.entry;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** {@code x-amz-apigw-id} / {@code $context.extendedRequestId}: 16 base64 characters ending in {@code =}. */
final class ExtendedRequestIds {
    private ExtendedRequestIds() {}

    static String next() {
        byte[] b = new byte[11]; // 11 bytes encode to 15 characters and one '='
        ThreadLocalRandom.current().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
