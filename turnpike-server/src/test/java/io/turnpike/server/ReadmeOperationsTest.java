package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.controlplane.AdminContext;
import io.turnpike.controlplane.ControlPlane;
import io.turnpike.store.CodeStore;
import io.turnpike.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's table of supported operations is exactly the set the server implements. */
class ReadmeOperationsTest {

    @Test
    void readmeListsExactlyTheImplementedOperations(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("### Management API (`apigateway`, REST APIs)");
        int end = readme.indexOf("\n### ", start + 1);
        assertThat(start).isPositive();
        assertThat(end).isGreaterThan(start);
        Set<String> listed = new TreeSet<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (line.startsWith("| ") && !line.startsWith("| family") && !line.startsWith("|---")) {
                String operations = line.split("\\|")[2]; // | family | operations | notes |
                Matcher m = Pattern.compile("`([A-Z][A-Za-z]+)`").matcher(operations);
                while (m.find()) {
                    listed.add(m.group(1));
                }
            }
        }
        ObjectMapper json = new ObjectMapper();
        try (var store = SqliteStore.open(dir, json);
                var controlPlane = new ControlPlane(
                        new AdminContext(store, json, Clock.systemUTC(), "us-east-1", "123456789012"),
                        request -> Optional.empty(),
                        test -> Optional.empty(),
                        test -> {
                            throw new IllegalStateException("not called");
                        },
                        CodeStore.open(dir.resolve("code")),
                        FunctionInvoker.none("us-east-1", "123456789012"))) {
            assertThat(listed).isEqualTo(controlPlane.apigateway().implementedNames());
            assertThat(listed(readme, "### Lambda API"))
                    .isEqualTo(controlPlane.lambda().implementedNames());
        }
    }

    private static Set<String> listed(String readme, String heading) {
        int start = readme.indexOf(heading);
        int end = readme.indexOf("\n### ", start + 1);
        assertThat(start).isPositive();
        assertThat(end).isGreaterThan(start);
        Set<String> listed = new TreeSet<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (line.startsWith("| ") && !line.startsWith("| family") && !line.startsWith("|---")) {
                Matcher m = Pattern.compile("`([A-Z][A-Za-z]+)`").matcher(line.split("\\|")[2]);
                while (m.find()) {
                    listed.add(m.group(1));
                }
            }
        }
        return listed;
    }
}
