package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.KEY;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, """
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                  - { alias: house, targets: [ { provider: mock, model: house-model } ] }
                  - { alias: finetune, targets: [ { provider: mock, model: ft-unknown-model } ] }
                  - { alias: nowhere, targets: [ { provider: down, model: gpt-4o-mini } ] }
                  - { alias: draw, targets: [ { provider: mock, model: dall-e-2 } ] }
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
    void should_write_a_tiny_cost_as_a_plain_decimal_never_in_exponent_notation() {
        String body = """
                {"model":"fast","messages":[{"role":"user","content":"hi"}],"mock":{"prompt_tokens":1,"completion_tokens":0}}""";
        HttpResponse<String> response = gateway.post("/v1/chat/completions", body, "authorization", bearer(KEY));
        String traceId = response.headers().firstValue("x-caravan-trace-id").orElseThrow();

        // 1 × 0.15 per million = 0.00000015 (BigDecimal's toString would say 1.5E-7)
        assertEquals("0.00000015", gateway.receiptEventually(traceId, KEY).get("cost_usd").textValue());
        HttpResponse<String> usage = gateway.get("/admin/v1/usage?group_by=alias", "authorization", bearer(TestGateway.ADMIN_TOKEN));
        assertFalse(usage.body().contains("E-"), usage.body());
    }

    @Test
    void should_price_generated_images_by_count_with_the_per_image_row() {
        HttpResponse<String> response = gateway.post("/v1/images/generations", "{\"model\":\"draw\",\"prompt\":\"a cat\",\"n\":3}",
                "authorization", bearer(KEY));
        assertEquals(200, response.statusCode(), response.body());
        String traceId = response.headers().firstValue("x-caravan-trace-id").orElseThrow();

        JsonNode receipt = gateway.receiptEventually(traceId, KEY);
        // dall-e-2 at 0.020 per image (shipped catalog), 3 images
        assertEquals("0.06", receipt.get("cost_usd").textValue(), receipt.toString());
        assertEquals("openai/dall-e-2@2023-11-06", receipt.get("price_id").textValue());
    }

    @Test
    void should_bill_the_prompt_and_the_streamed_part_when_the_client_aborts_a_stream() {
        String body = """
                {"model":"fast","stream":true,"messages":[{"role":"user","content":"tell me a long story about the sea"}],
                 "mock":{"chunks":200,"chunk_interval_ms":20,"content":"%s"}}""".formatted("wave ".repeat(200).strip());
        String traceId = StreamDisconnect.after(gateway, body, 10);

        JsonNode receipt = Poll.until(() -> gateway.receiptEventually(traceId, KEY), r -> r.get("status").asInt() == 499,
                java.time.Duration.ofSeconds(10), () -> "no 499 receipt for " + traceId);
        long prompt = receipt.get("prompt_tokens").asLong();
        long completion = receipt.get("completion_tokens").asLong();
        assertTrue(prompt > 5 && prompt < 40, receipt.toString()); // "tell me a long story about the sea": 8 tokens, + message framing and field names
        // 10 data lines read (the role chunk and about nine content chunks of "wave"), at most what the mock sent before the hang-up
        assertTrue(completion >= 5 && completion < 200, receipt.toString());
        java.math.BigDecimal expected = new java.math.BigDecimal("0.15").multiply(java.math.BigDecimal.valueOf(prompt))
                .add(new java.math.BigDecimal("0.60").multiply(java.math.BigDecimal.valueOf(completion))).movePointLeft(6);
        assertEquals(0, expected.compareTo(new java.math.BigDecimal(receipt.get("cost_usd").textValue())), receipt.toString());
        assertTrue(receipt.get("decisions").toString().contains("\"outcome\":\"estimated\""), receipt.toString());
    }

    @Test
    void should_not_mark_estimated_when_the_upstream_reported_usage() {
        JsonNode receipt = receiptOf("fast", true);

        assertFalse(receipt.get("decisions").toString().contains("estimated"), receipt.toString());
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
