package io.turnpike.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

class NativeLibraryTest {

    @TempDir
    Path dir;

    private static byte[] bundled() throws Exception {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    @Test
    void theLibraryIsCopiedIntoTheDataDirectoryOncePerVersionAndPlatform() throws Exception {
        Path library = NativeLibrary.keep(dir);

        assertThat(library).isNotNull();
        assertThat(library.getParent().getParent()).isEqualTo(dir.resolve("native"));
        assertThat(library.getParent().getFileName().toString())
                .startsWith("sqlite-" + SQLiteJDBCLoader.getVersion() + "-");
        assertThat(Files.readAllBytes(library)).isEqualTo(bundled());
        assertThat(Files.list(library.getParent())).containsExactly(library); // no partial copy left behind

        // a later start finds it and leaves it alone
        FileTime marked = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(library, marked);
        assertThat(NativeLibrary.keep(dir)).isEqualTo(library);
        assertThat(Files.getLastModifiedTime(library)).isEqualTo(marked);
    }

    @Test
    void aCopyOfTheWrongSizeIsReplaced() throws Exception {
        Path library = NativeLibrary.keep(dir);
        Files.write(library, new byte[] {1, 2, 3});

        assertThat(NativeLibrary.keep(dir)).isEqualTo(library);
        assertThat(Files.readAllBytes(library)).isEqualTo(bundled());
    }
}
