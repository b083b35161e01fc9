package dev.caravan.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code server.node_id}, {@code heartbeat_interval_ms}, {@code node_dead_after_ms} as docs/configuration.md states them. */
class NodeConfigTest {

    private static String server(String fields) {
        return ConfigFixtures.VALID + "server: { port: 9000" + fields + " }\n";
    }

    @Test
    void should_default_to_host_name_and_port_when_no_node_id_is_configured() throws Exception {
        CaravanConfig c = ConfigFixtures.parse(server(""));

        assertEquals(java.net.InetAddress.getLocalHost().getHostName() + ":9000", c.server().nodeId());
        assertEquals(Duration.ofSeconds(5), c.server().node().heartbeatInterval());
        assertEquals(Duration.ofSeconds(30), c.server().node().deadAfter());
    }

    @Test
    void should_use_the_configured_node_id_and_bounds() {
        CaravanConfig c = ConfigFixtures.parse(server(", node_id: gw-1.eu, heartbeat_interval_ms: 500, node_dead_after_ms: 2000"));

        assertEquals("gw-1.eu", c.server().nodeId());
        assertEquals(Duration.ofMillis(500), c.server().node().heartbeatInterval());
        assertEquals(Duration.ofMillis(2000), c.server().node().deadAfter());
    }

    @Test
    void should_refuse_a_node_id_with_spaces() {
        List<String> problems = ConfigFixtures.problems(server(", node_id: \"gw 1\""));

        assertTrue(problems.stream().anyMatch(p -> p.startsWith("server.node_id: must be 1 to 128 characters")), problems.toString());
    }

    @Test
    void should_refuse_a_dead_bound_shorter_than_two_heartbeats() {
        List<String> problems = ConfigFixtures.problems(server(", heartbeat_interval_ms: 5000, node_dead_after_ms: 9000"));

        assertTrue(problems.stream().anyMatch(p -> p.startsWith("server.node_dead_after_ms: must be at least twice")), problems.toString());
    }
}
