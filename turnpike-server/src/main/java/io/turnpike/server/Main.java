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

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
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
