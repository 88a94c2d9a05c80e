package io.turnpike.functions.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Deployment packages unpacked once per {@code CodeSha256} under {@code workDir/code/<sha>/}.
 *
 * <p>Lambda keeps the Unix permissions stored in the zip (a custom runtime's {@code bootstrap} must be
 * executable, and is only if the zip says so), and {@link ZipFile} does not expose them: they live in
 * the "external attributes" of the central directory when the entry was made on Unix, so we read the
 * central directory ourselves for them. Symbolic links (mode {@code 0120000}) become links.
 */
final class CodeStore {

    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;

    private final Path root;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    CodeStore(Path root) {
        this.root = root;
        // unpacking goes through ".tmp-*" directories renamed into place: a crash leaves only those
        if (Files.isDirectory(root)) {
            try (Stream<Path> leftovers = Files.list(root)) {
                leftovers
                        .filter(p -> p.getFileName().toString().startsWith(".tmp-"))
                        .forEach(CodeStore::deleteTree);
            } catch (IOException e) {
                // harmless: they are never read
            }
        }
    }

    /** The unpacked code of {@code spec}, unpacking it first if needed. Blocks: call off the event loop. */
    Path unpacked(FunctionSpec spec) throws IOException {
        String name = safeName(spec.codeSha256());
        Path dir = root.resolve(name);
        synchronized (locks.computeIfAbsent(name, n -> new Object())) {
            if (Files.isDirectory(dir)) {
                return dir;
            }
            Files.createDirectories(root);
            Path tmp = root.resolve(".tmp-" + UUID.randomUUID());
            try {
                unzip(spec.codeZip(), tmp);
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, dir);
                } catch (FileAlreadyExistsException e) {
                    // another process unpacked the same code first
                }
            } finally {
                deleteTree(tmp);
            }
            return dir;
        }
    }

    /** CodeSha256 is base64 ({@code +} and {@code /}); the directory name uses the URL-safe alphabet. */
    static String safeName(String sha) {
        String s = sha.replace('+', '-').replace('/', '_').replace("=", "");
        if (s.isEmpty() || s.startsWith(".") || !s.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("codeSha256: '" + sha + "' (expected: base64 SHA-256)");
        }
        return s;
    }

    static void unzip(Path zip, Path dest) throws IOException {
        Files.createDirectories(dest);
        Map<String, Integer> modes = unixModes(zip);
        Path base = dest.toAbsolutePath().normalize();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = base.resolve(entry.getName()).normalize();
                if (!target.startsWith(base) || target.equals(base)) {
                    continue; // "zip slip": an entry naming a path outside the code directory
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                int mode = modes.getOrDefault(entry.getName(), 0);
                if ((mode & S_IFMT) == S_IFLNK) {
                    try (InputStream in = file.getInputStream(entry)) {
                        String linkTarget = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        Files.createSymbolicLink(target, Path.of(linkTarget));
                    }
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if ((mode & 0777) != 0) {
                    Files.setPosixFilePermissions(target, permissions(mode | 0400));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ
        };
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    /**
     * Entry name → Unix mode, for entries whose "version made by" says Unix (3). Reads the end of
     * central directory record and walks the central directory; zip64 archives and archives without
     * Unix attributes answer an empty map (their files keep default permissions).
     */
    static Map<String, Integer> unixModes(Path zip) throws IOException {
        Map<String, Integer> modes = new HashMap<>();
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = ch.size();
            int tailLength = (int) Math.min(size, 65_557);
            ByteBuffer tail = ByteBuffer.allocate(tailLength).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(tail, size - tailLength);
            int eocd = -1;
            for (int i = tailLength - 22; i >= 0; i--) {
                if (tail.getInt(i) == 0x06054b50) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                return modes;
            }
            int entries = Short.toUnsignedInt(tail.getShort(eocd + 10));
            long cdSize = Integer.toUnsignedLong(tail.getInt(eocd + 12));
            long cdOffset = Integer.toUnsignedLong(tail.getInt(eocd + 16));
            if (cdOffset == 0xFFFFFFFFL || cdSize > Integer.MAX_VALUE || cdOffset + cdSize > size) {
                return modes;
            }
            ByteBuffer cd = ByteBuffer.allocate((int) cdSize).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(cd, cdOffset);
            int p = 0;
            for (int n = 0; n < entries && p + 46 <= cdSize; n++) {
                if (cd.getInt(p) != 0x02014b50) {
                    break;
                }
                int madeBy = Short.toUnsignedInt(cd.getShort(p + 4));
                int nameLength = Short.toUnsignedInt(cd.getShort(p + 28));
                int extraLength = Short.toUnsignedInt(cd.getShort(p + 30));
                int commentLength = Short.toUnsignedInt(cd.getShort(p + 32));
                int external = cd.getInt(p + 38);
                byte[] name = new byte[nameLength];
                cd.get(p + 46, name);
                if ((madeBy >> 8) == 3) {
                    modes.put(new String(name, StandardCharsets.UTF_8), external >>> 16);
                }
                p += 46 + nameLength + extraLength + commentLength;
            }
        }
        return modes;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary directory left behind is harmless
        }
    }
}
