package io.turnpike.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Properties;

/**
 * The access key pair admin calls must be signed with: from {@code TURNPIKE_ACCESS_KEY_ID} and {@code
 * TURNPIKE_SECRET_ACCESS_KEY} when both are set, otherwise from {@code credentials} in the data
 * directory, generated there (owner-only, mode 0600) on first start.
 */
record AdminCredentials(String accessKeyId, String secretAccessKey, Source source) {

    enum Source {
        ENVIRONMENT,
        DATA_DIR,
        GENERATED
    }

    static final String FILE = "credentials";
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    static AdminCredentials resolve(Map<String, String> env, Path dataDir) throws IOException {
        String id = env.get("TURNPIKE_ACCESS_KEY_ID");
        String secret = env.get("TURNPIKE_SECRET_ACCESS_KEY");
        if (id != null && !id.isBlank() && secret != null && !secret.isBlank()) {
            return new AdminCredentials(id, secret, Source.ENVIRONMENT);
        }
        if ((id != null && !id.isBlank()) != (secret != null && !secret.isBlank())) {
            throw new IllegalArgumentException(
                    "TURNPIKE_ACCESS_KEY_ID and TURNPIKE_SECRET_ACCESS_KEY: only one is set (expected: both or neither)");
        }
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            return read(file);
        }
        SecureRandom random = new SecureRandom();
        AdminCredentials generated = new AdminCredentials(
                "TPK" + random(random, KEY_ALPHABET, 17), random(random, SECRET_ALPHABET, 40), Source.GENERATED);
        Files.createDirectories(dataDir);
        Properties p = new Properties();
        p.setProperty("aws_access_key_id", generated.accessKeyId());
        p.setProperty("aws_secret_access_key", generated.secretAccessKey());
        try {
            // created with owner-only permissions from the start, so the secret is never readable by others
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return read(file); // another process generated it first
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
            p.store(out, "Turnpike admin credentials: sign admin calls with these (see README)");
        }
        return generated;
    }

    private static AdminCredentials read(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        String id = p.getProperty("aws_access_key_id");
        String secret = p.getProperty("aws_secret_access_key");
        if (id == null || secret == null) {
            throw new IllegalArgumentException(file + ": aws_access_key_id or aws_secret_access_key missing"
                    + " (expected: both; delete the file to generate a new pair)");
        }
        return new AdminCredentials(id, secret, Source.DATA_DIR);
    }

    private static String random(SecureRandom random, String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "AdminCredentials[accessKeyId=" + accessKeyId + ", source=" + source + "]";
    }
}
