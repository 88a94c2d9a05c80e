/** The admin listener: Netty HTTP, authentication, dispatch of calls to operation handlers, call logging. */
package io.turnpike.controlplane.http;
