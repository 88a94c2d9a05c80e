package io.turnpike.dataplane.integration.http;

import static io.turnpike.dataplane.integration.http.ClientFixture.text;
import static io.turnpike.dataplane.integration.http.TestUpstream.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.dataplane.LeakCheck;
import io.turnpike.dataplane.integration.http.UpstreamException.Kind;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * https upstreams with a self-signed certificate (made with the JDK's keytool, so no extra library):
 * refused when verifying, accepted when told to skip verification, with SNI and pooling.
 */
@ExtendWith(LeakCheck.class)
class UpstreamTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static SSLServerSocketFactory serverSockets;
    private static ClientFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("upstream.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "upstream",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        new String(PASSWORD),
                        "-keypass",
                        new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        serverSockets = context.getServerSocketFactory();
        fixture = ClientFixture.best(1, UpstreamSettings.defaults());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** A keep-alive https upstream that records the SNI names each connection asked for. */
    private static TestUpstream httpsUpstream(List<List<SNIServerName>> sni) throws Exception {
        return TestUpstream.start(serverSockets, c -> {
            SSLSocket socket = (SSLSocket) c.socket;
            socket.startHandshake();
            sni.add(((ExtendedSSLSession) socket.getSession()).getRequestedServerNames());
            for (TestUpstream.Request r = c.read(); r != null; r = c.read()) {
                c.write(response(200, "secure " + r.target()));
            }
        });
    }

    private static UpstreamRequest get(URI uri, boolean insecure) {
        return new UpstreamRequest("GET", uri, List.of(), new byte[0], Duration.ofSeconds(5), insecure);
    }

    @Test
    void aSelfSignedCertificateIsRefusedWhenVerifying() throws Exception {
        try (TestUpstream upstream = httpsUpstream(new CopyOnWriteArrayList<>())) {
            UpstreamException failure =
                    fixture.failure(get(URI.create("https://localhost:" + upstream.port() + "/"), false));

            assertThat(failure.kind()).isEqualTo(Kind.CONNECT_FAILED);
            assertThat(failure.getMessage()).contains("TLS handshake");
            assertThat(failure.getCause()).isInstanceOf(SSLHandshakeException.class);
            // the certificate chain leads to no trusted root
            assertThat(failure).hasRootCauseInstanceOf(CertPathBuilderException.class);
        }
    }

    @Test
    void aSelfSignedCertificateIsAcceptedWhenSkippingVerificationWithSniNamingTheHost() throws Exception {
        List<List<SNIServerName>> sni = new CopyOnWriteArrayList<>();
        try (TestUpstream upstream = httpsUpstream(sni)) {
            URI uri = URI.create("https://localhost:" + upstream.port() + "/tls?x=1");

            for (int i = 0; i < 3; i++) {
                UpstreamResponse res = fixture.call(get(uri, true));
                assertThat(res.status()).isEqualTo(200);
                assertThat(text(res)).isEqualTo("secure /tls?x=1");
            }

            assertThat(upstream.connections()).isEqualTo(1);
            assertThat(sni).containsExactly(List.of(new SNIHostName("localhost")));
            assertThat(upstream.requests().get(0).headers())
                    .first()
                    .isEqualTo(Map.entry("Host", "localhost:" + upstream.port()));
        }
    }

    @Test
    void anIpLiteralSendsNoSni() throws Exception {
        List<List<SNIServerName>> sni = new CopyOnWriteArrayList<>();
        try (TestUpstream upstream = httpsUpstream(sni)) {
            fixture.call(get(URI.create("https://127.0.0.1:" + upstream.port() + "/"), true));

            assertThat(sni).containsExactly(List.of());
        }
    }

    @Test
    void aConnectionThatSkippedVerificationIsNeverLentToARequestThatVerifies() throws Exception {
        try (TestUpstream upstream = httpsUpstream(new CopyOnWriteArrayList<>())) {
            URI uri = URI.create("https://localhost:" + upstream.port() + "/");
            fixture.call(get(uri, true));

            UpstreamException failure = fixture.failure(get(uri, false));

            assertThat(failure.kind()).isEqualTo(Kind.CONNECT_FAILED);
            assertThat(upstream.connections()).isEqualTo(2);
        }
    }

    @Test
    void plainHttpToATlsPortIsNotMistakenForAResponse() throws Exception {
        try (TestUpstream upstream = httpsUpstream(new CopyOnWriteArrayList<>())) {
            UpstreamException failure = fixture.failure(ClientFixture.get(upstream.uri("/")));

            assertThat(failure.kind()).isIn(Kind.PROTOCOL_ERROR, Kind.RESET);
        }
    }
}
