package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work a start leaves for later, so start-to-ready stays inside its bound (bench/README.md, "Fourth
 * tuning pass"): setting up the JDK's TLS stack (trust store, security providers; for https upstreams
 * and JWKS fetches, built on first use off the event loops) and parsing an XML logging configuration
 * took ~300 ms of a start on one CPU between them; and the Flight Recorder's event machinery, which
 * Netty's allocator events set up on the first request (200–280 ms of it, see {@code Main}). Checked on
 * the real jar by the classes it loads up to its first answers; before these changes, a start loaded 188
 * {@code sun.security.ssl} classes, logback's XML configurator, and ~100 Flight Recorder classes.
 */
class StartupWorkIT {

    @TempDir
    Path dir;

    @Test
    void aStartSetsUpNoTlsParsesNoXmlAndLoadsNoFlightRecorderEvents() throws Exception {
        Path classes = dir.resolve("classes.log");
        List<String> loaded;
        try (TurnpikeProcess p = TurnpikeProcess.startWithJvmArgs(
                dir.resolve("data"), List.of("-Xlog:class+load=info:file=" + classes))) {
            loaded = Files.readAllLines(classes);
        }
        assertThat(loaded)
                .as("classes loaded up to ready")
                .anyMatch(l -> l.contains(" io.turnpike.dataplane.DataPlane "))
                .noneMatch(l -> l.contains(" sun.security.ssl."))
                .noneMatch(l -> l.contains(" jdk.internal.net.http.HttpClientImpl "))
                .noneMatch(l -> l.contains(" ch.qos.logback.classic.joran.JoranConfigurator "))
                .noneMatch(l -> l.contains(" com.sun.org.apache.xerces."))
                // the health checks above were the data plane's first requests
                .noneMatch(l -> l.contains(" io.netty.buffer.AbstractChunkEvent "))
                .noneMatch(l -> l.contains(" jdk.jfr.internal.MetadataRepository "));
    }
}
