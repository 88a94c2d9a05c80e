package io.turnpike.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Keeps SQLite's native library in the data directory, so that a start loads it from there.
 *
 * <p>Left alone, the driver copies the library (1 MB) out of the jar into the temporary directory under
 * a new random name on every start, reads it back byte by byte to check the copy, and deletes it at exit;
 * a process that is killed ({@code kill -9}, the OOM killer, a container stop past its grace period)
 * leaves its copy and lock file behind for good, a megabyte of temporary space (RAM, on a tmpfs) per
 * unclean exit. Here the library is copied once per driver version and platform into {@code
 * <data-dir>/native/}, and the driver is pointed at it ({@code org.sqlite.lib.path}, which it tries
 * first); a copy whose size is not the jar's is replaced. The data directory, unlike a shared temporary
 * directory, is the user's own. Anything going wrong here leaves the driver to do what it always does,
 * and so does a {@code -Dorg.sqlite.lib.path} given on the command line. (Start-to-ready did not move
 * measurably either way: bench/README.md, third pass.)
 */
final class NativeLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private static boolean prepared;

    private NativeLibrary() {}

    /** Before the first connection of the process: copies the library if needed and points the driver at it. */
    static synchronized void prepare(Path dataDirectory) {
        if (prepared || System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        prepared = true;
        try {
            Path library = keep(dataDirectory);
            if (library != null) {
                System.setProperty(
                        PATH_PROPERTY, library.getParent().toAbsolutePath().toString());
                System.setProperty(NAME_PROPERTY, library.getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            LOG.atDebug()
                    .addKeyValue("dataDir", dataDirectory)
                    .addKeyValue("reason", String.valueOf(e.getMessage()))
                    .log("cannot keep SQLite's native library in the data directory; the driver extracts it");
        }
    }

    /**
     * The library under {@code dataDirectory/native/}, copied from the jar unless a copy of the same size
     * is there already; null when the driver bundles none for this platform.
     */
    static Path keep(Path dataDirectory) throws IOException {
        String folder = LibraryLoaderUtil.getNativeLibResourcePath(); // /org/sqlite/native/Linux/x86_64
        String name = LibraryLoaderUtil.getNativeLibName();
        URL resource = SQLiteJDBCLoader.class.getResource(folder + "/" + name);
        if (resource == null) {
            return null; // the driver reports the missing library itself
        }
        String platform = folder.replace("/org/sqlite/native/", "").replace('/', '-');
        Path dir = dataDirectory.resolve("native").resolve("sqlite-" + SQLiteJDBCLoader.getVersion() + "-" + platform);
        Path library = dir.resolve(name);
        long size = resource.openConnection().getContentLengthLong();
        if (size >= 0 && Files.isRegularFile(library) && Files.size(library) == size) {
            return library;
        }
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, name, ".partial");
        try (InputStream in = resource.openStream()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return library;
    }
}
