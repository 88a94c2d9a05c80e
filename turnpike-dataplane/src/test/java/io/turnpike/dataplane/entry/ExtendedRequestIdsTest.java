package io.turnpike.dataplane.entry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExtendedRequestIdsTest {

    @Test
    void idsAreTheCanonicalBase64Of11BytesAndDiffer() {
        Set<String> seen = new HashSet<>();
        int[] ones = new int[88];
        int n = 20_000;
        for (int k = 0; k < n; k++) {
            String id = ExtendedRequestIds.next();
            assertThat(id).hasSize(16).endsWith("=").matches("[A-Za-z0-9+/]{15}=");
            byte[] raw = Base64.getDecoder().decode(id);
            assertThat(raw).hasSize(11);
            // canonical: encoding the bytes again gives the same text (the padding bits are zero)
            assertThat(Base64.getEncoder().encodeToString(raw)).isEqualTo(id);
            seen.add(id);
            for (int bit = 0; bit < 88; bit++) {
                ones[bit] += (raw[bit / 8] >>> (7 - bit % 8)) & 1;
            }
        }
        assertThat(seen).hasSize(n);
        // every one of the 88 bits is random: none stuck at 0 or 1 (expected ~10,000 of 20,000 each)
        for (int bit = 0; bit < 88; bit++) {
            assertThat(ones[bit]).as("bit %d", bit).isBetween(9_000, 11_000);
        }
    }
}
