package dev.caravan.platform.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The matcher's causes and edge figures, on bill and receipt rows built in the test. */
class ReconciliationTest {

    private static final LocalDate DAY = LocalDate.of(2025, 12, 6);

    private static BillRow billed(String model, String cost) {
        return new BillRow(DAY, model, null, null, null, null, null, new BigDecimal(cost), false, false);
    }

    private static RecordedRow recorded(String model, String cost, long unpriced, String firstPrice, String lastPrice) {
        return new RecordedRow(DAY, model, 2, 1000, 0, 500, new BigDecimal(cost), unpriced, firstPrice, lastPrice);
    }

    private static DriftRow only(List<BillRow> bill, List<RecordedRow> receipts) {
        return Reconciliation.reconcile("p", "test", DAY, DAY, BigDecimal.ONE, bill, receipts).rows().get(0);
    }

    @Test
    void should_name_a_price_change_when_one_row_was_priced_with_two_price_rows() {
        DriftRow row = only(List.of(billed("gpt-4o", "0.02")),
                List.of(recorded("gpt-4o", "0.015", 0, "openai/gpt-4o@2024-08-06", "openai/gpt-4o@2025-12-06")));

        assertEquals("price-change", row.causes().get(0).id());
        assertTrue(row.causes().get(0).detail().contains("openai/gpt-4o@2024-08-06 and openai/gpt-4o@2025-12-06"));
    }

    @Test
    void should_name_unpriced_receipts_since_their_cost_is_missing_from_the_recorded_side() {
        DriftRow row = only(List.of(billed("house", "1")), List.of(recorded("house", "0", 2, null, null)));

        assertEquals("unpriced", row.causes().get(0).id());
        assertEquals("1", row.costDriftUsd().toPlainString());
        assertTrue(row.flagged());
    }

    @Test
    void should_flag_receipts_the_bill_does_not_have_with_no_percentage() {
        DriftRow row = only(List.of(), List.of(recorded("gpt-4o", "0.0075", 0, "openai/gpt-4o@2024-08-06", "openai/gpt-4o@2024-08-06")));

        assertTrue(row.flagged());
        assertNull(row.costDriftPct());
        assertEquals("not-billed", row.causes().get(0).id());
    }

    @Test
    void should_match_a_dated_snapshot_with_the_model_the_gateway_sent_and_keep_drift_within_tolerance_unflagged() {
        DriftRow row = only(List.of(billed("gpt-4o-2024-08-06", "0.00754")),
                List.of(recorded("gpt-4o", "0.0075", 0, "openai/gpt-4o@2024-08-06", "openai/gpt-4o@2024-08-06")));

        assertEquals("gpt-4o", row.model());
        assertEquals("0.00004", row.costDriftUsd().toPlainString());
        assertEquals("0.53", row.costDriftPct().toPlainString());
        assertEquals(false, row.flagged());
        assertEquals(List.of(), row.causes());
    }
}
