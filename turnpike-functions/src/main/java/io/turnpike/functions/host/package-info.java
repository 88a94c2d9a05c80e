/**
 * The local function host: warm instances are child processes (node, python3, java, or a custom
 * {@code bootstrap}) that pull work from an in-process implementation of the Lambda Runtime API.
 */
package io.turnpike.functions.host;
