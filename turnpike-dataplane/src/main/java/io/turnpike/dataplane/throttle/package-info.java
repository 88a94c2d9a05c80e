/**
 * Throttling: lock-free token buckets ({@link io.turnpike.dataplane.throttle.TokenBucket}) with injected
 * time, the store of buckets that outlives snapshots ({@link io.turnpike.dataplane.throttle.Buckets}), and
 * the pipeline step that applies the stage/method and account limits.
 */
package io.turnpike.dataplane.throttle;
