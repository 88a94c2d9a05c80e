package io.turnpike.dataplane.usageplan;

import io.turnpike.dataplane.throttle.TokenBucket;
import io.turnpike.model.usage.QuotaSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * Every API key, immutable, by the SHA-256 of its value, with the plan it is in for each API stage.
 *
 * <p><b>Looking a key up.</b> A presented value is hashed and the hash looked up; a hit is then confirmed
 * by comparing the values with {@link MessageDigest#isEqual} (constant time). The map is keyed by a hash
 * so that finding the candidate does not compare the secret itself character by character, and nothing
 * is remembered about values that match no key: a brute force of wrong keys allocates only per request
 * and leaves no state behind.
 */
final class KeyTable {

    static final KeyTable EMPTY = new KeyTable(Map.of());

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    private final Map<ByteBuffer, Key> byHash;

    KeyTable(Map<ByteBuffer, Key> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    /** A key and the plan it is in per API stage ({@code apiId → stage → plan}). */
    record Key(String id, byte[] value, String valueText, boolean enabled, Map<String, Map<String, Binding>> stages) {
        Binding binding(String apiId, String stage) {
            Map<String, Binding> s = stages.get(apiId);
            return s == null ? null : s.get(stage);
        }

        @Override
        public String toString() {
            return "Key[id=" + id + "]"; // never the value
        }
    }

    /**
     * A key's membership in one plan for one API stage.
     *
     * @param keyBucket the plan's throttle for this key (shared by all the plan's stages), or null
     * @param methodBuckets the plan's per-method throttles for this stage, by {@code /path/VERB}
     */
    record Binding(
            String planId,
            TokenBucket keyBucket,
            Map<String, TokenBucket> methodBuckets,
            QuotaSettings quota,
            QuotaCounter counter) {}

    static ByteBuffer hash(byte[] value) {
        return ByteBuffer.wrap(SHA256.get().digest(value));
    }

    /** The enabled-or-not key whose value is {@code presented}, or null. */
    Key find(String presented) {
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        Key k = byHash.get(hash(bytes));
        if (k == null || !MessageDigest.isEqual(k.value(), bytes)) {
            return null;
        }
        return k;
    }

    int size() {
        return byHash.size();
    }
}
