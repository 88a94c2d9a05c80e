package io.turnpike.store;

import io.turnpike.model.lambda.FunctionAlias;
import io.turnpike.model.lambda.FunctionConfig;
import io.turnpike.model.lambda.FunctionPolicy;
import io.turnpike.model.lambda.LambdaFunction;
import io.turnpike.model.lambda.QueuedEvent;
import io.turnpike.model.rest.Account;
import io.turnpike.model.rest.Authorizer;
import io.turnpike.model.rest.AuthorizerCacheFlush;
import io.turnpike.model.rest.Deployment;
import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.model.rest.GatewayResponse;
import io.turnpike.model.rest.Model;
import io.turnpike.model.rest.RequestValidator;
import io.turnpike.model.rest.Resource;
import io.turnpike.model.rest.RestApi;
import io.turnpike.model.rest.Stage;
import io.turnpike.model.usage.ApiKey;
import io.turnpike.model.usage.UsageDay;
import io.turnpike.model.usage.UsagePlan;
import io.turnpike.model.usage.UsagePlanKeyLink;

/**
 * Every kind of document Turnpike stores. REST APIs live in the {@link Store#GLOBAL} scope; everything
 * that belongs to one API lives in the scope named by the API's id, so deleting an API is deleting its
 * scope.
 */
public final class Kinds {
    public static final Kind<RestApi> REST_API = new Kind<>("restapi", RestApi.class);
    /** Resources with their methods, method responses, integrations and integration responses. */
    public static final Kind<Resource> RESOURCE = new Kind<>("resource", Resource.class);

    public static final Kind<Deployment> DEPLOYMENT = new Kind<>("deployment", Deployment.class);
    /** The frozen API behind a deployment, keyed by the deployment id. */
    public static final Kind<DeploymentContent> DEPLOYMENT_CONTENT =
            new Kind<>("deployment-content", DeploymentContent.class);

    /** Stages, keyed by stage name. */
    public static final Kind<Stage> STAGE = new Kind<>("stage", Stage.class);
    /** Models, keyed by model name (AWS addresses models by name). */
    public static final Kind<Model> MODEL = new Kind<>("model", Model.class);

    public static final Kind<RequestValidator> REQUEST_VALIDATOR =
            new Kind<>("requestvalidator", RequestValidator.class);
    /** Gateway responses the user has put, keyed by response type; defaults are not stored. */
    public static final Kind<GatewayResponse> GATEWAY_RESPONSE = new Kind<>("gatewayresponse", GatewayResponse.class);
    /** Lambda and Cognito authorizers, keyed by authorizer id. */
    public static final Kind<Authorizer> AUTHORIZER = new Kind<>("authorizer", Authorizer.class);
    /** FlushStageAuthorizersCache generations, keyed by stage name. */
    public static final Kind<AuthorizerCacheFlush> AUTHORIZER_CACHE_FLUSH =
            new Kind<>("authorizer-cache-flush", AuthorizerCacheFlush.class);
    /** The single account document, id {@code "account"} in the global scope. */
    public static final Kind<Account> ACCOUNT = new Kind<>("account", Account.class);

    /** API keys (with their values), in the global scope by key id. */
    public static final Kind<ApiKey> API_KEY = new Kind<>("apikey", ApiKey.class);
    /** Usage plans, in the global scope by plan id. */
    public static final Kind<UsagePlan> USAGE_PLAN = new Kind<>("usageplan", UsagePlan.class);
    /** The keys of a usage plan, in the plan's scope (the plan id) by key id. */
    public static final Kind<UsagePlanKeyLink> USAGE_PLAN_KEY = new Kind<>("usageplankey", UsagePlanKeyLink.class);
    /**
     * Usage counters, in the plan's scope by {@code {keyId}/{yyyy-MM-dd}}. Unversioned: the data plane
     * flushes them every second and that must not recompile snapshots.
     */
    public static final Kind<UsageDay> USAGE_DAY = Kind.unversioned("usageday", UsageDay.class);

    /** Lambda functions ({@code $LATEST} and function-level settings), keyed by name in the global scope. */
    public static final Kind<LambdaFunction> LAMBDA_FUNCTION = new Kind<>("lambda-function", LambdaFunction.class);
    /**
     * Published versions, keyed by version number in the function's scope ({@link
     * LambdaFunction#scope(String)}), so deleting a function is deleting its scope and its document.
     */
    public static final Kind<FunctionConfig> LAMBDA_VERSION = new Kind<>("lambda-version", FunctionConfig.class);
    /** Aliases, keyed by alias name in the function's scope. */
    public static final Kind<FunctionAlias> LAMBDA_ALIAS = new Kind<>("lambda-alias", FunctionAlias.class);
    /** Resource policies, keyed by qualifier ({@code $LATEST}, a version or an alias) in the function's scope. */
    public static final Kind<FunctionPolicy> LAMBDA_POLICY = new Kind<>("lambda-policy", FunctionPolicy.class);
    /** Asynchronous invocations waiting to run, keyed by request id in the {@link #LAMBDA_EVENT_SCOPE} scope. */
    public static final Kind<QueuedEvent> LAMBDA_EVENT = new Kind<>("lambda-event", QueuedEvent.class);

    public static final String LAMBDA_EVENT_SCOPE = "lambda-events";

    private Kinds() {}
}
