package io.turnpike.aws;

import java.security.SecureRandom;

/**
 * Identifiers in the formats Amazon API Gateway uses: lowercase alphanumerics, 10 characters for REST
 * APIs, root resources and API keys, 6 for child resources, deployments, models, validators and the
 * like; API key values are 40 mixed-case alphanumerics.
 */
public final class Ids {
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String MIXED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** A REST API, root resource or API key id. */
    public static String long10() {
        return random(LOWER, 10);
    }

    /** A child resource, deployment, model, request validator, authorizer or usage plan id. */
    public static String short6() {
        return random(LOWER, 6);
    }

    /** An API key value. */
    public static String apiKeyValue() {
        return random(MIXED, 40);
    }

    static String random(String alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet.charAt(RANDOM.nextInt(alphabet.length()));
        }
        return new String(out);
    }
}
