package io.turnpike.dataplane.integration;

import io.turnpike.dataplane.pipeline.Attr;
import java.util.List;
import java.util.Map;

/** What the integration phases hand each other through the exchange. */
final class IntegrationState {

    private IntegrationState() {}

    /** The backend's answer, as the integration-response phase reads it. */
    record Output(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        String header(String name) {
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }
    }

    /** Set by the integration-request phase of MOCK: the status its request template chose. */
    static final Attr<Integer> MOCK_STATUS = Attr.of("mockStatus");

    /** Set by the integration-request phase of HTTP and HTTP_PROXY: what to send. */
    static final Attr<io.turnpike.dataplane.integration.http.UpstreamRequest> UPSTREAM_REQUEST =
            Attr.of("upstreamRequest");

    /** Set by the integration-request phase when a request template ran: the overrides it set. */
    static final Attr<io.turnpike.dataplane.mapping.TemplateResult> REQUEST_TEMPLATE = Attr.of("requestTemplate");

    /** Set by the integration-call phase: what came back. */
    static final Attr<Output> OUTPUT = Attr.of("integrationOutput");
}
