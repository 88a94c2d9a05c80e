/**
 * Snapshots: the store's configuration compiled into immutable, ready-to-serve form, and the registry
 * that publishes a new one with a single atomic swap whenever the store changes.
 */
package io.turnpike.dataplane.snapshot;
