package io.turnpike.functions.host;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

abstract class HostTestSupport {

    @TempDir
    Path tmp;

    ProcessFunctionHost host;

    @BeforeEach
    void startHost() {
        host = new ProcessFunctionHost(tmp.resolve("functions"));
    }

    @AfterEach
    void closeHost() {
        if (host != null) {
            host.close();
        }
    }

    /** Waits for a result; the limit only keeps a broken build from hanging. */
    static HostResult await(CompletableFuture<HostResult> f) throws Exception {
        return f.get(120, TimeUnit.SECONDS);
    }
}
