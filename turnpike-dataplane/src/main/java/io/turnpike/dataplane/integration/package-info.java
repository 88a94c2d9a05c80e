/**
 * Integrations: the backends a method calls (MOCK, HTTP, HTTP_PROXY, Lambda and AWS services),
 * each contributing the integration-request, call and integration-response phases of the pipeline.
 */
package io.turnpike.dataplane.integration;
