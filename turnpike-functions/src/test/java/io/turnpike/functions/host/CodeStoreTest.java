package io.turnpike.functions.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeStoreTest {

    @TempDir
    Path tmp;

    @Test
    void keepsUnixModesFromTheZip() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("bootstrap*", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        files.put("lib/data.txt", "data".getBytes(StandardCharsets.UTF_8));
        Path zip = TestFunctions.zip(tmp, files);
        Path dest = tmp.resolve("out");

        CodeStore.unzip(zip, dest);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("bootstrap"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("lib/data.txt"))))
                .isEqualTo("rw-r--r--");
        assertThat(Files.readString(dest.resolve("lib/data.txt"))).isEqualTo("data");
    }

    @Test
    void zipWithoutUnixAttributesAndEntriesOutsideTheDirectory() throws Exception {
        Path zip = tmp.resolve("plain.zip");
        try (OutputStream out = Files.newOutputStream(zip);
                ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("index.js"));
            z.write("exports.handler = 1;".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("../escaped.txt"));
            z.write("nope".getBytes(StandardCharsets.UTF_8));
        }
        Path dest = tmp.resolve("code/x");

        CodeStore.unzip(zip, dest);

        assertThat(CodeStore.unixModes(zip)).isEmpty();
        assertThat(Files.readString(dest.resolve("index.js"))).isEqualTo("exports.handler = 1;");
        assertThat(tmp.resolve("code/escaped.txt")).doesNotExist();
    }

    @Test
    void unpacksOncePerCodeSha() throws Exception {
        Path zip = TestFunctions.zipText(tmp, "index.js", "v1");
        String sha = TestFunctions.sha(zip);
        FunctionSpec spec = TestFunctions.spec("f", "nodejs20.x", "index.handler", zip, 3, 1);
        CodeStore store = new CodeStore(tmp.resolve("code"));

        Path first = store.unpacked(spec);
        Files.writeString(first.resolve("marker"), "kept");
        Path second = store.unpacked(spec);

        assertThat(second).isEqualTo(first);
        assertThat(first.getFileName().toString()).isEqualTo(CodeStore.safeName(sha));
        assertThat(first.getFileName().toString()).doesNotContain("/", "+", "=");
        assertThat(Files.readString(second.resolve("marker"))).isEqualTo("kept");
    }

    @Test
    void refusesAShaThatIsNotBase64() {
        assertThatThrownBy(() -> CodeStore.safeName("../../etc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("codeSha256: '../../etc' (expected: base64 SHA-256)");
    }

    @Test
    void badZipIsAServiceError() throws Exception {
        Path notZip = tmp.resolve("bad.zip");
        Files.writeString(notZip, "not a zip");
        try (ProcessFunctionHost host = new ProcessFunctionHost(tmp.resolve("functions"))) {
            FunctionSpec spec = TestFunctions.spec("badzip", "nodejs20.x", "index.handler", notZip, 3, 1);
            assertThatThrownBy(
                            () -> host.invoke(spec, TestFunctions.event("{}")).get())
                    .cause()
                    .isInstanceOfSatisfying(io.turnpike.aws.AwsException.class, e -> {
                        assertThat(e.status()).isEqualTo(502);
                        assertThat(e.errorType()).isEqualTo("InvalidZipFileException");
                    });
            assertThat(host.instanceCount(spec)).isZero();
        }
    }

    @Test
    void leftoversOfAnInterruptedUnpackAreRemoved() throws Exception {
        Path leftover = tmp.resolve("code/.tmp-123/index.js");
        Files.createDirectories(leftover.getParent());
        Files.writeString(leftover, "half");
        Path kept = tmp.resolve("code/abc/index.js");
        Files.createDirectories(kept.getParent());
        Files.writeString(kept, "whole");

        new CodeStore(tmp.resolve("code"));

        assertThat(tmp.resolve("code/.tmp-123")).doesNotExist();
        assertThat(kept).hasContent("whole");
    }
}
