package io.turnpike.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;

/**
 * Turnpike's logging, set up in code (logback finds this class through {@code META-INF/services}): one
 * line per event on standard output, the key=value pairs (request id, operation, status, latency) after
 * the message; Netty at WARN; the root level from {@code TURNPIKE_LOG_LEVEL} (INFO by default).
 *
 * <p>It replaced a {@code logback.xml}: logback's XML configurator (an XML parser, its model and its
 * handlers) cost 70–100 ms of every start on one CPU (bench/README.md). A user's own file still wins:
 * with {@code -Dlogback.configurationFile=...} this configurator steps aside.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} %msg %kvp{DOUBLE}%n";
    static final String LEVEL_VARIABLE = "TURNPIKE_LOG_LEVEL";
    static final String USER_FILE = "logback.configurationFile";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(USER_FILE) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // logback's own configurator reads the user's file
        }
        String name = System.getenv(LEVEL_VARIABLE);
        Level level = level(name);
        if (level == null) {
            // logback prints its warnings on standard output once it is set up
            addWarn(LEVEL_VARIABLE + "=" + name + " is not a level (expected: one of TRACE, DEBUG, INFO, WARN, "
                    + "ERROR, OFF); logging at INFO");
            level = Level.INFO;
        }
        configure(context, level);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void configure(LoggerContext context, Level level) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(stdout);
        context.getLogger("io.netty").setLevel(Level.WARN);
    }

    /** The level named (in any case), INFO for none, null for a name that is not a level. */
    static Level level(String name) {
        if (name == null || name.isBlank()) {
            return Level.INFO;
        }
        return Level.toLevel(name.trim().toUpperCase(Locale.ROOT), null);
    }
}
