/**
 * Integrations: the backends a method calls (MOCK, HTTP, HTTP_PROXY; Lambda and AWS services later),
 * each contributing the integration-request, call and integration-response phases of the pipeline.
 */
package io.turnpike.dataplane.integration;
