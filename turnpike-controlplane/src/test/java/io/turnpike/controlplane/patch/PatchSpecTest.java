package io.turnpike.controlplane.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.aws.AwsException;
import io.turnpike.controlplane.patch.PatchOperation.Op;
import io.turnpike.controlplane.patch.PatchSpec.ValueType;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchSpecTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final PatchSpec SPEC = PatchSpec.builder()
            .scalar("/name", ValueType.STRING)
            .scalar("/enabled", ValueType.BOOLEAN, Op.REPLACE)
            .scalar("/limits/burst", ValueType.INTEGER, Op.REPLACE, Op.REMOVE)
            .scalar("/limits/rate", ValueType.DOUBLE)
            .map("/requestTemplates", ValueType.STRING, Op.ADD, Op.REPLACE, Op.REMOVE)
            .stringSet("/types")
            .build();

    static ObjectNode json(String s) throws Exception {
        return (ObjectNode) JSON.readTree(s);
    }

    static PatchOperation op(Op op, String path, String value) {
        return new PatchOperation(op, path, value, null);
    }

    @Test
    void appliesTypedValuesInOrder() throws Exception {
        ObjectNode out = SPEC.apply(
                json("{\"name\":\"a\",\"enabled\":false}"),
                List.of(
                        op(Op.REPLACE, "/name", "b"),
                        op(Op.REPLACE, "/enabled", "true"),
                        op(Op.REPLACE, "/limits/burst", "10"),
                        op(Op.REPLACE, "/limits/rate", "2.5"),
                        op(Op.ADD, "/requestTemplates/application~1json", "{}"),
                        op(Op.ADD, "/types/image~1png", null),
                        op(Op.ADD, "/types/text~1csv", null),
                        op(Op.REPLACE, "/types/text~1csv", "text/plain"),
                        op(Op.REPLACE, "/name", "c")));
        assertThat(out)
                .isEqualTo(
                        json(
                                "{\"name\":\"c\",\"enabled\":true,\"limits\":{\"burst\":10,\"rate\":2.5},"
                                        + "\"requestTemplates\":{\"application/json\":\"{}\"},\"types\":[\"image/png\",\"text/plain\"]}"));
    }

    @Test
    void removesKeysAndScalars() throws Exception {
        ObjectNode out = SPEC.apply(
                json("{\"limits\":{\"burst\":1},\"requestTemplates\":{\"a/b\":\"x\",\"c\":\"y\"},\"types\":[\"t\"]}"),
                List.of(
                        op(Op.REMOVE, "/limits/burst", null),
                        op(Op.REMOVE, "/requestTemplates/a~1b", null),
                        op(Op.REMOVE, "/types/t", null)));
        assertThat(out).isEqualTo(json("{\"limits\":{},\"requestTemplates\":{\"c\":\"y\"}}"));
    }

    @Test
    void neverChangesItsInput() throws Exception {
        ObjectNode in = json("{\"name\":\"a\"}");
        SPEC.apply(in, List.of(op(Op.REPLACE, "/name", "b")));
        assertThat(in).isEqualTo(json("{\"name\":\"a\"}"));
    }

    @Test
    void unknownPathsAndUnsupportedOpsGetAwsMessage() {
        assertThatThrownBy(() -> SPEC.apply(JSON.createObjectNode(), List.of(op(Op.REPLACE, "/invalid", "x"))))
                .isInstanceOf(AwsException.class)
                .hasMessage("Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/name,"
                        + " /enabled, /limits/burst, /limits/rate, /requestTemplates/{key}, /types/{value}]");
        assertThatThrownBy(() -> SPEC.apply(JSON.createObjectNode(), List.of(op(Op.REMOVE, "/enabled", null))))
                .hasMessage("Invalid patch path  '/enabled' specified for op 'remove'. Must be one of:"
                        + " [/limits/burst, /requestTemplates/{key}, /types/{value}]");
        assertThatThrownBy(() -> SPEC.apply(JSON.createObjectNode(), List.of(op(Op.MOVE, "/name", "x"))))
                .hasMessage("Invalid patch path  '/name' specified for op 'move'. Must be one of: []");
    }

    @Test
    void badValuesNameThePathAndTheExpectation() {
        assertThatThrownBy(() -> SPEC.apply(JSON.createObjectNode(), List.of(op(Op.REPLACE, "/enabled", "yes"))))
                .hasMessage("Invalid value 'yes' for /enabled (expected: true or false)");
        assertThatThrownBy(() -> SPEC.apply(JSON.createObjectNode(), List.of(op(Op.REPLACE, "/limits/burst", "x"))))
                .hasMessage("Invalid value 'x' for /limits/burst (expected: an integer)");
        assertThatThrownBy(() -> SPEC.apply(JSON.createObjectNode(), List.of(op(Op.REPLACE, "/name", null))))
                .hasMessage("Invalid patch operation: 'value' is required for op 'replace' on path '/name'");
    }

    @Test
    void pointerTokensEscapeSlashAndTilde() {
        assertThat(PatchOperation.unescape("a~1b~0c")).isEqualTo("a/b~c");
        assertThat(PatchOperation.escape("a/b~c")).isEqualTo("a~1b~0c");
    }
}
