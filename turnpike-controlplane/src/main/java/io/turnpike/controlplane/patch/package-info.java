/**
 * The v1 {@code patchOperations} of every {@code Update*} call: each resource type's accepted paths
 * ({@link io.turnpike.controlplane.patch.PatchSpec}) and AWS's answers to the ones it does not accept.
 */
package io.turnpike.controlplane.patch;
