package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ReceiptRepository#list}: filters, newest-first order and position paging,
 * run on every supported database by a subclass: {@link H2ReceiptListContractTest},
 * {@link PostgresReceiptListContractTest}.
 */
abstract class ReceiptListContractTest extends DatabaseContract {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00.000001Z");

    private static Receipt receipt(String traceId, String alias, int status, String tenant, String key, Instant at) {
        Receipt r = TestReceipts.full(traceId);
        return new Receipt(traceId, tenant, key, r.endpoint(), alias, alias, r.strategy(), r.stream(), status,
                status >= 400 ? "api_error" : null, status >= 400 ? "failed" : null, r.servedBy(), r.attempts(),
                r.promptTokens(), r.completionTokens(), r.cachedTokens(), r.reasoningTokens(), r.gatewayOverheadMs(),
                r.upstreamTtfbMs(), r.upstreamMs(), r.totalMs(), at, at.plusMillis(5));
    }

    private static Receipt at(String traceId, int secondsAfterT0) {
        return receipt(traceId, "fast", 200, "acme", "key-1", T0.plusSeconds(secondsAfterT0));
    }

    private static List<String> ids(ReceiptPage page) {
        return page.receipts().stream().map(Receipt::traceId).toList();
    }

    /** Five receipts a second apart, each different in one filtered field. */
    private void storeMixed() {
        receipts.insertBatch(List.of(
                receipt("t1", "fast", 200, "acme", "key-1", T0),
                receipt("t2", "smart", 502, "acme", "key-1", T0.plusSeconds(1)),
                receipt("t3", "fast", 404, "beta", "key-2", T0.plusSeconds(2)),
                receipt("t4", "smart", 200, "beta", "key-2", T0.plusSeconds(3)),
                receipt("t5", "fast", 502, "acme", "key-2", T0.plusSeconds(4))));
    }

    @Test
    void should_return_every_field_newest_first_when_no_filter_is_set() {
        receipts.insertBatch(List.of(at("old", 0), at("new", 2), at("mid", 1)));

        ReceiptPage page = receipts.list(ReceiptQuery.newest(10));

        assertEquals(List.of("new", "mid", "old"), ids(page));
        assertEquals(at("mid", 1), page.receipts().get(1));
        assertNull(page.next());
    }

    @Test
    void should_return_only_the_alias_when_filtered_by_alias() {
        storeMixed();
        assertEquals(List.of("t4", "t2"), ids(receipts.list(ReceiptQuery.newest(10).withAlias("smart"))));
    }

    @Test
    void should_return_only_that_status_when_filtered_by_status() {
        storeMixed();
        assertEquals(List.of("t5", "t2"), ids(receipts.list(ReceiptQuery.newest(10).withStatus(502))));
    }

    @Test
    void should_return_statuses_from_400_when_filtered_by_errors() {
        storeMixed();
        assertEquals(List.of("t5", "t3", "t2"), ids(receipts.list(ReceiptQuery.newest(10).withErrorsOnly())));
    }

    @Test
    void should_return_only_the_tenant_when_filtered_by_tenant() {
        storeMixed();
        assertEquals(List.of("t4", "t3"), ids(receipts.list(ReceiptQuery.newest(10).withTenant("beta"))));
    }

    @Test
    void should_return_only_the_key_when_filtered_by_key() {
        storeMixed();
        assertEquals(List.of("t5", "t4", "t3"), ids(receipts.list(ReceiptQuery.newest(10).withKey("key-2"))));
    }

    @Test
    void should_include_since_and_exclude_until_when_filtered_by_time() {
        storeMixed();
        ReceiptQuery window = ReceiptQuery.newest(10).withSince(T0.plusSeconds(1)).withUntil(T0.plusSeconds(3));
        assertEquals(List.of("t3", "t2"), ids(receipts.list(window)));
    }

    @Test
    void should_apply_every_filter_when_filters_are_combined() {
        storeMixed();
        ReceiptQuery query = ReceiptQuery.newest(10).withAlias("fast").withErrorsOnly().withTenant("acme")
                .withSince(T0.plusSeconds(1));
        assertEquals(List.of("t5"), ids(receipts.list(query)));
    }

    @Test
    void should_return_nothing_when_no_receipt_matches() {
        storeMixed();
        ReceiptPage page = receipts.list(ReceiptQuery.newest(10).withAlias("none"));
        assertTrue(page.receipts().isEmpty());
        assertNull(page.next());
    }

    @Test
    void should_visit_every_receipt_once_when_following_next_through_pages() {
        List<Receipt> stored = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            stored.add(at("trace-" + (100 + i), i / 3)); // three receipts share each instant: ties break by trace id
        }
        receipts.insertBatch(stored);

        List<String> seen = new ArrayList<>();
        int pages = 0;
        ReceiptQuery query = ReceiptQuery.newest(4);
        for (ReceiptPage page = receipts.list(query); ; page = receipts.list(query.withAfter(page.next()))) {
            pages++;
            seen.addAll(ids(page));
            if (page.next() == null) {
                break;
            }
        }

        assertEquals(7, pages);
        assertEquals(stored.stream().map(Receipt::traceId).sorted((a, b) -> b.compareTo(a)).toList(), seen);
    }

    @Test
    void should_keep_filters_when_paging() {
        storeMixed();
        ReceiptQuery query = ReceiptQuery.newest(1).withAlias("fast");

        ReceiptPage first = receipts.list(query);
        ReceiptPage second = receipts.list(query.withAfter(first.next()));
        ReceiptPage third = receipts.list(query.withAfter(second.next()));

        assertEquals(List.of("t5", "t3", "t1"), List.of(ids(first).get(0), ids(second).get(0), ids(third).get(0)));
        assertNull(third.next());
    }

    @Test
    void should_have_no_next_when_the_last_page_is_exactly_full() {
        receipts.insertBatch(List.of(at("a", 0), at("b", 1)));

        ReceiptPage page = receipts.list(ReceiptQuery.newest(2));

        assertEquals(2, page.receipts().size());
        assertNull(page.next());
    }

    @Test
    void should_page_at_microsecond_precision_when_receipts_are_a_microsecond_apart() {
        Instant base = T0.plusSeconds(60);
        receipts.insertBatch(List.of(
                receipt("z-early", "fast", 200, "acme", "key-1", base),
                receipt("a-late", "fast", 200, "acme", "key-1", base.plus(Duration.ofNanos(1_000)))));

        ReceiptPage first = receipts.list(ReceiptQuery.newest(1));
        ReceiptPage second = receipts.list(ReceiptQuery.newest(1).withAfter(first.next()));

        assertEquals(List.of("a-late"), ids(first));
        assertEquals(List.of("z-early"), ids(second));
    }

    @Test
    void should_index_the_filtered_columns_with_received_at_when_migrated() throws SQLException {
        Set<String> indexes = new HashSet<>();
        try (Connection connection = storage.dataSource().getConnection();
                ResultSet rs = connection.getMetaData().getIndexInfo(null, null, "receipts", false, false)) {
            while (rs.next()) {
                indexes.add(String.valueOf(rs.getString("INDEX_NAME")).toLowerCase());
            }
        }
        assertTrue(indexes.containsAll(Set.of("idx_receipts_alias_received", "idx_receipts_status_received",
                "idx_receipts_received", "idx_receipts_tenant_received", "idx_receipts_key_received")), indexes.toString());
    }
}
