package io.turnpike.store;

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

    private Kinds() {}
}
