package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ReceiptJsonTest {

    @Test
    void should_use_snake_case_and_iso_instants_when_writing() throws Exception {
        JsonNode json = ReceiptJson.mapper().valueToTree(TestReceipts.full("t1"));

        assertEquals("t1", json.get("trace_id").asText());
        assertEquals("2025-03-30T01:59:59.123456Z", json.get("received_at").asText());
        assertEquals(250.25, json.get("attempts").get(1).get("latency_ms").asDouble());
        assertTrue(json.get("stream").asBoolean());
        assertTrue(json.has("upstream_ttfb_ms") && json.has("error_type") && json.get("error_type").isNull());
    }

    @Test
    void should_read_back_equal_receipt_when_round_tripped() throws Exception {
        for (Receipt receipt : new Receipt[] {TestReceipts.full("a"), TestReceipts.failedEarly("b")}) {
            String line = ReceiptJson.mapper().writeValueAsString(receipt);

            assertEquals(receipt, ReceiptJson.mapper().readValue(line, Receipt.class));
            assertTrue(!line.contains("\n"), "one line per receipt");
        }
    }

    @Test
    void should_ignore_unknown_fields_when_reading_newer_receipt() throws Exception {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ReceiptJson.mapper().valueToTree(TestReceipts.full("a"));
        tree.put("a_field_from_a_newer_version", 0.12);

        assertEquals(TestReceipts.full("a"), ReceiptJson.mapper().treeToValue(tree, Receipt.class));
    }
}
