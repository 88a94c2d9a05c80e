package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How many times a stage's authorizer cache was flushed (FlushStageAuthorizersCache). Not an AWS wire
 * shape: the control plane bumps it, the data plane keys its authorizer results by it, so a flush makes
 * every earlier result unreachable on every node sharing the store.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuthorizerCacheFlush(long generation) {}
