/**
 * The data plane: the Netty server that answers invocations of deployed APIs. It reads configuration
 * only through the store (via snapshots), never from the control plane.
 */
package io.turnpike.dataplane;
