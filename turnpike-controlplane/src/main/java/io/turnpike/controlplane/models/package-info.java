/**
 * Models of a REST API: JSON schemas (draft 4) that describe request and response bodies, used by
 * request validation and SDK generation, and the sample mapping templates API Gateway generates from
 * them. Named {@code models} so as not to be confused with the {@code turnpike-model} module.
 */
package io.turnpike.controlplane.models;
