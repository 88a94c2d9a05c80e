package io.turnpike.controlplane;

/**
 * Carries out one management operation. Handlers run on the admin executor (never an event loop) and
 * may block on the store. Bad input is answered by throwing {@link io.turnpike.aws.AwsException};
 * anything else thrown is a bug, logged once with the request id and answered as a 500.
 */
@FunctionalInterface
public interface OperationHandler {
    Reply handle(Call call);
}
