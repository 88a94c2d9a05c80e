package io.turnpike.aws.sigv4;

import java.util.Objects;

/**
 * Credentials to sign requests with.
 *
 * @param accessKeyId the access key id
 * @param secretAccessKey the secret key; never logged ({@link #toString} leaves it out)
 * @param sessionToken the session token of temporary credentials, sent as {@code X-Amz-Security-Token};
 *     null for long-term keys
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public AwsCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (accessKeyId.isBlank()) {
            throw new IllegalArgumentException("accessKeyId: '' (expected: an access key id)");
        }
    }

    @Override
    public String toString() {
        return "AwsCredentials[accessKeyId=" + accessKeyId + (sessionToken == null ? "" : ", temporary") + "]";
    }
}
