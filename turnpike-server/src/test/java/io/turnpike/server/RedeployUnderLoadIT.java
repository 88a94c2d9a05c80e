package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.Op;

/** Deploying while traffic flows drops no request: every response is a 200 from one deployment or the next. */
class RedeployUnderLoadIT {

    @TempDir
    Path dataDir;

    @Test
    void deploymentsSwapWithoutFailingARequest() throws Exception {
        try (TurnpikeProcess turnpike = TurnpikeProcess.start(dataDir);
                ApiGatewayClient api = turnpike.client()) {
            String id = api.createRestApi(r -> r.name("live")).id();
            String root = api.getResources(r -> r.restApiId(id)).items().get(0).id();
            String live = api.createResource(r -> r.restApiId(id).parentId(root).pathPart("live"))
                    .id();
            api.putMethod(
                    r -> r.restApiId(id).resourceId(live).httpMethod("GET").authorizationType("NONE"));
            api.putIntegration(r -> r.restApiId(id)
                    .resourceId(live)
                    .httpMethod("GET")
                    .type(IntegrationType.MOCK)
                    .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
            api.putMethodResponse(
                    r -> r.restApiId(id).resourceId(live).httpMethod("GET").statusCode("200"));
            api.putIntegrationResponse(r -> r.restApiId(id)
                    .resourceId(live)
                    .httpMethod("GET")
                    .statusCode("200")
                    .responseTemplates(Map.of("application/json", "v0")));
            api.createDeployment(r -> r.restApiId(id).stageName("prod"));

            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpRequest get = HttpRequest.newBuilder(
                            URI.create(turnpike.dataEndpoint() + "/restapis/" + id + "/prod/_user_request_/live"))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            for (int i = 0;
                    i < 200
                            && http.send(get, HttpResponse.BodyHandlers.ofString())
                                            .statusCode()
                                    != 200;
                    i++) {
                Thread.sleep(20);
            }

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            Set<String> failures = ConcurrentHashMap.newKeySet();
            Set<String> versions = ConcurrentHashMap.newKeySet();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            Future<?>[] loops = new Future<?>[4];
            for (int t = 0; t < 4; t++) {
                loops[t] = clients.submit(() -> {
                    // bounded: stops when the deployments are done, or after 20,000 requests
                    for (int i = 0; i < 20_000 && running.get(); i++) {
                        try {
                            HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                ok.incrementAndGet();
                                versions.add(r.body());
                            } else {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                    return null;
                });
            }
            for (int v = 1; v <= 10; v++) {
                String body = "v" + v;
                api.updateIntegrationResponse(r -> r.restApiId(id)
                        .resourceId(live)
                        .httpMethod("GET")
                        .statusCode("200")
                        .patchOperations(p -> p.op(Op.REPLACE)
                                .path("/responseTemplates/application~1json")
                                .value(body)));
                api.createDeployment(r -> r.restApiId(id).stageName("prod"));
                Thread.sleep(100);
            }
            running.set(false);
            for (Future<?> f : loops) {
                f.get(60, TimeUnit.SECONDS);
            }
            clients.shutdown();

            assertThat(failures).isEmpty();
            assertThat(ok.get()).isGreaterThan(100);
            assertThat(versions).contains("v10").hasSizeGreaterThan(2);
        }
    }
}
