package io.turnpike.dataplane.integration;

import io.turnpike.dataplane.content.ContentConversionException;
import io.turnpike.dataplane.content.ContentHandling;
import io.turnpike.dataplane.content.Payload;
import io.turnpike.dataplane.mapping.CompiledTemplate;
import io.turnpike.dataplane.mapping.InvalidJsonBodyException;
import io.turnpike.dataplane.mapping.MappedParameters;
import io.turnpike.dataplane.mapping.ParameterMapping;
import io.turnpike.dataplane.mapping.ResponseOverride;
import io.turnpike.dataplane.mapping.TemplateEngine;
import io.turnpike.dataplane.mapping.TemplateResult;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.ExecutionLog;
import io.turnpike.dataplane.pipeline.GatewayError;
import io.turnpike.dataplane.pipeline.HeaderMap;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import io.turnpike.dataplane.pipeline.StepOutcome;
import io.turnpike.model.rest.Integration;
import io.turnpike.model.rest.IntegrationResponse;
import io.turnpike.model.rest.RestApi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The integration-response phase of non-proxy integrations (MOCK, HTTP, AWS), compiled per method:
 * select the integration response, map its headers, render its template for the client's {@code
 * Accept}, apply {@code $context.responseOverride}, and answer with the method response.
 */
final class MethodResponder {

    private record Compiled(
            IntegrationResponse response, ParameterMapping parameters, Map<String, CompiledTemplate> templates) {}

    private static final MappedParameters NO_PARAMETERS = new MappedParameters(Map.of(), Map.of(), Map.of());

    private final ResponseSelector selector;
    private final Map<String, Compiled> byStatus;
    private final ContentHandling content;

    private MethodResponder(ResponseSelector selector, Map<String, Compiled> byStatus, ContentHandling content) {
        this.selector = selector;
        this.byStatus = byStatus;
        this.content = content;
    }

    static MethodResponder compile(Integration integration, TemplateEngine templates, RestApi api) {
        Map<String, IntegrationResponse> responses =
                integration.integrationResponses() == null ? Map.of() : integration.integrationResponses();
        Map<String, Compiled> byStatus = new HashMap<>();
        for (IntegrationResponse r : responses.values()) {
            Map<String, CompiledTemplate> compiled = new LinkedHashMap<>();
            if (r.responseTemplates() != null) {
                for (Map.Entry<String, String> t : r.responseTemplates().entrySet()) {
                    compiled.put(t.getKey(), templates.compile(t.getValue() == null ? "" : t.getValue()));
                }
            }
            byStatus.put(
                    r.statusCode(),
                    new Compiled(
                            r,
                            ParameterMapping.compileResponse(
                                    r.responseParameters() == null ? Map.of() : r.responseParameters()),
                            compiled));
        }
        return new MethodResponder(
                ResponseSelector.compile(responses), byStatus, ContentHandling.of(api.binaryMediaTypes()));
    }

    /**
     * Answers from the integration's output; {@code subject} is what selection patterns match (the
     * status code, or Lambda's error message).
     */
    StepOutcome respond(Exchange ex, IntegrationState.Output output, String subject) {
        IntegrationResponse selected = selector.select(subject);
        if (selected == null) {
            ExecutionLog.add(
                    ex,
                    Integrations.CONFIGURATION_ERROR
                            + "No match for output mapping and no default output mapping configured."
                            + " Endpoint Response Status Code: " + output.status());
            return StepOutcome.fail(GatewayError.configuration());
        }
        Compiled c = byStatus.get(selected.statusCode());
        String upstreamType = output.header("Content-Type");
        Payload payload;
        try {
            payload = content.toClient(
                    output.body(),
                    upstreamType != null && content.isBinary(upstreamType),
                    ex.header("Accept"),
                    selected.contentHandling());
        } catch (ContentConversionException e) {
            return StepOutcome.fail(GatewayError.configuration());
        }
        // the body as text only for mappings and templates: a passthrough answer sends the bytes as they are
        String outputBody = c.parameters().isEmpty() && c.templates().isEmpty()
                ? null
                : payload.binary() ? "" : new String(payload.bytes(), StandardCharsets.UTF_8);

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        MappedParameters mapped;
        try {
            // without mappings, skip building $context for them
            mapped = c.parameters().isEmpty()
                    ? NO_PARAMETERS
                    : c.parameters().apply(Inputs.responseSource(ex, HeaderMap.of(output.headers()), outputBody));
        } catch (InvalidJsonBodyException e) {
            return StepOutcome.fail(GatewayError.configuration());
        }
        mapped.headers().forEach((name, values) -> {
            for (String v : values) {
                headers.add(Map.entry(ProxyHeaders.mappedResponseHeaderName(name), v));
            }
        });

        int status;
        try {
            status = Integer.parseInt(selected.statusCode());
        } catch (NumberFormatException e) {
            return StepOutcome.fail(GatewayError.configuration());
        }
        byte[] body;
        String contentType;
        String key = TemplateSelection.forResponse(c.templates().isEmpty() ? null : keys(c), ex.header("Accept"));
        ResponseOverride override;
        if (key != null && payload.binary()) {
            return StepOutcome.fail(GatewayError.configuration()); // templates cannot read raw binary
        }
        if (key == null) {
            body = payload.bytes();
            contentType = upstreamType == null ? TemplateSelection.JSON : upstreamType;
            TemplateResult carried = ex.get(IntegrationState.REQUEST_TEMPLATE);
            override = carried == null ? ResponseOverride.empty() : carried.responseOverride();
        } else {
            TemplateResult r = Inputs.renderResponse(c.templates().get(key), ex, outputBody);
            if (r.failed()) {
                ExecutionLog.add(ex, Integrations.CONFIGURATION_ERROR + "Unable to transform response");
                return StepOutcome.fail(GatewayError.configuration());
            }
            body = r.output().getBytes(StandardCharsets.UTF_8);
            contentType = key;
            override = r.responseOverride();
        }
        if (override.status() != null) {
            status = override.status();
        }
        override.headers().forEach((name, value) -> {
            headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
            headers.add(Map.entry(name, value));
        });
        if (!hasHeader(headers, "Content-Type")) {
            headers.add(0, Map.entry("Content-Type", contentType));
        }
        if (status < 100 || status > 599) {
            return StepOutcome.fail(GatewayError.configuration());
        }
        return StepOutcome.respond(new InvokeResponse(status, headers, body));
    }

    private static boolean hasHeader(List<Map.Entry<String, String>> headers, String name) {
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).getKey().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> keys(Compiled c) {
        Map<String, String> m = new LinkedHashMap<>();
        c.templates().keySet().forEach(k -> m.put(k, ""));
        return m;
    }
}
