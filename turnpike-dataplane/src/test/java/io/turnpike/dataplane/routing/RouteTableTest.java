package io.turnpike.dataplane.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.model.rest.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    static RouteTable<String> table(String... paths) {
        List<Resource> resources = new ArrayList<>();
        for (String p : paths) {
            resources.add(new Resource(p, null, null, p, null));
        }
        return RouteTable.compile(resources, Resource::path);
    }

    static final RouteTable<String> PETS = table(
            "/",
            "/pets",
            "/pets/{petId}",
            "/pets/{petId}/toys",
            "/pets/mine",
            "/files/{proxy+}",
            "/{proxy+}",
            "/a/b/c",
            "/a/{x}/d");

    static String route(String path) {
        RouteTable.Match<String> m = PETS.match(path);
        return m == null ? null : m.value();
    }

    static Map<String, String> params(String path) {
        return PETS.match(path).pathParams();
    }

    @Test
    void literalsBeatParametersWhichBeatGreedy() {
        assertThat(route("/")).isEqualTo("/");
        assertThat(route("/pets")).isEqualTo("/pets");
        assertThat(route("/pets/mine")).isEqualTo("/pets/mine");
        assertThat(route("/pets/42")).isEqualTo("/pets/{petId}");
        assertThat(params("/pets/42")).containsExactly(Map.entry("petId", "42"));
        assertThat(route("/pets/42/toys")).isEqualTo("/pets/{petId}/toys");
        assertThat(route("/pets/42/food")).isEqualTo("/{proxy+}");
        assertThat(params("/pets/42/food")).containsExactly(Map.entry("proxy", "pets/42/food"));
    }

    @Test
    void matchingBacktracksWhenTheLiteralBranchFailsDeeper() {
        assertThat(route("/a/b/d")).isEqualTo("/a/{x}/d");
        assertThat(params("/a/b/d")).containsExactly(Map.entry("x", "b"));
        assertThat(route("/a/b/c")).isEqualTo("/a/b/c");
    }

    @Test
    void greedyNeedsOneSegmentAndTakesTheRestAsReceived() {
        assertThat(route("/files")).isEqualTo("/{proxy+}");
        assertThat(route("/files/a/b%2Fc//d")).isEqualTo("/files/{proxy+}");
        assertThat(params("/files/a/b%2Fc//d")).containsExactly(Map.entry("proxy", "a/b%2Fc//d"));
        assertThat(table("/x", "/x/{proxy+}").match("/x").value()).isEqualTo("/x");
        assertThat(table("/x/{proxy+}").match("/x")).isNull();
    }

    @Test
    void trailingSlashesAreIgnoredAndCaseMatters() {
        assertThat(route("/pets/")).isEqualTo("/pets");
        assertThat(route("/PETS")).isEqualTo("/{proxy+}");
        assertThat(table("/pets").match("/Pets")).isNull();
    }

    @Test
    void pathParametersStayPercentEncoded() {
        assertThat(params("/pets/test%2Balias@gmail.com"))
                .containsExactly(Map.entry("petId", "test%2Balias@gmail.com"));
    }

    @Test
    void noResourceNoMatch() {
        RouteTable<String> t = table("/", "/only");
        assertThat(t.match("/other")).isNull();
        assertThat(t.match("/only/deeper")).isNull();
    }
}
