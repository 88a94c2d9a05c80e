package bench.scg;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Spring Cloud Gateway with one route (see application.yml): every path to the backend. */
@SpringBootApplication
public class GatewayPeer {
    public static void main(String[] args) {
        SpringApplication.run(GatewayPeer.class, args);
    }
}
