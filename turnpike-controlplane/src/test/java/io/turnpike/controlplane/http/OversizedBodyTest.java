package io.turnpike.controlplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.controlplane.AdminFixture;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OversizedBodyTest {

    @Test
    void aBodyOverTheLimitGetsA413InAwsShapeBeforeItIsRead() throws Exception {
        try (AdminFixture admin = new AdminFixture();
                Socket s = new Socket("127.0.0.1", admin.endpoint.getPort())) {
            OutputStream out = s.getOutputStream();
            long length = AdminServer.MAX_BODY_BYTES + 1L;
            out.write(("POST /restapis HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).containsIgnoringCase("x-amzn-ErrorType: PayloadTooLargeException");
            assertThat(response).endsWith("{\"message\":\"Request body is larger than 10485760 bytes\"}");
        }
    }
}
