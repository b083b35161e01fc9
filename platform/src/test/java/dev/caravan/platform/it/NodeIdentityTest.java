package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.ADMIN_TOKEN;
import static dev.caravan.platform.it.TestGateway.KEY;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One gateway on embedded H2: its receipts name the node that served them ({@code <host name>:<port>}
 * by default), and {@code GET /admin/v1/nodes} lists it live with its version and address.
 */
class NodeIdentityTest {

    @TempDir
    static Path tmp;
    private static MockUpstream mock;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithAdmin(mock, tmp);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    @Test
    void should_name_the_serving_node_on_the_receipt_when_a_request_is_answered() {
        HttpResponse<String> answer = gateway.post("/v1/chat/completions",
                "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", bearer(KEY), "content-type", "application/json");
        assertEquals(200, answer.statusCode(), answer.body());
        String traceId = answer.headers().firstValue("x-caravan-trace-id").orElseThrow();

        JsonNode receipt = gateway.receiptEventually(traceId, KEY);

        String expected = gateway.gateway().node().id();
        assertTrue(expected.endsWith(":" + gateway.baseUrl().getPort()), expected);
        assertEquals(expected, receipt.path("node").asText(), receipt.toString());
        assertTrue(gateway.gateway().flushReceipts(java.time.Duration.ofSeconds(10)));
        JsonNode stored = gateway.receipt(traceId, KEY);
        assertEquals(expected, stored.path("node").asText(), "as stored: " + stored);
    }

    @Test
    void should_list_this_node_live_with_version_and_address_when_asked_for_the_nodes() {
        HttpResponse<String> r = gateway.get("/admin/v1/nodes", "authorization", bearer(ADMIN_TOKEN));

        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = TestGateway.json(r.body());
        assertEquals("list", body.path("object").asText());
        assertEquals(30_000, body.path("dead_after_ms").asLong());
        assertEquals(1, body.path("data").size(), r.body());
        JsonNode node = body.path("data").get(0);
        assertEquals(gateway.gateway().node().id(), node.path("node_id").asText());
        assertEquals(body.path("self").asText(), node.path("node_id").asText());
        assertEquals("live", node.path("status").asText());
        assertEquals("development", node.path("version").asText());
        assertEquals("http://127.0.0.1:" + gateway.baseUrl().getPort(), node.path("address").asText());
        assertTrue(node.path("heartbeat_age_ms").asLong() < 30_000, r.body());
        assertTrue(node.path("config_hash").isNull(), "started from text, not a file: " + r.body());
    }

    @Test
    void should_name_the_evidence_chain_after_the_node_when_evidence_node_id_is_not_set() {
        HttpResponse<String> r = gateway.get("/v1/evidence/public-key");

        assertEquals(200, r.statusCode(), r.body());
        assertEquals(gateway.gateway().node().id(), TestGateway.json(r.body()).path("node").asText(), r.body());
    }

    @Test
    void should_refuse_a_query_parameter_when_listing_nodes() {
        HttpResponse<String> r = gateway.get("/admin/v1/nodes?status=live", "authorization", bearer(ADMIN_TOKEN));

        assertEquals(400, r.statusCode(), r.body());
    }

    @Test
    void should_refuse_the_nodes_list_without_the_admin_token() {
        HttpResponse<String> r = gateway.get("/admin/v1/nodes", "authorization", bearer(KEY));

        assertEquals(401, r.statusCode(), r.body());
    }
}
