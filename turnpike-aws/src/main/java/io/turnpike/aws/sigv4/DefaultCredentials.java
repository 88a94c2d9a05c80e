package io.turnpike.aws.sigv4;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials Turnpike signs its own outgoing calls with (remote Lambda, AWS-service integrations),
 * found where the AWS SDKs look first: the environment variables {@code AWS_ACCESS_KEY_ID}, {@code
 * AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}, else the profile {@code AWS_PROFILE} (or {@code
 * default}) of the shared credentials file ({@code AWS_SHARED_CREDENTIALS_FILE}, or {@code
 * ~/.aws/credentials}). Container and instance-metadata credentials and SSO are not read.
 *
 * <p>Reads a file: call it at startup, not on an event loop.
 */
public final class DefaultCredentials {

    private DefaultCredentials() {}

    /**
     * @param env the process environment
     * @param home the user's home directory (for {@code ~/.aws/credentials})
     * @throws UncheckedIOException when the credentials file exists but cannot be read
     */
    public static Optional<AwsCredentials> resolve(Map<String, String> env, Path home) {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id != null && !id.isBlank() && secret != null) {
            return Optional.of(new AwsCredentials(id, secret, blankToNull(env.get("AWS_SESSION_TOKEN"))));
        }
        String file = env.get("AWS_SHARED_CREDENTIALS_FILE");
        Path path = file != null ? Path.of(file) : home.resolve(".aws").resolve("credentials");
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        String profile = env.getOrDefault("AWS_PROFILE", "default");
        try {
            Map<String, String> section = section(Files.readString(path, StandardCharsets.UTF_8), profile);
            String pid = section.get("aws_access_key_id");
            String psecret = section.get("aws_secret_access_key");
            if (pid == null || pid.isBlank() || psecret == null) {
                return Optional.empty();
            }
            return Optional.of(new AwsCredentials(pid, psecret, blankToNull(section.get("aws_session_token"))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The keys of one {@code [profile]} section of an INI file. */
    static Map<String, String> section(String ini, String profile) {
        Map<String, String> out = new HashMap<>();
        boolean inside = false;
        for (String raw : ini.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                inside = line.substring(1, line.length() - 1).strip().equals(profile);
                continue;
            }
            int eq = line.indexOf('=');
            if (inside && eq > 0) {
                out.put(
                        line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT),
                        line.substring(eq + 1).strip());
            }
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
