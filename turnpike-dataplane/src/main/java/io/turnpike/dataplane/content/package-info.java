/**
 * Binary payloads: which requests and responses API Gateway treats as binary (the API's {@code
 * binaryMediaTypes}, matched against the request's {@code Content-Type} and the first media type of its
 * {@code Accept}), and how an integration's or integration response's {@code contentHandling} converts
 * a payload between text and binary (base64) on its way to the integration and back to the client.
 */
package io.turnpike.dataplane.content;
