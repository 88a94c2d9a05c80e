/**
 * Gateway responses of a REST API: the status, headers and body templates API Gateway answers with
 * when it rejects or fails a request itself (throttled, unauthorized, integration timed out, ...), as
 * the API customizes them over the built-in defaults.
 */
package io.turnpike.controlplane.gatewayresponse;
