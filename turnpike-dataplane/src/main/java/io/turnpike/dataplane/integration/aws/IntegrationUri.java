package io.turnpike.dataplane.integration.aws;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code AWS}/{@code AWS_PROXY} integration URI, parsed: a Lambda function, an AWS-service action
 * ({@code arn:aws:apigateway:{region}:{service}[.{subdomain}]:action/{Action}}) or an AWS-service path
 * ({@code ...:{service}[.{subdomain}]:path/{path}}). Stage variables must already be substituted.
 */
public sealed interface IntegrationUri {

    Pattern ARN =
            Pattern.compile("arn:aws:apigateway:([a-z0-9-]+):([A-Za-z0-9.-]+):(action|path)/(.*)", Pattern.DOTALL);
    Pattern LAMBDA_PATH = Pattern.compile("2015-03-31/functions/(.+)/invocations/?");
    Pattern FUNCTION_ARN = Pattern.compile(
            "(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?");

    /**
     * A Lambda function.
     *
     * @param function the function without qualifier (an ARN, or a name as the URI gave it)
     * @param qualifier the version or alias after the function name, or null
     */
    record Lambda(String region, String function, String qualifier) implements IntegrationUri {}

    /** An action of a query-protocol style service, such as SQS {@code SendMessage}. */
    record ServiceAction(String region, String service, String subdomain, String action) implements IntegrationUri {}

    /** A path of a REST style service, such as S3 {@code {bucket}/{key}}; placeholders not yet filled. */
    record ServicePath(String region, String service, String subdomain, String path) implements IntegrationUri {}

    /** @throws IllegalArgumentException naming the URI when it is none of these forms */
    static IntegrationUri parse(String uri) {
        Matcher m = uri == null ? null : ARN.matcher(uri);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("uri: " + uri
                    + " (expected: arn:aws:apigateway:{region}:{service}:action/{Action} or ...:path/{path})");
        }
        String region = m.group(1);
        String serviceAndSub = m.group(2);
        String service = serviceAndSub;
        String subdomain = null;
        int dot = serviceAndSub.lastIndexOf('.');
        if (dot > 0) {
            subdomain = serviceAndSub.substring(0, dot);
            service = serviceAndSub.substring(dot + 1);
        }
        String rest = m.group(4);
        if (service.equals("lambda") && m.group(3).equals("path")) {
            Matcher l = LAMBDA_PATH.matcher(rest);
            if (!l.matches()) {
                throw new IllegalArgumentException(
                        "uri: " + uri + " (expected: ...:lambda:path/2015-03-31/functions/{functionArn}/invocations)");
            }
            String fn = l.group(1);
            Matcher f = FUNCTION_ARN.matcher(fn);
            if (f.matches()) {
                return new Lambda(region, f.group(1), f.group(2));
            }
            int colon = fn.indexOf(':');
            if (!fn.startsWith("arn:") && colon > 0 && !fn.substring(0, colon).matches("\\d{12}")) {
                return new Lambda(region, fn.substring(0, colon), fn.substring(colon + 1)); // name:alias
            }
            return new Lambda(region, fn, null);
        }
        if (m.group(3).equals("action")) {
            return new ServiceAction(region, service, subdomain, rest);
        }
        return new ServicePath(region, service, subdomain, rest);
    }
}
