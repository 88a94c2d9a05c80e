package io.turnpike.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class if Netty's leak detector reported a buffer that was never released while it ran.
 * The detector reports through its logger when later allocations find collected, unreleased buffers,
 * so after the tests we collect garbage and allocate a little to make it look.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {

    private ListAppender<ILoggingEvent> appender;

    @Override
    public void beforeAll(ExtensionContext context) {
        appender = new ListAppender<>();
        appender.start();
        logger().addAppender(appender);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        try {
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(50);
                for (int j = 0; j < 64; j++) {
                    ByteBuf probe = ByteBufAllocator.DEFAULT.directBuffer(16);
                    probe.release();
                    ByteBuf heap = ByteBufAllocator.DEFAULT.heapBuffer(16);
                    heap.release();
                }
            }
            assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
            assertThat(appender.list).as("Netty leak reports").noneMatch(e -> e.getFormattedMessage()
                    .contains("LEAK"));
        } finally {
            logger().detachAppender(appender);
        }
    }

    private static Logger logger() {
        return (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    }
}
