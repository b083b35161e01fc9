package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.KEY;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every receipt carries its exact cost and price row, through the real gateway and mock. */
class ReceiptCostTest {

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(dev.caravan.mock.MockOptions.defaults());
        gateway = TestGateway.startWithModels(mock, tmp, """
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                  - { alias: house, targets: [ { provider: mock, model: house-model } ] }
                  - { alias: finetune, targets: [ { provider: mock, model: ft-unknown-model } ] }
                  - { alias: nowhere, targets: [ { provider: down, model: gpt-4o-mini } ] }
                """, """
                pricing:
                  - { provider: mock, model: house-model, input_per_mtok: "1.10", output_per_mtok: "2.20", source: "house contract" }
                """);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static JsonNode receiptOf(String model, boolean stream) {
        String body = """
                {"model":"%s","stream":%s,"messages":[{"role":"user","content":"hi"}],
                 "mock":{"prompt_tokens":1000,"completion_tokens":500}}""".formatted(model, stream);
        HttpResponse<String> response = gateway.post("/v1/chat/completions", body, "authorization", bearer(KEY),
                "content-type", "application/json");
        String traceId = response.headers().firstValue("x-caravan-trace-id").orElseThrow();
        return gateway.receiptEventually(traceId, KEY);
    }

    @Test
    void should_price_from_the_shipped_catalog_when_the_model_is_listed() {
        JsonNode receipt = receiptOf("fast", false);

        // 1000 × 0.15 + 500 × 0.60 = 450 per million → 0.00045
        assertEquals("0.00045", receipt.get("cost_usd").textValue());
        assertEquals("openai/gpt-4o-mini@2024-07-18", receipt.get("price_id").textValue());
        assertEquals("priced", receipt.get("pricing").textValue());
    }

    @Test
    void should_price_with_the_operators_row_when_config_adds_one() {
        JsonNode receipt = receiptOf("house", false);

        // 1000 × 1.10 + 500 × 2.20 = 2200 per million → 0.0022
        assertEquals("0.0022", receipt.get("cost_usd").textValue());
        assertEquals("mock/house-model@1970-01-01", receipt.get("price_id").textValue());
    }

    @Test
    void should_price_streams_from_the_usage_upstream_reported() {
        JsonNode receipt = receiptOf("fast", true);

        assertEquals(1000, receipt.get("prompt_tokens").asLong());
        assertEquals("0.00045", receipt.get("cost_usd").textValue());
    }

    @Test
    void should_mark_unpriced_instead_of_zero_when_no_row_matches() {
        JsonNode receipt = receiptOf("finetune", false);

        assertEquals("unpriced", receipt.get("pricing").textValue());
        assertTrue(receipt.get("cost_usd").isNull());
        assertTrue(receipt.get("price_id").isNull());
    }

    @Test
    void should_owe_nothing_when_no_target_served() {
        JsonNode receipt = receiptOf("nowhere", false);

        assertEquals(502, receipt.get("status").asInt());
        assertEquals("none", receipt.get("pricing").textValue());
        assertEquals("0", receipt.get("cost_usd").textValue());
    }
}
