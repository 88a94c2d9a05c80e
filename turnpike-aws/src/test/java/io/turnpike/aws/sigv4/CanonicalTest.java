package io.turnpike.aws.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonical forms, against values worked out by hand from the specification and botocore's code. */
class CanonicalTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/|/",
                "''|/",
                "/restapis/abc123|/restapis/abc123",
                // Already-encoded characters are encoded again ("double encoding").
                "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fabc"
                        + "|/tags/arn%253Aaws%253Aapigateway%253Aus-east-1%253A%253A%252Frestapis%252Fabc",
                "/things/hello%20world|/things/hello%2520world",
                "/a%2fb|/a%252fb",
                // Characters sent raw are encoded once; unreserved ones never.
                "/tags/arn:aws:apigateway:us-east-1::/restapis/abc|/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A/restapis/abc",
                "/files/~1pets~1{petId}|/files/~1pets~1%7BpetId%7D",
                "/a+b/c=d/e!f|/a%2Bb/c%3Dd/e%21f",
                "/-_.~AZaz09|/-_.~AZaz09",
                // Raw non-ASCII: one octet per char up to U+00FF (as the server decoded it), else UTF-8.
                "/caf\u00e9|/caf%E9",
                "/\u20ac|/%E2%82%AC",
                // Dot segments and empty segments are resolved, encoded dots are not.
                "/a/./b/../c//d/|/a/c/d/",
                "/a/b/..|/a",
                "/../../x|/x",
                "/a/%2E%2E/b|/a/%252E%252E/b",
                "//|/",
            })
    void encodesThePathOnceMoreAfterResolvingDotSegments(String rawPath, String expected) {
        assertThat(Canonical.uri(rawPath)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|''",
                "b=2&a=1&a=0|a=0&a=1&b=2",
                // Sorted by encoded name, so upper case before lower case.
                "tag=b&Tag=Z&tag=a|Tag=Z&tag=a&tag=b",
                "flag&empty=|empty=&flag=",
                "a=1&&b=2&|a=1&b=2",
                // '+' is a space, %2B a plus; hex case and needless escapes are normalised.
                "q=a+b%2Bc|q=a%20b%2Bc",
                "x=%2f%7e%41|x=%2F~A",
                "sym=%2B%26%3D%2F&star=*|star=%2A&sym=%2B%26%3D%2F",
                "u=%C3%A9t%C3%A9|u=%C3%A9t%C3%A9",
                "raw=caf\u00e9|raw=caf%E9",
                // A '%' that starts no escape is kept as a '%'.
                "p=100%|p=100%25",
                "p=%zz|p=%25zz",
                "a=b=c|a=b%3Dc",
            })
    void sortsAndNormalisesTheQuery(String rawQuery, String expected) {
        assertThat(Canonical.query(Canonical.parseQuery(rawQuery), parameter -> false))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "value|value",
                "'  a   b \t c  '|a b c",
                "'   '|''",
                "'\"a   b\"'|'\"a b\"'",
                "'a \f\u000b b'|a b",
            })
    void trimsHeaderValuesAndFoldsInnerWhitespace(String value, String expected) {
        assertThat(Canonical.headerValue(value)).isEqualTo(expected);
    }
}
