package io.turnpike.controlplane;

import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.controlplane.account.AccountOperations;
import io.turnpike.controlplane.apikey.ApiKeyOperations;
import io.turnpike.controlplane.authorizer.AuthorizerOperations;
import io.turnpike.controlplane.authorizer.AuthorizerTester;
import io.turnpike.controlplane.deployment.DeploymentOperations;
import io.turnpike.controlplane.gatewayresponse.GatewayResponseOperations;
import io.turnpike.controlplane.http.AdminDispatcher;
import io.turnpike.controlplane.http.AdminServer;
import io.turnpike.controlplane.http.Authenticator;
import io.turnpike.controlplane.lambda.LambdaOperations;
import io.turnpike.controlplane.models.ModelOperations;
import io.turnpike.controlplane.requestvalidator.RequestValidatorOperations;
import io.turnpike.controlplane.resource.IntegrationOperations;
import io.turnpike.controlplane.resource.MethodOperations;
import io.turnpike.controlplane.resource.ResourceOperations;
import io.turnpike.controlplane.resource.TestInvokeOperations;
import io.turnpike.controlplane.restapi.RestApiOperations;
import io.turnpike.controlplane.stage.StageOperations;
import io.turnpike.controlplane.tags.TagOperations;
import io.turnpike.controlplane.testinvoke.MethodTester;
import io.turnpike.controlplane.usageplan.UsagePlanOperations;
import io.turnpike.controlplane.wire.ServiceModel;
import io.turnpike.store.CodeStore;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The control plane, assembled: the {@code apigateway} service model, the handler of every operation
 * Turnpike implements, and the admin server that serves them. Read top to bottom, this is the list of
 * supported operation families.
 *
 * <p>Everything runs against the store, except TestInvokeMethod, which runs a request through a method,
 * and TestInvokeAuthorizer, which runs an authorizer: the {@link MethodTester} and {@link
 * AuthorizerTester} given here do that (the data plane, adapted in the server's wiring).
 */
public final class ControlPlane implements AutoCloseable {

    public static final String APIGATEWAY_MODEL = "/io/turnpike/controlplane/wire/apigateway-2015-07-09.json.gz";
    public static final String LAMBDA_MODEL = "/io/turnpike/controlplane/wire/lambda-2015-03-31.json.gz";

    private final AdminServer server;
    private final Operations apigateway;
    private final Operations lambda;
    private final LambdaOperations lambdaOperations;

    /**
     * @param authorizerTester runs TestInvokeAuthorizer (the data plane, adapted in the server's wiring)
     * @param code where function code is kept (the data dir's code store)
     * @param invoker runs Invoke calls (the server wires the local function host behind it)
     */
    public ControlPlane(
            AdminContext ctx,
            Authenticator authenticator,
            MethodTester methodTester,
            AuthorizerTester authorizerTester,
            CodeStore code,
            FunctionInvoker invoker) {
        apigateway = new Operations(ServiceModel.load(APIGATEWAY_MODEL, ctx.json()));
        new RestApiOperations(ctx).register(apigateway);
        // families register here, one line each
        new ResourceOperations(ctx).register(apigateway);
        new MethodOperations(ctx).register(apigateway);
        new TestInvokeOperations(ctx, methodTester).register(apigateway);
        new IntegrationOperations(ctx).register(apigateway);
        new DeploymentOperations(ctx).register(apigateway);
        new StageOperations(ctx).register(apigateway);
        new TagOperations(ctx).register(apigateway);
        new AccountOperations(ctx).register(apigateway);
        new ModelOperations(ctx).register(apigateway);
        new RequestValidatorOperations(ctx).register(apigateway);
        new GatewayResponseOperations(ctx).register(apigateway);
        new ApiKeyOperations(ctx, UsagePlanOperations::addKey).register(apigateway);
        new UsagePlanOperations(ctx).register(apigateway);
        new AuthorizerOperations(ctx, authorizerTester).register(apigateway);

        lambda = new Operations(ServiceModel.load(LAMBDA_MODEL, ctx.json()));
        lambdaOperations = new LambdaOperations(ctx, code, invoker);
        lambdaOperations.register(lambda);

        AdminDispatcher dispatcher = new AdminDispatcher(authenticator, List.of(apigateway, lambda), ctx.json());
        server = new AdminServer(dispatcher);
    }

    public InetSocketAddress start(String bind, int port) throws InterruptedException {
        return server.start(bind, port);
    }

    /** The operations of the {@code apigateway} model and whether each is implemented (for docs and tests). */
    public Operations apigateway() {
        return apigateway;
    }

    /** The operations of the {@code lambda} model and whether each is implemented (for docs and tests). */
    public Operations lambda() {
        return lambda;
    }

    @Override
    public void close() {
        server.close();
        lambdaOperations.close();
    }
}
