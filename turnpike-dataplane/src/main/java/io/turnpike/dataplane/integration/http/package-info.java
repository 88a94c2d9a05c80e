/**
 * The upstream HTTP client behind {@code HTTP} and {@code HTTP_PROXY} integrations: pooled HTTP/1.1
 * keep-alive connections per origin and per event loop, so an integration call never leaves the thread
 * that read the inbound request and never takes a lock. {@link
 * io.turnpike.dataplane.integration.http.UpstreamClient} sends one {@link
 * io.turnpike.dataplane.integration.http.UpstreamRequest} and completes with an aggregated {@link
 * io.turnpike.dataplane.integration.http.UpstreamResponse} or an {@link
 * io.turnpike.dataplane.integration.http.UpstreamException} whose kind the pipeline maps to API
 * Gateway's gateway response (504 {@code Endpoint request timed out} for a timeout, and so on).
 */
package io.turnpike.dataplane.integration.http;
