package io.turnpike.dataplane.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HeaderMapTest {

    private static List<Map.Entry<String, String>> wire(String... nameValue) {
        List<Map.Entry<String, String>> l = new ArrayList<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            l.add(Map.entry(nameValue[i], nameValue[i + 1]));
        }
        return l;
    }

    @Test
    void looksNamesUpWhateverTheirCase() {
        HeaderMap h = HeaderMap.of(wire("Content-Type", "application/json", "X-Client", "wrk"));
        assertThat(h.get("content-type")).containsExactly("application/json");
        assertThat(h.get("CONTENT-TYPE")).containsExactly("application/json");
        assertThat(h.last("x-client")).isEqualTo("wrk");
        assertThat(h.containsKey("X-CLIENT")).isTrue();
        assertThat(h.get("Accept")).isNull();
        assertThat(h.last("Accept")).isNull();
        assertThat(h.containsKey("Accept")).isFalse();
        assertThat(h.get(42)).isNull();
    }

    @Test
    void keepsTheFirstSpellingAndEveryValueInOrder() {
        HeaderMap h = HeaderMap.of(wire("X-Multi", "a", "x-multi", "b", "X-MULTI", "c", "Host", "h"));
        assertThat(h).hasSize(2);
        assertThat(h.get("x-Multi")).containsExactly("a", "b", "c");
        assertThat(h.last("X-MULTI")).isEqualTo("c");
        assertThat(h.keySet()).containsExactly("Host", "X-Multi");
    }

    @Test
    void iteratesAndComparesLikeACaseInsensitiveTreeMap() {
        List<Map.Entry<String, String>> wire = new ArrayList<>();
        for (int i = 40; i >= 0; i--) {
            wire.add(Map.entry((i % 2 == 0 ? "X-h" : "x-H") + i, "v" + i));
            wire.add(Map.entry("x-h" + i, "w" + i));
        }
        wire.add(Map.entry("Authorization", "Bearer t"));
        wire.add(Map.entry("accept", "*/*"));
        TreeMap<String, List<String>> expected = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> e : wire) {
            expected.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        HeaderMap h = HeaderMap.of(wire);
        assertThat(new ArrayList<>(h.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
        assertThat(h).isEqualTo(expected);
        assertThat(h.hashCode()).isEqualTo(expected.hashCode());
        for (String name : expected.keySet()) {
            assertThat(h.get(name.toUpperCase())).isEqualTo(expected.get(name));
        }
    }

    @Test
    void foldsCaseAsEqualsIgnoreCaseDoes() {
        // the Kelvin sign and a dotless i are equal to K and I ignoring case, and must hash alike
        HeaderMap h = HeaderMap.of(wire("X-\u212Aey", "1", "X-\u0131d", "2"));
        assertThat(h.last("x-key")).isEqualTo("1");
        assertThat(h.last("X-ID")).isEqualTo("2");
    }

    @Test
    void isEmptyWithoutHeadersAndCannotBeChanged() {
        HeaderMap none = HeaderMap.of(List.of());
        assertThat(none).isEmpty();
        assertThat(none.get("Host")).isNull();
        HeaderMap h = HeaderMap.of(wire("Host", "h"));
        assertThatThrownBy(() -> h.put("X", List.of("y"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> h.get("Host").add("z")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> h.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
