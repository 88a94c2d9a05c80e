package io.turnpike.dataplane.integration;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.turnpike.dataplane.pipeline.GatewayError;
import io.turnpike.dataplane.pipeline.RestPipeline;
import io.turnpike.dataplane.pipeline.StepOutcome;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integrations and the pipeline phases they contribute, one client per integration type behind a
 * common shape: build the integration request, call, map the integration response.
 */
public final class Integrations implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Integrations.class);

    public Integrations(EventLoopGroup group, Class<? extends SocketChannel> channelType) {}

    /** The phases of {@link RestPipeline}, in order. */
    public List<RestPipeline.Phase> phases() {
        return List.of(new RestPipeline.Phase("integration", method -> {
            String type =
                    method.integration() == null ? "none" : method.integration().type();
            LOG.info(
                    "{} {} {}: integration type {} is not served yet",
                    method.api().id(),
                    method.httpMethod(),
                    method.resource().path(),
                    type);
            return ex -> StepOutcome.fail(GatewayError.configuration());
        }));
    }

    @Override
    public void close() {}
}
