/**
 * Request validation: what a method's request validator checks before the integration is called, as
 * Amazon API Gateway checks it. A validator may demand that the method's required request parameters
 * (path, query string, headers) be present and not blank, and that the body match the JSON schema
 * (draft 4) model the method names for the request's content type. {@link
 * io.turnpike.dataplane.validation.RequestValidation} is compiled once per method when a snapshot is
 * built and answers each request with either nothing or the {@code BAD_REQUEST_PARAMETERS} / {@code
 * BAD_REQUEST_BODY} gateway response to send, with AWS's client message and its detailed {@code
 * $context.error.validationErrorString}.
 */
package io.turnpike.dataplane.validation;
