package io.turnpike.controlplane.resource;

import io.turnpike.aws.AwsException;
import io.turnpike.model.rest.Integration;
import io.turnpike.model.rest.IntegrationResponse;
import io.turnpike.model.rest.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What AWS fills in and checks when an integration or integration response is put or patched.
 *
 * <p>Defaults ({@link #withDefaults}): {@code cacheKeyParameters} {@code []}, {@code cacheNamespace}
 * the resource id, {@code passthroughBehavior} WHEN_NO_MATCH, {@code timeoutInMillis} 29000, and
 * {@code connectionType} INTERNET for HTTP and HTTP_PROXY only (AWS, AWS_PROXY and MOCK integrations
 * come back without one unless it was given).
 *
 * <p>Checks ({@link #check}), in this order: a backend method for every type but MOCK; an absolute
 * http(s) URL for HTTP and HTTP_PROXY (stage variables and path parameters may appear in it); an
 * {@code arn:aws:apigateway:{region}:{service}:path|action/...} URI for AWS and AWS_PROXY, and for
 * AWS_PROXY a Lambda function invocation or Firehose; a timeout of 50 to 29000 ms; then the parameter
 * mappings, whose method-request sources the method must declare.
 */
final class IntegrationRules {

    static final List<String> TYPES = List.of("HTTP", "HTTP_PROXY", "AWS", "AWS_PROXY", "MOCK");
    static final List<String> PASSTHROUGH = List.of("WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER");
    static final List<String> CONNECTION_TYPES = List.of("INTERNET", "VPC_LINK");
    static final List<String> CONTENT_HANDLING = List.of("CONVERT_TO_BINARY", "CONVERT_TO_TEXT");
    static final int MIN_TIMEOUT = 50;
    static final int MAX_TIMEOUT = 29000;

    private static final Pattern ANY_ARN = Pattern.compile("arn:[^:]+:.*");
    private static final Pattern APIGATEWAY_ARN =
            Pattern.compile("arn:aws[a-z-]*:apigateway:[^:]+:([A-Za-z0-9.-]+):(path|action)/.+");
    private static final Pattern LAMBDA_INVOCATION = Pattern.compile(
            ".*:lambda:path/\\d{4}-\\d{2}-\\d{2}/functions/.+/(invocations|response-streaming-invocations)");
    /** Stage variables ({@code ${stageVariables.host}}) and path parameters ({@code {proxy}}) in a URL. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}|\\{[^}]*}");

    private IntegrationRules() {}

    /** The integration as AWS stores it: defaults filled in for everything the caller left out. */
    static Integration withDefaults(Integration i, String resourceId) {
        String connectionType = i.connectionType();
        if (connectionType == null && ("HTTP".equals(i.type()) || "HTTP_PROXY".equals(i.type()))) {
            connectionType = "INTERNET";
        }
        return new Integration(
                i.type(),
                i.httpMethod(),
                i.uri(),
                connectionType,
                i.connectionId(),
                i.credentials(),
                i.requestParameters(),
                i.requestTemplates(),
                i.passthroughBehavior() == null ? "WHEN_NO_MATCH" : i.passthroughBehavior(),
                i.contentHandling(),
                i.timeoutInMillis() == null ? MAX_TIMEOUT : i.timeoutInMillis(),
                i.cacheNamespace() == null ? resourceId : i.cacheNamespace(),
                i.cacheKeyParameters() == null ? List.of() : i.cacheKeyParameters(),
                i.integrationResponses(),
                i.tlsConfig(),
                i.responseTransferMode(),
                i.integrationTarget());
    }

    /** Answers AWS's 400 for the first thing wrong with the integration of {@code method}. */
    static void check(Integration i, Method method) {
        String type = i.type();
        if (!TYPES.contains(type)) {
            throw AwsException.badRequest(
                    "Invalid integration type specified: " + type + " (expected: one of " + TYPES + ")");
        }
        if (!type.equals("MOCK")) {
            if (i.httpMethod() == null || i.httpMethod().isEmpty()) {
                throw AwsException.badRequest("Enumeration value for HttpMethod must be non-empty");
            }
        }
        if (i.httpMethod() != null && !i.httpMethod().isEmpty()) {
            ResourceTree.checkHttpMethod(i.httpMethod());
        }
        switch (type) {
            case "HTTP", "HTTP_PROXY" -> {
                if (!isHttpUrl(i.uri())) {
                    throw AwsException.badRequest("Invalid HTTP endpoint specified for URI");
                }
            }
            case "AWS", "AWS_PROXY" -> {
                if (i.uri() == null || !ANY_ARN.matcher(i.uri()).matches()) {
                    throw AwsException.badRequest("Invalid ARN specified in the request");
                }
                var arn = APIGATEWAY_ARN.matcher(i.uri());
                if (!arn.matches()) {
                    throw AwsException.badRequest("AWS ARN for integration must contain path or action");
                }
                if (type.equals("AWS_PROXY")
                        && !LAMBDA_INVOCATION.matcher(i.uri()).matches()
                        && !arn.group(1).equals("firehose")) {
                    throw AwsException.badRequest("Integrations of type 'AWS_PROXY' currently only supports Lambda"
                            + " function and Firehose stream invocations.");
                }
            }
            default -> {
                // MOCK has no backend to check
            }
        }
        if (i.timeoutInMillis() != null && (i.timeoutInMillis() < MIN_TIMEOUT || i.timeoutInMillis() > MAX_TIMEOUT)) {
            throw AwsException.badRequest("Timeout should be between 50 ms and 29000 ms");
        }
        if (i.passthroughBehavior() != null && !PASSTHROUGH.contains(i.passthroughBehavior())) {
            throw AwsException.badRequest("Invalid passthrough behavior specified: " + i.passthroughBehavior()
                    + " (expected: one of " + PASSTHROUGH + ")");
        }
        if (i.connectionType() != null && !CONNECTION_TYPES.contains(i.connectionType())) {
            throw AwsException.badRequest("Invalid connection type specified: " + i.connectionType()
                    + " (expected: one of " + CONNECTION_TYPES + ")");
        }
        if ("VPC_LINK".equals(i.connectionType())
                && (i.connectionId() == null || i.connectionId().isEmpty())) {
            throw AwsException.badRequest(
                    "Invalid connection id specified: connectionType VPC_LINK needs the id of a VPC link as connectionId");
        }
        checkContentHandling(i.contentHandling());
        Mappings.checkIntegrationRequestParameters(i.requestParameters(), method);
        Mappings.checkContentTypes(i.requestTemplates());
    }

    /** Answers AWS's 400 for the first thing wrong with an integration response of {@code method}. */
    static void check(IntegrationResponse r, Method method) {
        if (r.selectionPattern() != null) {
            try {
                Pattern.compile(r.selectionPattern());
            } catch (PatternSyntaxException e) {
                throw AwsException.badRequest("Invalid selection pattern specified: " + r.selectionPattern()
                        + " (expected: a Java regular expression)");
            }
        }
        checkContentHandling(r.contentHandling());
        Mappings.checkIntegrationResponseParameters(r.responseParameters(), method, r.statusCode());
        Mappings.checkContentTypes(r.responseTemplates());
    }

    private static void checkContentHandling(String contentHandling) {
        if (contentHandling != null && !CONTENT_HANDLING.contains(contentHandling)) {
            throw AwsException.badRequest("Invalid content handling specified: " + contentHandling
                    + " (expected: one of " + CONTENT_HANDLING + ")");
        }
    }

    private static boolean isHttpUrl(String uri) {
        if (uri == null || uri.isEmpty()) {
            return false;
        }
        try {
            URI u = new URI(PLACEHOLDER.matcher(uri).replaceAll("x"));
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https"))
                    && u.getHost() != null
                    && !u.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
