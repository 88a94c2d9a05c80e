package io.turnpike.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeStoreTest {

    @TempDir
    Path dir;

    @Test
    void storesCodeUnderItsSha256AndCollectsWhatNothingNames() throws Exception {
        CodeStore code = CodeStore.open(dir.resolve("code"));
        byte[] a = "package a".getBytes(StandardCharsets.UTF_8);
        byte[] b = "package b".getBytes(StandardCharsets.UTF_8);

        CodeStore.Stored sa = code.put(a);
        String expected = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(a));
        assertThat(sa.sha256Base64()).isEqualTo(expected);
        assertThat(sa.size()).isEqualTo(a.length);
        assertThat(Files.readAllBytes(code.path(expected))).isEqualTo(a);
        assertThat(code.put(a).path()).isEqualTo(sa.path()); // equal code is stored once
        CodeStore.Stored sb = code.put(b);
        Files.writeString(dir.resolve("code").resolve("upload-123.tmp"), "a crash left this");

        // a reopened store finds what the first one wrote
        CodeStore reopened = CodeStore.open(dir.resolve("code"));
        assertThat(reopened.exists(sa.sha256Base64())).isTrue();

        assertThat(reopened.collect(Set.of(sb.sha256Base64()))).isEqualTo(2);
        assertThat(reopened.exists(sa.sha256Base64())).isFalse();
        assertThat(reopened.exists(sb.sha256Base64())).isTrue();
        try (var files = Files.list(dir.resolve("code"))) {
            assertThat(files).containsExactly(sb.path());
        }
    }
}
