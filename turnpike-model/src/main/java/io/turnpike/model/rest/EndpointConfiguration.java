package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Where an API or domain is reachable: EDGE, REGIONAL or PRIVATE. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EndpointConfiguration(List<String> types, String ipAddressType, List<String> vpcEndpointIds) {}
