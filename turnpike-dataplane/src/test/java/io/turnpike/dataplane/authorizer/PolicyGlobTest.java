package io.turnpike.dataplane.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PolicyDocument.Glob} matches exactly what the regular expression {@link PolicyDocument#glob}
 * built from the same IAM pattern matches: the fast path may not change any policy's answer.
 */
class PolicyGlobTest {

    static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/42";

    @Test
    void typicalPatternsAnswerAsTheRegexDoes() {
        List<String> patterns = List.of(
                "*",
                "**",
                ARN,
                "arn:aws:execute-api:us-east-1:123456789012:abc123/*",
                "arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/*",
                "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*/pets/*",
                "arn:aws:execute-api:*:*:abc123/*/*/pets/*",
                "*/pets/42",
                "*pets*",
                "*GET*GET*",
                "arn:*:*:*",
                "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets",
                "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/4?",
                "",
                "execute-api:Invoke",
                "execute-api:*",
                "EXECUTE-API:invoke",
                "execute-api:Inv*e",
                "*:*");
        List<String> values = List.of(
                ARN,
                ARN + "/",
                "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/pets/42",
                "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/",
                "arn:aws:execute-api:us-east-1:123456789012:other1/prod/GET/pets/42",
                "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/GET",
                "",
                "pets",
                "execute-api:Invoke",
                "Execute-API:INVOKE",
                "execute-api:invokes",
                "execute-apı:invoke",
                "line\nbreak/pets/42");
        for (String pattern : patterns) {
            for (boolean ignoreCase : new boolean[] {false, true}) {
                for (String value : values) {
                    assertSame(pattern, ignoreCase, value);
                }
            }
        }
    }

    @Test
    void randomPatternsAnswerAsTheRegexDoes() {
        Random random = new Random(42);
        String alphabet = "aAbB/*?:ıK";
        for (int i = 0; i < 20_000; i++) {
            String pattern = random(random, alphabet, 6);
            String value = random(random, alphabet.replace("*", "").replace("?", ""), 8);
            assertSame(pattern, random.nextBoolean(), value);
        }
    }

    private static String random(Random random, String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static void assertSame(String pattern, boolean ignoreCase, String value) {
        boolean regex = PolicyDocument.glob(pattern, ignoreCase).matcher(value).matches();
        boolean glob = PolicyDocument.Glob.of(pattern, ignoreCase).matches(value);
        assertThat(glob)
                .as("pattern '%s' (ignoreCase %s) on '%s'", pattern, ignoreCase, value)
                .isEqualTo(regex);
    }

    @Test
    void theCheckCanFail() {
        // the comparison above is only meaningful if the two answers differ for some inputs
        List<Boolean> answers = new ArrayList<>();
        answers.add(PolicyDocument.Glob.of("a*b", false).matches("axb"));
        answers.add(PolicyDocument.Glob.of("a*b", false).matches("axc"));
        assertThat(answers).containsExactly(true, false);
    }
}
