package dev.caravan.platform.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bill readers against fixtures written from the providers' API references (resources/reconcile/README.md). */
class BillFormatsTest {

    static String fixture(String name) {
        try (InputStream in = BillFormatsTest.class.getResourceAsStream("/reconcile/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void should_read_openai_costs_line_items_as_model_day_and_exact_money() throws BadBill {
        BillFormats.Bill bill = BillFormats.read(fixture("openai-costs.json"));

        assertEquals("openai-costs", bill.format());
        List<BillRow> rows = bill.rows();
        assertEquals(4, rows.size());
        BillRow first = rows.get(0);
        assertEquals(LocalDate.of(2025, 12, 6), first.day());
        assertEquals("gpt-4o-mini-2024-07-18", first.model());
        assertEquals("proj_abc", first.project());
        assertEquals(new BigDecimal("0.00015"), first.costUsd());
        assertNull(first.inputTokens());
        assertFalse(first.cachedInputCost());
        assertTrue(rows.get(3).cachedInputCost());
        assertEquals(LocalDate.of(2025, 12, 7), rows.get(3).day());
        assertEquals("0.0000375", rows.get(3).costUsd().toPlainString());
    }

    @Test
    void should_read_openai_usage_completions_with_cached_tokens_key_and_batch() throws BadBill {
        BillFormats.Bill bill = BillFormats.read(fixture("openai-usage-completions.json"));

        assertEquals("openai-usage-completions", bill.format());
        BillRow first = bill.rows().get(0);
        assertEquals(1000L, first.inputTokens());
        assertEquals(500L, first.outputTokens());
        assertEquals(0L, first.cachedInputTokens());
        assertEquals("key_gateway", first.apiKeyId());
        assertNull(first.costUsd());
        assertFalse(first.batch());
        assertTrue(bill.rows().get(1).batch());
        assertEquals(8000L, bill.rows().get(1).cachedInputTokens());
    }

    @Test
    void should_name_the_line_and_field_when_an_amount_is_not_a_number() {
        String broken = fixture("openai-costs.json").replace("\"value\": 0.0003,", "\"value\": \"lots\",");

        BadBill e = assertThrows(BadBill.class, () -> BillFormats.read(broken));

        assertTrue(e.getMessage().startsWith("line 17, field data[0].results[1].amount.value: "), e.getMessage());
    }

    @Test
    void should_name_the_line_and_field_when_a_token_count_is_negative() {
        String broken = fixture("openai-usage-completions.json").replace("\"output_tokens\": 4000", "\"output_tokens\": -4");

        BadBill e = assertThrows(BadBill.class, () -> BillFormats.read(broken));

        assertTrue(e.getMessage().contains("field data[0].results[1].output_tokens: must not be negative, got -4"), e.getMessage());
        assertTrue(e.getMessage().startsWith("line "), e.getMessage());
    }

    @Test
    void should_name_the_missing_field_when_a_required_one_is_absent() {
        String broken = fixture("openai-usage-completions.json").replace("\"input_tokens\": 1000,", "");

        BadBill e = assertThrows(BadBill.class, () -> BillFormats.read(broken));

        assertTrue(e.getMessage().contains("field data[0].results[0]"), e.getMessage());
        assertTrue(e.getMessage().contains("input_tokens"), e.getMessage());
    }

    @Test
    void should_ask_for_group_by_line_item_when_costs_are_not_split_per_model() {
        String ungrouped = fixture("openai-costs.json").replace("\"line_item\": \"gpt-4o-2024-08-06, input\"", "\"line_item\": null");

        BadBill e = assertThrows(BadBill.class, () -> BillFormats.read(ungrouped));

        assertTrue(e.getMessage().contains("field data[0].results[2].line_item: missing: export with group_by=line_item"), e.getMessage());
    }

    @Test
    void should_list_the_known_formats_when_the_document_is_not_one() {
        BadBill e = assertThrows(BadBill.class, () -> BillFormats.read("{\"data\":[{\"results\":[{\"object\":\"invoice.line\"}]}]}"));

        assertTrue(e.getMessage().contains("field data[0].results[0].object"), e.getMessage());
        assertTrue(e.getMessage().contains("known formats: openai-costs (") && e.getMessage().contains("openai-usage-completions ("),
                e.getMessage());
    }

    @Test
    void should_name_the_line_when_the_bill_is_not_json() {
        BadBill e = assertThrows(BadBill.class, () -> BillFormats.read("{\n\"object\": \"page\",\n\"data\": [,]\n}"));

        assertTrue(e.getMessage().startsWith("line 3, field (document): not JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("known formats: "), e.getMessage());
    }

    @Test
    void should_refuse_a_bill_in_another_currency() {
        String euros = fixture("openai-costs.json").replace("\"currency\": \"usd\" },\n          \"line_item\": \"gpt-4o-2024-08-06",
                "\"currency\": \"eur\" },\n          \"line_item\": \"gpt-4o-2024-08-06");

        BadBill e = assertThrows(BadBill.class, () -> BillFormats.read(euros));

        assertTrue(e.getMessage().contains("field data[0].results[2].amount.currency: only usd"), e.getMessage());
    }

    @Test
    void should_read_anthropic_usage_with_cache_reads_and_writes_counted_as_input() throws BadBill {
        BillFormats.Bill bill = BillFormats.read(fixture("anthropic-usage-messages.json"));

        assertEquals("anthropic-usage-messages", bill.format());
        BillRow first = bill.rows().get(0);
        assertEquals(LocalDate.of(2025, 12, 6), first.day());
        assertEquals("claude-sonnet-4-5-20250929", first.model());
        assertEquals(2000L, first.inputTokens());
        assertEquals(300L, first.cachedInputTokens());
        assertEquals(700L, first.outputTokens());
        assertEquals("apikey_gateway", first.apiKeyId());
        assertFalse(first.batch());
        assertTrue(bill.rows().get(1).batch());
    }

    @Test
    void should_read_anthropic_cost_amounts_as_cents() throws BadBill {
        BillFormats.Bill bill = BillFormats.read(fixture("anthropic-cost-report.json"));

        assertEquals("anthropic-cost-report", bill.format());
        assertEquals("0.0045", bill.rows().get(0).costUsd().toPlainString());
        assertEquals("0.00009", bill.rows().get(1).costUsd().toPlainString());
        assertTrue(bill.rows().get(1).cachedInputCost());
        assertEquals("(web_search)", bill.rows().get(2).model());
        assertEquals("0.01", bill.rows().get(2).costUsd().toPlainString());
    }

    @Test
    void should_name_the_line_and_field_of_an_anthropic_timestamp_that_is_not_rfc_3339() {
        String broken = fixture("anthropic-usage-messages.json").replace("\"starting_at\": \"2025-12-06T00:00:00Z\"",
                "\"starting_at\": \"06/12/2025\"");

        BadBill e = assertThrows(BadBill.class, () -> BillFormats.read(broken));

        assertTrue(e.getMessage().startsWith("line "), e.getMessage());
        assertTrue(e.getMessage().contains("field data[0].starting_at: must be an RFC 3339 timestamp"), e.getMessage());
    }
}
