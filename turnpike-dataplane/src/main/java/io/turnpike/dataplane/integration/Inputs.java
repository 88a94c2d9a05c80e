package io.turnpike.dataplane.integration;

import io.turnpike.dataplane.mapping.CompiledTemplate;
import io.turnpike.dataplane.mapping.MappingSource;
import io.turnpike.dataplane.mapping.RequestOverride;
import io.turnpike.dataplane.mapping.ResponseOverride;
import io.turnpike.dataplane.mapping.TemplateInput;
import io.turnpike.dataplane.mapping.TemplateResult;
import io.turnpike.dataplane.pipeline.ContextVariables;
import io.turnpike.dataplane.pipeline.Exchange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds what templates and parameter mappings see from an exchange. */
final class Inputs {

    private Inputs() {}

    /**
     * Renders a request template; a static one without building its input (no {@code $context}, no
     * header map): its output cannot depend on them.
     */
    static TemplateResult renderRequest(CompiledTemplate template, Exchange ex, String body) {
        return template.isStatic()
                ? template.renderStatic(RequestOverride.empty(), ResponseOverride.empty())
                : template.render(request(ex, body));
    }

    /** Renders a response template, carrying in the request template's overrides (see {@link #response}). */
    static TemplateResult renderResponse(CompiledTemplate template, Exchange ex, String body) {
        if (template.isStatic()) {
            TemplateResult carried = ex.get(IntegrationState.REQUEST_TEMPLATE);
            return carried == null
                    ? template.renderStatic(RequestOverride.empty(), ResponseOverride.empty())
                    : template.renderStatic(carried.requestOverride(), carried.responseOverride());
        }
        return template.render(response(ex, body));
    }

    /** The method request, for request templates. */
    static TemplateInput request(Exchange ex, String body) {
        return new TemplateInput(
                body,
                ex.pathParams(),
                ex.query(),
                ex.headers(),
                ContextVariables.of(ex),
                ex.stage().variables());
    }

    /**
     * The integration response, for response templates. Request parameters stay visible, and the
     * overrides a request template set are carried in, so a MOCK request template's {@code
     * $context.responseOverride.status} survives into the response.
     */
    static TemplateInput response(Exchange ex, String body) {
        Map<String, Object> context = ContextVariables.of(ex);
        TemplateResult carried = ex.get(IntegrationState.REQUEST_TEMPLATE);
        // nothing carried renders exactly as an empty carried override: skip copying $context then
        if (carried != null
                && !(carried.requestOverride().isEmpty()
                        && carried.responseOverride().isEmpty())) {
            context = new HashMap<>(context);
            context.put("requestOverride", carried.requestOverride().asContextValue());
            context.put("responseOverride", carried.responseOverride().asContextValue());
        }
        return new TemplateInput(
                body,
                ex.pathParams(),
                ex.query(),
                ex.headers(),
                context,
                ex.stage().variables());
    }

    static MappingSource requestSource(Exchange ex) {
        return new MappingSource(
                ex.pathParams(),
                ex.query(),
                ex.headers(),
                ex.bodyText(),
                ContextVariables.of(ex),
                ex.stage().variables(),
                Map.of(),
                "");
    }

    static MappingSource responseSource(Exchange ex, Map<String, List<String>> headers, String body) {
        return new MappingSource(
                ex.pathParams(),
                ex.query(),
                ex.headers(),
                ex.bodyText(),
                ContextVariables.of(ex),
                ex.stage().variables(),
                headers,
                body);
    }
}
