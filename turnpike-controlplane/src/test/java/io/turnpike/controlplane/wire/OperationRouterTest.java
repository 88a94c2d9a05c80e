package io.turnpike.controlplane.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.controlplane.ControlPlane;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationRouterTest {

    static final ServiceModel MODEL = ServiceModel.load(ControlPlane.APIGATEWAY_MODEL, new ObjectMapper());
    static final OperationRouter ROUTER = new OperationRouter(List.of(MODEL));

    private static String route(String method, String path, Map<String, List<String>> query) {
        return ROUTER.match(method, List.of(path.substring(1).split("/")), query)
                .map(m -> m.operation().name())
                .orElse(null);
    }

    @Test
    void routesEveryOperationOfTheModelToItself() {
        for (ServiceModel.Operation op : MODEL.operations().values()) {
            List<String> segments = op.segments().stream()
                    .map(s -> ServiceModel.Operation.label(s) == null ? s : "x1")
                    .toList();
            Map<String, List<String>> query = new java.util.HashMap<>();
            op.queryLiterals().forEach((k, v) -> query.put(k, List.of(v)));
            var match = ROUTER.match(op.method(), segments, query);
            assertThat(match).as(op.name()).isPresent();
            assertThat(match.get().operation().name()).as(op.name()).isEqualTo(op.name());
        }
    }

    @Test
    void queryLiteralsAndLiteralSegmentsTakePrecedence() {
        assertThat(route("POST", "/restapis", Map.of())).isEqualTo("CreateRestApi");
        assertThat(route("POST", "/restapis", Map.of("mode", List.of("import"))))
                .isEqualTo("ImportRestApi");
        assertThat(route("GET", "/restapis/abc/stages", Map.of())).isEqualTo("GetStages");
        assertThat(route("GET", "/restapis/abc/resources/r1", Map.of())).isEqualTo("GetResource");
        assertThat(route("GET", "/restapis/abc/nonsense", Map.of())).isNull();
    }

    @Test
    void labelsAreCaptured() {
        var m = ROUTER.match(
                        "PUT", List.of("restapis", "a1", "resources", "r1", "methods", "GET", "integration"), Map.of())
                .orElseThrow();
        assertThat(m.operation().name()).isEqualTo("PutIntegration");
        assertThat(m.labels())
                .containsEntry("restapi_id", "a1")
                .containsEntry("resource_id", "r1")
                .containsEntry("http_method", "GET");
    }
}
