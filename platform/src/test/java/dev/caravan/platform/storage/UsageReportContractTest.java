package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Usage reports summed by the database, run on every supported database by a subclass. */
abstract class UsageReportContractTest extends DatabaseContract {

    private static final Instant SINCE = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-12-01T00:00:00Z");
    private UsageRepository usage;

    private static Receipt receipt(String id, String tenant, String key, String alias, String servedBy, String at,
            long prompt, long completion, String cost, String pricing) {
        Instant received = Instant.parse(at);
        return new Receipt(id, tenant, key, "/v1/chat/completions", alias, alias, "single", false, 200, null, null,
                servedBy, List.of(), prompt, completion, 0, 0, 0.1, 1.0, 2.0, 3.0, received, received)
                .priced(0, cost == null ? null : new BigDecimal(cost), cost == null ? null : "p/m@2025-01-01", pricing);
    }

    @BeforeEach
    void storeReceipts() {
        usage = new UsageRepository(storage.jdbi());
        receipts.insertBatch(List.of(
                receipt("a", "acme", "k1", "fast", "openai/gpt-4o-mini", "2026-11-24T23:59:59.999Z", 100, 10, "0.000021", "priced"),
                receipt("b", "acme", "k1", "fast", "openai/gpt-4o-mini", "2026-11-25T00:00:00Z", 200, 20, "0.000042", "priced"),
                receipt("c", "acme", "k2", "llama", "together/meta-llama/Llama-3.3-70B-Instruct-Turbo", "2026-11-25T12:00:00Z",
                        1000, 100, "0.000968", "priced"),
                receipt("d", "beta", "k3", "fast", "openai/ft-custom", "2026-10-31T23:00:00Z", 5, 5, null, "unpriced"),
                receipt("e", "beta", "k3", "fast", null, "2026-11-25T08:00:00Z", 0, 0, "0", "none"),
                new Receipt("f", "beta", "k3", "/v1/models", null, null, null, false, 200, null, null, null, List.of(), 0, 0, 0, 0,
                        0.1, null, null, 0.1, Instant.parse("2026-11-25T08:00:00Z"), null),
                receipt("z", "acme", "k1", "fast", "openai/gpt-4o-mini", "2026-12-01T00:00:00Z", 9, 9, "1", "priced")));
    }

    @Test
    void should_total_per_utc_day_when_not_grouped() {
        List<UsageRow> rows = usage.report(new UsageQuery(UsageQuery.GroupBy.NONE, UsageQuery.Period.DAY, SINCE, UNTIL, null, null));

        assertEquals(List.of(
                new UsageRow("2026-10-31", null, 1, 5, 5, 0, 0, BigDecimal.ZERO, 1),
                new UsageRow("2026-11-24", null, 1, 100, 10, 0, 0, new BigDecimal("0.000021"), 0),
                new UsageRow("2026-11-25", null, 3, 1200, 120, 0, 0, new BigDecimal("0.00101"), 0)), rows);
    }

    @Test
    void should_split_served_by_into_provider_when_grouped_by_provider() {
        List<UsageRow> rows = usage.report(new UsageQuery(UsageQuery.GroupBy.PROVIDER, UsageQuery.Period.MONTH, SINCE, UNTIL, null, null));

        assertEquals(List.of(
                new UsageRow("2026-10", "openai", 1, 5, 5, 0, 0, BigDecimal.ZERO, 1),
                new UsageRow("2026-11", "(none)", 1, 0, 0, 0, 0, BigDecimal.ZERO, 0),
                new UsageRow("2026-11", "openai", 2, 300, 30, 0, 0, new BigDecimal("0.000063"), 0),
                new UsageRow("2026-11", "together", 1, 1000, 100, 0, 0, new BigDecimal("0.000968"), 0)), rows);
    }

    @Test
    void should_keep_slashes_of_model_names_when_grouped_by_model() {
        List<UsageRow> rows = usage.report(new UsageQuery(UsageQuery.GroupBy.MODEL, UsageQuery.Period.MONTH,
                Instant.parse("2026-11-01T00:00:00Z"), UNTIL, "acme", null));

        assertEquals(List.of("gpt-4o-mini", "meta-llama/Llama-3.3-70B-Instruct-Turbo"), rows.stream().map(UsageRow::group).toList());
    }

    @Test
    void should_only_count_one_key_when_key_is_given() {
        List<UsageRow> rows = usage.report(new UsageQuery(UsageQuery.GroupBy.ALIAS, UsageQuery.Period.MONTH, SINCE, UNTIL, null, "k1"));

        assertEquals(List.of(new UsageRow("2026-11", "fast", 2, 300, 30, 0, 0, new BigDecimal("0.000063"), 0)), rows);
    }

    @Test
    void should_group_by_tenant_and_exclude_the_until_instant() {
        List<UsageRow> rows = usage.report(new UsageQuery(UsageQuery.GroupBy.TENANT, UsageQuery.Period.MONTH,
                Instant.parse("2026-11-01T00:00:00Z"), UNTIL, null, null));

        assertEquals(List.of(
                new UsageRow("2026-11", "acme", 3, 1300, 130, 0, 0, new BigDecimal("0.001031"), 0),
                new UsageRow("2026-11", "beta", 1, 0, 0, 0, 0, BigDecimal.ZERO, 0)), rows);
    }
}
