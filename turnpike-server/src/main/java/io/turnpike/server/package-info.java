/** The runnable server: the {@code turnpike} command line, configuration, and the wiring of one node. */
package io.turnpike.server;
