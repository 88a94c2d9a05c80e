package io.turnpike.functions.host;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of a {@link ProcessFunctionHost}.
 *
 * @param idleTimeout how long an idle warm instance lives before it is stopped
 * @param initTimeout how long a new instance may take before its first {@code /next}, on top of the
 *     function's own timeout (AWS gives the init phase 10 s, then retries it within the invocation's
 *     timeout)
 * @param region {@code AWS_REGION} and {@code AWS_DEFAULT_REGION} of every instance
 * @param clock wall-clock time: deadlines sent to runtimes, log timestamps, idle times
 * @param nodeCommand the {@code node} executable for {@code nodejs*} runtimes
 * @param pythonCommand the {@code python3} executable for {@code python3*} runtimes
 * @param javaCommand the {@code java} executable for {@code java*} runtimes
 */
public record HostSettings(
        Duration idleTimeout,
        Duration initTimeout,
        String region,
        Clock clock,
        String nodeCommand,
        String pythonCommand,
        String javaCommand) {

    public HostSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(initTimeout, "initTimeout");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(nodeCommand, "nodeCommand");
        Objects.requireNonNull(pythonCommand, "pythonCommand");
        Objects.requireNonNull(javaCommand, "javaCommand");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: > 0)");
        }
        if (initTimeout.isNegative() || initTimeout.isZero()) {
            throw new IllegalArgumentException("initTimeout: " + initTimeout + " (expected: > 0)");
        }
        if (region.isBlank()) {
            throw new IllegalArgumentException("region: '" + region + "' (expected: a region name)");
        }
    }

    /** Five idle minutes, AWS's 10 s init phase, us-east-1, the system clock, node/python3 from PATH. */
    public static HostSettings defaults() {
        return new HostSettings(
                Duration.ofMinutes(5),
                Duration.ofSeconds(10),
                "us-east-1",
                Clock.systemUTC(),
                "node",
                "python3",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public HostSettings withIdleTimeout(Duration value) {
        return new HostSettings(value, initTimeout, region, clock, nodeCommand, pythonCommand, javaCommand);
    }

    public HostSettings withInitTimeout(Duration value) {
        return new HostSettings(idleTimeout, value, region, clock, nodeCommand, pythonCommand, javaCommand);
    }

    public HostSettings withClock(Clock value) {
        return new HostSettings(idleTimeout, initTimeout, region, value, nodeCommand, pythonCommand, javaCommand);
    }

    public HostSettings withRegion(String value) {
        return new HostSettings(idleTimeout, initTimeout, value, clock, nodeCommand, pythonCommand, javaCommand);
    }
}
