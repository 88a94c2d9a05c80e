package io.turnpike.dataplane.entry;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.turnpike.dataplane.integration.Integrations;
import io.turnpike.dataplane.pipeline.RestPipeline;
import io.turnpike.dataplane.snapshot.GatewayConfig;
import io.turnpike.dataplane.snapshot.GatewaySnapshot;
import io.turnpike.dataplane.snapshot.SnapshotCompiler;
import io.turnpike.dataplane.snapshot.StageSnapshot;
import io.turnpike.model.rest.DeploymentContent;
import io.turnpike.model.rest.Integration;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.Model;
import io.turnpike.model.rest.RequestValidator;
import io.turnpike.model.rest.Resource;
import io.turnpike.model.rest.RestApi;
import io.turnpike.model.rest.Stage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real data plane (server, pipeline, integrations, upstream client) on one event loop, serving one
 * stage {@code abc1234567/prod} whose {@code ANY /{proxy+}} is an {@code HTTP_PROXY} integration to a
 * {@link Upstream} on loopback, and plain sockets to drive both ends byte by byte.
 */
final class ProxyFixture implements AutoCloseable {

    static final String API = "abc1234567";
    static final String HOST = API + ".execute-api.localhost";

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final Integrations integrations = new Integrations(group, NioSocketChannel.class);
    final Upstream upstream = new Upstream();
    private final DataPlaneServer server;
    final InetSocketAddress address;

    /**
     * @param timeoutMs the integration's {@code timeoutInMillis}
     * @param transferMode the integration's {@code responseTransferMode} (null: BUFFERED)
     * @param validateBody whether the method validates its body against a model (then it is buffered)
     */
    ProxyFixture(int timeoutMs, String transferMode, boolean validateBody) throws Exception {
        Integration integration = new Integration(
                "HTTP_PROXY",
                "ANY",
                "http://127.0.0.1:" + upstream.port() + "/{proxy}",
                "INTERNET",
                null,
                null,
                Map.of("integration.request.path.proxy", "method.request.path.proxy"),
                null,
                null,
                null,
                timeoutMs,
                null,
                null,
                null,
                null,
                transferMode,
                null);
        Method any = new Method(
                "ANY",
                "NONE",
                null,
                false,
                validateBody ? "v1" : null,
                null,
                Map.of("method.request.path.proxy", true),
                validateBody ? Map.of("application/json", "Anything") : null,
                null,
                integration,
                null);
        List<Resource> resources = List.of(
                new Resource("root", null, null, "/", null),
                new Resource("proxy", "root", "{proxy+}", "/{proxy+}", Map.of("ANY", any)));
        RestApi api =
                new RestApi(API, "proxy", null, 0L, null, null, null, null, null, null, null, null, false, "root");
        Stage stage = new Stage(
                "d1", null, "prod", null, false, null, null, null, null, null, null, null, false, null, null, 0L, 0L);
        List<RequestValidator> validators =
                validateBody ? List.of(new RequestValidator("v1", "body", true, false)) : null;
        List<Model> models = validateBody
                ? List.of(new Model("m1", "Anything", null, "{\"type\":\"object\"}", "application/json"))
                : null;
        SnapshotCompiler compiler = new SnapshotCompiler(
                new GatewayConfig("us-east-1", "123456789012", "localhost"), new RestPipeline(integrations.phases()));
        StageSnapshot prod =
                compiler.compileStage(api, stage, new DeploymentContent(api, resources, models, validators, null));
        GatewaySnapshot snapshot = new GatewaySnapshot(1, Map.of(API, Map.of("prod", prod)));
        server = new DataPlaneServer(
                group,
                NioServerSocketChannel.class,
                () -> snapshot,
                java.time.Clock.systemUTC(),
                DataPlaneServer.Timeouts.DEFAULT);
        address = server.start("127.0.0.1", 0);
    }

    /** A client connection to the data plane. */
    Client client() throws IOException {
        return new Client(new Socket(address.getAddress(), address.getPort()));
    }

    @Override
    public void close() throws Exception {
        server.close();
        integrations.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        upstream.close();
    }

    /** A response head (and, once read, body) as either side read it off the wire. */
    record Head(String line, Map<String, List<String>> headers) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        int status() {
            return Integer.parseInt(line.split(" ")[1]);
        }
    }

    /** One end of a socket, reading and writing HTTP/1.1 by hand. */
    static class End implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        End(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(20_000); // a guard against a hung test, not a measurement
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void send(String ascii) throws IOException {
            out.write(ascii.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void sendChunk(byte[] data) throws IOException {
            out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(data);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void sendChunk(String text) throws IOException {
            sendChunk(text.getBytes(StandardCharsets.UTF_8));
        }

        void endChunks() throws IOException {
            send("0\r\n\r\n");
        }

        /** A line without its CRLF, or null at the end of the stream. */
        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    byte[] bytes = b.toByteArray();
                    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
                }
                b.write(c);
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }

        /** A request or response head. */
        Head head() throws IOException {
            String first = line();
            if (first == null) {
                return null;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String l; (l = line()) != null && !l.isEmpty(); ) {
                int colon = l.indexOf(':');
                headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(l.substring(colon + 1).trim());
            }
            return new Head(first, headers);
        }

        /** The next chunk of a chunked body; empty at its end. */
        byte[] chunk() throws IOException {
            String size = line();
            if (size == null) {
                throw new IOException("connection closed in a chunked body");
            }
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            byte[] data = in.readNBytes(n);
            if (data.length < n) {
                throw new IOException("connection closed in a chunk");
            }
            line(); // the CRLF after the data, or the end of an (empty) trailer section
            return data;
        }

        /** A whole body as the head frames it. */
        byte[] body(Head h) throws IOException {
            String length = h.header("content-length");
            if (length != null) {
                byte[] b = in.readNBytes(Integer.parseInt(length));
                if (b.length < Integer.parseInt(length)) {
                    throw new IOException("connection closed in the body");
                }
                return b;
            }
            if ("chunked".equalsIgnoreCase(h.header("transfer-encoding"))) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (byte[] c; (c = chunk()).length > 0; ) {
                    all.write(c);
                }
                return all.toByteArray();
            }
            return new byte[0];
        }

        /** Whether the peer closed (or reset) the connection: reads until the end of the stream. */
        boolean closedByPeer() throws IOException {
            try {
                while (in.read(new byte[8192]) != -1) {
                    // drain
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A client of the data plane. */
    static final class Client extends End {
        Client(Socket socket) throws IOException {
            super(socket);
        }
    }

    /** The upstream: a plain server socket on loopback; each test scripts the connections it accepts. */
    static final class Upstream implements AutoCloseable {
        private final ServerSocket server;
        private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        private final List<Socket> handedOut = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        private final Thread acceptor;

        Upstream() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        connections.incrementAndGet();
                        accepted.add(s);
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        /** The next connection the gateway opens. */
        End accept() throws Exception {
            Socket s = accepted.poll(20, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("the gateway opened no connection to the upstream");
            }
            handedOut.add(s);
            return new End(s);
        }

        @Override
        public void close() throws IOException {
            server.close();
            Socket s;
            while ((s = accepted.poll()) != null) {
                s.close();
            }
            for (Socket h : handedOut) {
                h.close();
            }
        }
    }
}
