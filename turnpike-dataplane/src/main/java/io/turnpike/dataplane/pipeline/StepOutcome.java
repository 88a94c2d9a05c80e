package io.turnpike.dataplane.pipeline;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What a step decided. Steps never call the next step themselves: they return an outcome and the
 * {@link PipelineRunner} owns the control flow, so no step can forget to pass a request on or answer it
 * twice.
 */
public sealed interface StepOutcome {

    /** Go on with the next step. */
    StepOutcome NEXT = new Next();

    /** Go on with the next step. */
    record Next() implements StepOutcome {}

    /** Answer the client with this response; no further step runs. */
    record Respond(InvokeResponse response) implements StepOutcome {
        public Respond {
            Objects.requireNonNull(response, "response");
        }
    }

    /** Answer with a gateway response; no further step runs. */
    record Fail(GatewayError error) implements StepOutcome {
        public Fail {
            Objects.requireNonNull(error, "error");
        }
    }

    /** Wait for asynchronous work (an integration call); its outcome decides what happens next. */
    record Await(CompletionStage<StepOutcome> pending) implements StepOutcome {
        public Await {
            Objects.requireNonNull(pending, "pending");
        }
    }

    static StepOutcome respond(InvokeResponse r) {
        return new Respond(r);
    }

    static StepOutcome fail(GatewayError e) {
        return new Fail(e);
    }
}
