/**
 * The control plane: AWS's management APIs on the admin port. It validates each call against the
 * service model, writes the store, and never touches the data plane; the two meet only in the store.
 * Each family of operations lives in a package named after the AWS concept it manages.
 */
package io.turnpike.controlplane;
