/**
 * API keys and usage plans on the request path: the key table (keys by a hash of their value, with the
 * plans each key is in per API stage), the quota counters and their persistence, and the "API key, usage
 * plan" step of the pipeline.
 */
package io.turnpike.dataplane.usageplan;
