package io.turnpike.controlplane.resource;

import io.turnpike.aws.AwsException;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.MethodResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameter-mapping expressions of methods, integrations and their responses, checked the way AWS
 * checks them, with AWS's "Validation Result" messages.
 *
 * <p>Keys name where a value goes ({@code method.request.header.X} declares a request parameter,
 * {@code integration.request.querystring.q} feeds the backend, {@code method.response.header.X}
 * fills a response header); values name where it comes from. A value that reads a method request
 * parameter must name one the method declares, and an integration response may only fill headers its
 * method response declares: AWS rejects both with "Invalid mapping expression parameter specified".
 */
final class Mappings {

    private static final String LOCATIONS = "(path|querystring|header|multivaluequerystring|multivalueheader)";
    private static final Pattern METHOD_REQUEST = Pattern.compile("method\\.request\\." + LOCATIONS + "\\.(\\S+)");
    private static final Pattern INTEGRATION_REQUEST =
            Pattern.compile("integration\\.request\\." + LOCATIONS + "\\.\\S+");
    private static final Pattern METHOD_RESPONSE_HEADER = Pattern.compile("method\\.response\\.header\\.\\S+");
    private static final Pattern INTEGRATION_RESPONSE_SOURCE =
            Pattern.compile("integration\\.response\\.(header\\.\\S+|multivalueheader\\.\\S+|body|body\\.\\S+)");
    private static final Pattern BODY = Pattern.compile("method\\.request\\.body(\\.\\S+)?");
    private static final Pattern CONTEXT_OR_STAGE = Pattern.compile("(context|stageVariables)\\.\\S+");
    private static final Pattern CONTENT_TYPE = Pattern.compile("[^\\s/]+/[^\\s/]+");

    private static final String RESULT =
            "Invalid mapping expression specified: Validation Result: warnings : [], errors : [";

    private Mappings() {}

    /** A method's request parameter declarations: {@code method.request.{location}.{name}}, names unique. */
    static void checkMethodRequestParameters(Map<String, Boolean> params) {
        if (params == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (String key : params.keySet()) {
            Matcher m = METHOD_REQUEST.matcher(key);
            if (!m.matches()) {
                throw invalidExpression(key);
            }
            if (!names.add(m.group(2))) {
                throw AwsException.badRequest("Parameter names must be unique across querystring, header and path");
            }
        }
    }

    /** A method response's header declarations: {@code method.response.header.{name}}. */
    static void checkMethodResponseParameters(Map<String, Boolean> params) {
        if (params == null) {
            return;
        }
        for (String key : params.keySet()) {
            if (!METHOD_RESPONSE_HEADER.matcher(key).matches()) {
                throw invalidExpression(key);
            }
        }
    }

    /** An integration's request mappings, whose method-request sources the method must declare. */
    static void checkIntegrationRequestParameters(Map<String, String> params, Method method) {
        if (params == null) {
            return;
        }
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!INTEGRATION_REQUEST.matcher(e.getKey()).matches()) {
                throw invalidExpression(e.getKey());
            }
            String source = e.getValue();
            if (METHOD_REQUEST.matcher(source).matches()) {
                if (method.requestParameters() == null
                        || !method.requestParameters().containsKey(source)) {
                    throw invalidParameter(source);
                }
            } else if (!isStatic(source)
                    && !BODY.matcher(source).matches()
                    && !CONTEXT_OR_STAGE.matcher(source).matches()) {
                throw invalidExpression(source);
            }
        }
    }

    /** An integration response's header mappings, each to a header its method response declares. */
    static void checkIntegrationResponseParameters(Map<String, String> params, Method method, String statusCode) {
        if (params == null) {
            return;
        }
        MethodResponse declared = method.methodResponses() == null
                ? null
                : method.methodResponses().get(statusCode);
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!METHOD_RESPONSE_HEADER.matcher(e.getKey()).matches()) {
                throw invalidExpression(e.getKey());
            }
            if (declared == null
                    || declared.responseParameters() == null
                    || !declared.responseParameters().containsKey(e.getKey())) {
                throw invalidParameter(e.getKey());
            }
            String source = e.getValue();
            if (!isStatic(source)
                    && !INTEGRATION_RESPONSE_SOURCE.matcher(source).matches()
                    && !CONTEXT_OR_STAGE.matcher(source).matches()
                    && !METHOD_REQUEST.matcher(source).matches()) {
                throw invalidExpression(source);
            }
        }
    }

    /** Mapping-template and model keys: each a {@code type/subtype} media type. */
    static void checkContentTypes(Map<String, ?> byContentType) {
        if (byContentType == null) {
            return;
        }
        for (String contentType : byContentType.keySet()) {
            if (!CONTENT_TYPE.matcher(contentType).matches()) {
                throw AwsException.badRequest(
                        "Validation Result: warnings : [], errors : [Invalid content type specified: " + contentType
                                + "]");
            }
        }
    }

    /** A quoted literal, {@code 'value'}. */
    private static boolean isStatic(String source) {
        return source != null && source.length() >= 2 && source.startsWith("'") && source.endsWith("'");
    }

    static AwsException invalidExpression(String expression) {
        return AwsException.badRequest(RESULT + "Invalid mapping expression specified: " + expression + "]");
    }

    static AwsException invalidParameter(String parameter) {
        return AwsException.badRequest(RESULT + "Invalid mapping expression parameter specified: " + parameter + "]");
    }
}
