/** Gateway responses: what API Gateway answers itself (no route, throttled, bad body, timeout, …), customizable per API. */
package io.turnpike.dataplane.gatewayresponse;
