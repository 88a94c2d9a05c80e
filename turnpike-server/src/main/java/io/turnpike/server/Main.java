package io.turnpike.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code turnpike} command. */
@Command(
        name = "turnpike",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A self-hosted Amazon API Gateway.",
        subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Netty's leak detector, at its default level, tracks one buffer in 128 and records a stack trace when
     * a tracked buffer is allocated and when it is released: with several buffers per proxied request
     * that was a stack trace every ~15 requests, 1–2% of the event loop's CPU (bench/README.md). A
     * server tracks one in 4,096 instead, which still reports a leak within seconds under load. A
     * {@code -Dio.netty.leakDetection.samplingInterval} (or {@code .level}) on the command line wins; the
     * tests run at the paranoid level.
     */
    static final String LEAK_SAMPLING = "io.netty.leakDetection.samplingInterval";

    /**
     * Netty's buffer allocator reports its chunk allocations as Flight Recorder events. Loading those
     * event classes sets up the Flight Recorder's event machinery (its metadata, ~100 event types, code
     * generation) whether or not anything records: the first request a server answered waited 200–280 ms
     * for it on one CPU, inside start-to-ready as the benchmark measures it (bench/README.md). Off unless
     * {@code -Dio.netty.jfr.enabled=true} is on the command line; JDK events and recordings are unaffected.
     */
    static final String NETTY_JFR_EVENTS = "io.netty.jfr.enabled";

    public static void main(String[] args) {
        // before any Netty class reads them; a value on the command line wins
        defaultProperty(LEAK_SAMPLING, "4096");
        defaultProperty(NETTY_JFR_EVENTS, "false");
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"turnpike " + (v == null ? "dev" : v)};
        }
    }
}
