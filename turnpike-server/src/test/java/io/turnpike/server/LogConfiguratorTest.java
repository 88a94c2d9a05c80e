package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** Turnpike's logging set-up; ServeIT checks it in the real process (format, TURNPIKE_LOG_LEVEL). */
@SuppressWarnings("unchecked")
class LogConfiguratorTest {

    @Test
    void logbackFindsItAndUsesItInsteadOfAnXmlFile() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("STDOUT"))
                .isInstanceOfSatisfying(ConsoleAppender.class, a -> assertThat(a.getEncoder())
                        .isInstanceOfSatisfying(PatternLayoutEncoder.class, e -> assertThat(e.getPattern())
                                .isEqualTo(LogConfigurator.PATTERN)));
        assertThat(context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void oneLinePerEventWithTheKeyValuePairsAfterTheMessage() {
        LoggerContext context = new LoggerContext();
        LogConfigurator.configure(context, Level.INFO);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger admin = context.getLogger("io.turnpike.controlplane.http.AdminServer");
        LoggingEvent event = new LoggingEvent(null, admin, Level.INFO, "admin call", null, null);
        event.addKeyValuePair(new KeyValuePair("operation", "GetRestApis"));
        event.addKeyValuePair(new KeyValuePair("status", 200));
        byte[] line = ((ConsoleAppender<ILoggingEvent>) root.getAppender("STDOUT"))
                .getEncoder()
                .encode(event);
        assertThat(new String(line, StandardCharsets.UTF_8))
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  AdminServer "
                        + "admin call operation=\"GetRestApis\" status=\"200\"\\R");
        assertThat(admin.isInfoEnabled()).isTrue();
        assertThat(admin.isDebugEnabled()).isFalse();
        assertThat(context.getLogger("io.netty.channel.Foo").isInfoEnabled()).isFalse();
        context.stop();
    }

    @Test
    void levelsByNameInAnyCaseInfoByDefaultNoneForOtherWords() {
        assertThat(LogConfigurator.level(null)).isEqualTo(Level.INFO);
        assertThat(LogConfigurator.level(" ")).isEqualTo(Level.INFO);
        assertThat(LogConfigurator.level("debug")).isEqualTo(Level.DEBUG);
        assertThat(LogConfigurator.level(" Warn ")).isEqualTo(Level.WARN);
        assertThat(LogConfigurator.level("OFF")).isEqualTo(Level.OFF);
        assertThat(LogConfigurator.level("loud")).isNull();
    }
}
