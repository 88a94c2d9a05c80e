/**
 * The request pipeline: the per-request {@link io.turnpike.dataplane.pipeline.Exchange}, the steps of
 * {@link io.turnpike.dataplane.pipeline.RestPipeline} in AWS's order, and the
 * {@link io.turnpike.dataplane.pipeline.PipelineRunner} that drives them.
 */
package io.turnpike.dataplane.pipeline;
