package io.turnpike.controlplane;

import io.turnpike.controlplane.account.AccountOperations;
import io.turnpike.controlplane.authorizer.AuthorizerOperations;
import io.turnpike.controlplane.authorizer.AuthorizerTester;
import io.turnpike.controlplane.deployment.DeploymentOperations;
import io.turnpike.controlplane.gatewayresponse.GatewayResponseOperations;
import io.turnpike.controlplane.http.AdminDispatcher;
import io.turnpike.controlplane.http.AdminServer;
import io.turnpike.controlplane.http.Authenticator;
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
import io.turnpike.controlplane.wire.ServiceModel;
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

    private final AdminServer server;
    private final Operations apigateway;

    public ControlPlane(
            AdminContext ctx,
            Authenticator authenticator,
            MethodTester methodTester,
            AuthorizerTester authorizerTester) {
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
        new AuthorizerOperations(ctx, authorizerTester).register(apigateway);

        AdminDispatcher dispatcher = new AdminDispatcher(authenticator, List.of(apigateway), ctx.json());
        server = new AdminServer(dispatcher);
    }

    public InetSocketAddress start(String bind, int port) throws InterruptedException {
        return server.start(bind, port);
    }

    /** The operations of the {@code apigateway} model and whether each is implemented (for docs and tests). */
    public Operations apigateway() {
        return apigateway;
    }

    @Override
    public void close() {
        server.close();
    }
}
