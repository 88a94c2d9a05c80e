package io.turnpike.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Function code (deployment packages), content-addressed by SHA-256 in a directory of the data dir.
 *
 * <p>Durability contract: {@link #put} returns only after the bytes are on disk under their final name
 * (written to a temporary file, forced, atomically renamed, and the directory forced), so a document
 * that names the code and is committed afterwards never points at code a crash could lose. Equal code
 * is stored once. Code that no document names any more is removed by {@link #collect}.
 */
public final class CodeStore {

    private final Path dir;

    private CodeStore(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating if needed) a code store in {@code dir}. */
    public static CodeStore open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create code directory " + dir, e);
        }
        return new CodeStore(dir);
    }

    /** What {@link #put} stored: Lambda's {@code CodeSha256} (base64) and {@code CodeSize}. */
    public record Stored(String sha256Base64, long size, Path path) {}

    /** Stores the bytes durably; returns at once when the same code is already stored. */
    public Stored put(byte[] code) {
        byte[] digest = sha256(code);
        String b64 = Base64.getEncoder().encodeToString(digest);
        Path target = dir.resolve(HexFormat.of().formatHex(digest) + ".zip");
        if (Files.exists(target)) {
            return new Stored(b64, code.length, target);
        }
        try {
            Path tmp = Files.createTempFile(dir, "upload-", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(code);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory();
            return new Stored(b64, code.length, target);
        } catch (IOException e) {
            throw new StoreException("cannot store function code: " + e.getMessage(), e);
        }
    }

    /** The file holding the code of that {@code CodeSha256}. It may not exist (see {@link #exists}). */
    public Path path(String sha256Base64) {
        return dir.resolve(HexFormat.of().formatHex(Base64.getDecoder().decode(sha256Base64)) + ".zip");
    }

    public boolean exists(String sha256Base64) {
        return Files.exists(path(sha256Base64));
    }

    /**
     * Removes every stored package whose {@code CodeSha256} is not in {@code referenced}, and leftover
     * temporary files; returns how many files were removed. Call it with the complete set read in one
     * store transaction, and not concurrently with uploads whose documents are not committed yet.
     */
    public int collect(Set<String> referenced) {
        Set<Path> keep = new java.util.HashSet<>();
        for (String sha : referenced) {
            keep.add(path(sha));
        }
        int removed = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!keep.contains(p)) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot collect function code: " + e.getMessage(), e);
        }
        return removed;
    }

    private void forceDirectory() {
        // fsync of the directory makes the rename itself durable; not every platform allows opening one
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Windows cannot open directories; its rename is durable once the file is
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
