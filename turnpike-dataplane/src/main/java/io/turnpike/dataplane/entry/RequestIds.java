package io.turnpike.dataplane.entry;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code x-amzn-RequestId} / {@code $context.requestId}: a random (version 4) UUID, as AWS's are. From
 * the thread's own random generator rather than {@link UUID#randomUUID()}, whose shared {@code
 * SecureRandom} costs a lock and allocations on every request; a request id identifies, it guards
 * nothing.
 */
final class RequestIds {
    private RequestIds() {}

    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long lsb = (r.nextLong() & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L; // IETF variant
        return new UUID(msb, lsb).toString();
    }
}
