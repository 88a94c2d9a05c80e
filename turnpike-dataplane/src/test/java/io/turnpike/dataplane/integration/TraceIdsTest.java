package io.turnpike.dataplane.integration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceIdsTest {

    @Test
    void rootsHaveXrayFormatWithTheEpochSeconds() {
        String root = TraceIds.newRoot(1_700_000_000_123L);
        assertThat(root).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
        assertThat(root).startsWith("Root=1-" + Long.toHexString(1_700_000_000L) + "-");
        assertThat(TraceIds.newRoot(1_700_000_000_123L)).isNotEqualTo(root);
    }
}
