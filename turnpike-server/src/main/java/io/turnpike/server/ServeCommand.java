package io.turnpike.server;

import io.turnpike.store.StoreException;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code turnpike serve}: every flag of the process contract, each with a {@code TURNPIKE_*}
 * environment variable; a flag given on the command line wins over its variable.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the data plane and the admin API.")
final class ServeCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            defaultValue = "${env:TURNPIKE_PORT:-8080}",
            description = "Data plane (execute-api) port. Env: TURNPIKE_PORT. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(
            names = "--bind",
            defaultValue = "${env:TURNPIKE_BIND:-0.0.0.0}",
            description = "Data plane bind address. Env: TURNPIKE_BIND. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(
            names = "--admin-port",
            defaultValue = "${env:TURNPIKE_ADMIN_PORT:-8081}",
            description = "Admin (management API) port. Env: TURNPIKE_ADMIN_PORT. Default: ${DEFAULT-VALUE}.")
    int adminPort;

    @Option(
            names = "--admin-bind",
            defaultValue = "${env:TURNPIKE_ADMIN_BIND:-127.0.0.1}",
            description = "Admin bind address. Env: TURNPIKE_ADMIN_BIND. Default: ${DEFAULT-VALUE}.")
    String adminBind;

    @Option(
            names = "--data-dir",
            defaultValue = "${env:TURNPIKE_DATA_DIR:-./turnpike-data}",
            description = "Where the embedded store and generated credentials live. Env: TURNPIKE_DATA_DIR."
                    + " Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(
            names = "--region",
            defaultValue = "${env:TURNPIKE_REGION:-us-east-1}",
            description = "The AWS region this node answers as. Env: TURNPIKE_REGION. Default: ${DEFAULT-VALUE}.")
    String region;

    @Option(
            names = "--account-id",
            defaultValue = "${env:TURNPIKE_ACCOUNT_ID:-000000000000}",
            description = "The 12-digit AWS account id in ARNs and messages. Env: TURNPIKE_ACCOUNT_ID."
                    + " Default: ${DEFAULT-VALUE}.")
    String accountId;

    @Option(
            names = "--domain",
            defaultValue = "${env:TURNPIKE_DOMAIN:-localhost}",
            description = "Invoke domain: {apiId}.execute-api.{domain}. Env: TURNPIKE_DOMAIN."
                    + " Default: ${DEFAULT-VALUE}.")
    String domain;

    @Option(
            names = "--lambda-endpoint",
            defaultValue = "${env:TURNPIKE_LAMBDA_ENDPOINT:-}",
            description = "Lambda Invoke API endpoint for functions Turnpike does not run itself (AWS, or an"
                    + " emulator); calls are SigV4-signed with the AWS_* credentials or profile."
                    + " Env: TURNPIKE_LAMBDA_ENDPOINT. Default: none.")
    String lambdaEndpoint;

    @Option(
            names = "--aws-endpoint",
            defaultValue = "${env:TURNPIKE_AWS_ENDPOINT:-}",
            description = "Endpoint of every AWS service that AWS-service integrations call (LocalStack, moto);"
                    + " calls are SigV4-signed with the AWS_* credentials or profile."
                    + " Env: TURNPIKE_AWS_ENDPOINT. Default: AWS's own endpoints.")
    String awsEndpoint;

    @Option(
            names = "--aws-service-endpoint",
            paramLabel = "SERVICE=URL",
            description = "Endpoint of one AWS service, winning over --aws-endpoint; repeatable"
                    + " (--aws-service-endpoint s3=http://127.0.0.1:9000)."
                    + " Env: TURNPIKE_AWS_SERVICE_ENDPOINTS, comma-separated.")
    java.util.List<String> awsServiceEndpoints = new java.util.ArrayList<>();

    @Option(
            names = "--cognito-issuer-base",
            paramLabel = "URL",
            defaultValue = "${env:TURNPIKE_COGNITO_ISSUER_BASE}",
            description = "Issuer base URL of Cognito user pools: the issuer of pool P becomes {URL}/P (its keys at"
                    + " {URL}/P/.well-known/jwks.json), so a self-hosted identity provider can stand in."
                    + " Env: TURNPIKE_COGNITO_ISSUER_BASE. Default: https://cognito-idp.{region}.amazonaws.com.")
    String cognitoIssuerBase;

    @Option(
            names = "--vpce-header",
            paramLabel = "NAME",
            defaultValue = "${env:TURNPIKE_VPCE_HEADER}",
            description = "Request header a trusted proxy sets to the caller's VPC endpoint id (aws:SourceVpce in"
                    + " resource policies). Env: TURNPIKE_VPCE_HEADER. Default: none (the key is absent).")
    String vpceHeader;

    @Option(
            names = "--vpc-header",
            paramLabel = "NAME",
            defaultValue = "${env:TURNPIKE_VPC_HEADER}",
            description = "Request header a trusted proxy sets to the caller's VPC id (aws:SourceVpc in resource"
                    + " policies). Env: TURNPIKE_VPC_HEADER. Default: none (the key is absent).")
    String vpcHeader;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Turnpike turnpike;
        try {
            java.util.List<String> services = awsServiceEndpoints.isEmpty()
                    ? java.util.List.of(System.getenv().getOrDefault("TURNPIKE_AWS_SERVICE_ENDPOINTS", ""))
                    : awsServiceEndpoints;
            ServerConfig config = new ServerConfig(
                    port,
                    bind,
                    adminPort,
                    adminBind,
                    dataDir,
                    region,
                    accountId,
                    domain,
                    ServerConfig.uri("--lambda-endpoint", lambdaEndpoint),
                    ServerConfig.uri("--aws-endpoint", awsEndpoint),
                    ServerConfig.serviceEndpoints(services),
                    cognitoIssuerBase,
                    vpceHeader,
                    vpcHeader);
            turnpike = Turnpike.start(config, System.getenv(), System.out);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (BindException e) {
            System.err.println("turnpike: cannot listen: " + e.getMessage()
                    + " (is another Turnpike running? choose other ports with --port / --admin-port)");
            return 1;
        } catch (IOException | StoreException e) {
            System.err.println("turnpike: cannot start: " + e.getMessage());
            return 1;
        }
        turnpike.awaitStopped();
        return 0;
    }
}
