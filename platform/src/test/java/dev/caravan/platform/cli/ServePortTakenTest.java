package dev.caravan.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.it.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A port already taken is reported as such, not as a broken route file. */
class ServePortTakenTest {

    @Test
    void should_name_the_address_when_the_port_is_taken(@TempDir Path tmp) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Path config = tmp.resolve("caravan.yaml");
            Files.writeString(config, "server: { host: 127.0.0.1, port: " + taken.getLocalPort() + " }\n"
                    + "storage: { url: \"jdbc:h2:file:" + tmp.resolve("db/caravan") + "\" }\n"
                    + "routes: { dir: \"" + TestGateway.routesDir() + "\" }\n"
                    + "plugins: { dir: \"" + TestGateway.pluginsDir() + "\" }\n");
            PrintStream err = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int exit;
            try {
                exit = assertTimeoutPreemptively(Duration.ofSeconds(60),
                        () -> new CommandLine(new CaravanCli()).execute("serve", "--config", config.toString()));
            } finally {
                System.setErr(err);
            }
            String message = captured.toString(StandardCharsets.UTF_8);
            assertEquals(1, exit, message);
            assertTrue(message.contains("caravan: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (server.host, server.port)"), message);
            assertFalse(message.contains("route file"), message);
        }
    }
}
