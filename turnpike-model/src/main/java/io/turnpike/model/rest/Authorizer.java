package io.turnpike.model.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An authorizer of a REST API: a Lambda function ({@code TOKEN} or {@code REQUEST}) or Cognito user
 * pools ({@code COGNITO_USER_POOLS}) that methods with {@code authorizationType} {@code CUSTOM} or
 * {@code COGNITO_USER_POOLS} name by {@code authorizerId}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Authorizer(
        String id,
        String name,
        String type,
        List<String> providerARNs,
        String authType,
        String authorizerUri,
        String authorizerCredentials,
        String identitySource,
        String identityValidationExpression,
        Integer authorizerResultTtlInSeconds) {}
