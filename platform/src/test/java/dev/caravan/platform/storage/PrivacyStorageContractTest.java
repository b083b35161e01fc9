package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.logging.LoggingPolicy;
import dev.caravan.platform.retention.RetentionPurger;
import dev.caravan.platform.retention.RetentionRun;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The privacy tables' repositories (request logs, retention purge, export, audit log, the key
 * do-not-track flag) on one database; run on H2 and on PostgreSQL.
 */
abstract class PrivacyStorageContractTest extends DatabaseContract {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00.123456Z");

    static Receipt receipt(String traceId, String tenant, String key, Instant receivedAt) {
        return new Receipt(traceId, tenant, key, "/v1/chat/completions", "fast", "fast", "single", false, 200, null, null,
                "mock/gpt-4o-mini", List.of(), 10, 5, 0, 0, 0.5, 1.0, 2.0, 3.0, receivedAt, receivedAt.plusMillis(3));
    }

    static RequestLog log(String traceId, String tenant, String key, Instant receivedAt) {
        return new RequestLog(traceId, tenant, key, receivedAt, "full", null, "{\"messages\":[]}", "answer", false, Map.of());
    }

    private RequestLogRepository logs() {
        return new RequestLogRepository(storage.jdbi());
    }

    @Test
    void should_read_back_a_request_log_with_its_redaction_counts() {
        RequestLog stored = new RequestLog("t-1", "acme", "key-1", NOW, "redacted", null, "{\"a\":\"[EMAIL]\"}",
                "ok [PHONE]", true, Map.of("email", 1, "phone", 2));
        logs().insertBatch(List.of(stored));
        assertEquals(stored, logs().find("t-1").orElseThrow());
    }

    @Test
    void should_store_null_bodies_when_do_not_track_applied() {
        RequestLog dnt = new RequestLog("t-2", "acme", "key-1", NOW, "full", "header", null, null, false, Map.of());
        logs().insertBatch(List.of(dnt));
        RequestLog read = logs().find("t-2").orElseThrow();
        assertNull(read.requestBody());
        assertNull(read.responseBody());
        assertEquals("header", read.doNotTrack());
    }

    @Test
    void should_keep_the_first_log_when_a_trace_id_is_written_twice() {
        logs().insertBatch(List.of(log("t-3", "acme", "k", NOW)));
        logs().insertBatch(List.of(new RequestLog("t-3", "acme", "k", NOW, "full", null, "second", "second", false, Map.of())));
        assertEquals("answer", logs().find("t-3").orElseThrow().responseBody());
    }

    @Test
    void should_purge_only_the_tenants_rows_older_than_the_cutoff() {
        receipts.insertBatch(List.of(receipt("old-a", "acme", "k", NOW.minusSeconds(100)), receipt("new-a", "acme", "k", NOW),
                receipt("old-b", "beta", "k", NOW.minusSeconds(100))));
        logs().insertBatch(List.of(log("old-a", "acme", "k", NOW.minusSeconds(100)), log("new-a", "acme", "k", NOW)));
        RetentionRepository retention = new RetentionRepository(storage.jdbi());
        assertEquals(1, retention.purgeBatch(RetentionRepository.Table.REQUEST_LOGS, "acme", List.of(), NOW.minusSeconds(50), 10));
        assertEquals(1, retention.purgeBatch(RetentionRepository.Table.RECEIPTS, "acme", List.of(), NOW.minusSeconds(50), 10));
        assertTrue(receipts.find("old-a").isEmpty());
        assertTrue(receipts.find("new-a").isPresent() && receipts.find("old-b").isPresent());
        assertTrue(logs().find("old-a").isEmpty() && logs().find("new-a").isPresent());
    }

    @Test
    void should_purge_unlisted_tenants_and_tenantless_rows_but_not_listed_ones() {
        receipts.insertBatch(List.of(receipt("listed", "acme", "k", NOW.minusSeconds(100)),
                receipt("unlisted", "zeta", "k", NOW.minusSeconds(100)), receipt("none", null, null, NOW.minusSeconds(100))));
        int deleted = new RetentionRepository(storage.jdbi())
                .purgeBatch(RetentionRepository.Table.RECEIPTS, null, List.of("acme"), NOW, 10);
        assertEquals(2, deleted);
        assertTrue(receipts.find("listed").isPresent());
    }

    @Test
    void should_delete_no_more_than_the_batch_size_per_call() {
        receipts.insertBatch(IntStream.range(0, 7).mapToObj(i -> receipt("r-" + i, "acme", "k", NOW.minusSeconds(100))).toList());
        RetentionRepository retention = new RetentionRepository(storage.jdbi());
        assertEquals(3, retention.purgeBatch(RetentionRepository.Table.RECEIPTS, "acme", List.of(), NOW, 3));
        assertEquals(4, count("receipts"));
    }

    @Test
    void should_purge_each_tenant_by_its_retention_in_batches_and_report_it() {
        Instant day = Instant.parse("2026-11-25T00:00:00Z");
        receipts.insertBatch(IntStream.range(0, 5).mapToObj(i -> receipt("acme-old-" + i, "acme", "k", day.minus(Duration.ofDays(31)))).toList());
        receipts.insertBatch(List.of(receipt("acme-new", "acme", "k", day.minus(Duration.ofDays(29))),
                receipt("keep-old", "keep", "k", day.minus(Duration.ofDays(400))),
                receipt("other-old", "zeta", "k", day.minus(Duration.ofDays(8))),
                receipt("other-new", "zeta", "k", day.minus(Duration.ofDays(6)))));
        logs().insertBatch(List.of(log("acme-old-0", "acme", "k", day.minus(Duration.ofDays(31)))));
        CaravanConfig config = ConfigLoader.fromYaml("""
                logging: { default_retention_days: 7 }
                tenants:
                  - { id: acme, retention_days: 30 }
                  - { id: keep, retention_days: 0 }
                """, Map.of(), null);
        RetentionPurger purger = new RetentionPurger(new RetentionRepository(storage.jdbi()), new LoggingPolicy(config), 2,
                Clock.fixed(day, ZoneOffset.UTC), new SimpleMeterRegistry());
        RetentionRun run = purger.runOnce();
        purger.close();
        assertEquals(6, run.receiptsDeleted());
        assertEquals(1, run.logsDeleted());
        assertEquals(new RetentionRun.Deleted(day.minus(Duration.ofDays(30)), 5, 1), run.byTenant().get("acme"));
        assertEquals(1, run.byTenant().get(RetentionPurger.OTHER_TENANTS).receipts());
        assertNull(run.error());
        assertEquals(Set.of("acme-new", "keep-old", "other-new"), Set.copyOf(storage.jdbi().withHandle(h ->
                h.createQuery("SELECT trace_id FROM receipts").mapTo(String.class).list())));
        assertEquals(run, purger.lastRun());
    }

    @Test
    void should_export_receipts_oldest_first_within_the_filters() {
        receipts.insertBatch(List.of(receipt("b", "acme", "k1", NOW.plusSeconds(2)), receipt("a", "acme", "k1", NOW.plusSeconds(1)),
                receipt("c", "acme", "k2", NOW.plusSeconds(3)), receipt("d", "beta", "k1", NOW.plusSeconds(4)),
                receipt("e", "acme", "k1", NOW.plusSeconds(10))));
        List<String> ids = new ArrayList<>();
        long n = new ExportRepository(storage.jdbi()).receipts(
                new ExportRepository.Filter(NOW, NOW.plusSeconds(10), "acme", "k1"), r -> ids.add(r.traceId()));
        assertEquals(List.of("a", "b"), ids);
        assertEquals(2, n);
    }

    @Test
    void should_export_request_logs_of_one_tenant() {
        logs().insertBatch(List.of(log("x", "acme", "k", NOW), log("y", "beta", "k", NOW)));
        List<RequestLog> out = new ArrayList<>();
        new ExportRepository(storage.jdbi()).logs(new ExportRepository.Filter(null, null, "beta", null), out::add);
        assertEquals(List.of(log("y", "beta", "k", NOW)), out);
    }

    @Test
    void should_export_more_rows_than_one_fetch() {
        int rows = ExportRepository.PAGE_SIZE * 2 + 7;
        receipts.insertBatch(IntStream.range(0, rows).mapToObj(i -> receipt("r-%05d".formatted(i), "acme", "k", NOW.plusMillis(i))).toList());
        long[] seen = {0};
        String[] last = {""};
        long n = new ExportRepository(storage.jdbi()).receipts(new ExportRepository.Filter(null, null, null, null), r -> {
            assertTrue(r.traceId().compareTo(last[0]) > 0, "not in order at " + r.traceId());
            last[0] = r.traceId();
            seen[0]++;
        });
        assertEquals(rows, n);
        assertEquals(rows, seen[0]);
    }

    @Test
    void should_export_each_row_once_when_more_rows_than_a_page_share_one_instant() {
        int rows = ExportRepository.PAGE_SIZE + 20;
        receipts.insertBatch(IntStream.range(0, rows).mapToObj(i -> receipt("same-%04d".formatted(i), "acme", "k", NOW)).toList());
        receipts.insertBatch(List.of(receipt("later", "acme", "k", NOW.plusSeconds(1))));
        Set<String> seen = new java.util.HashSet<>();
        long n = new ExportRepository(storage.jdbi()).receipts(new ExportRepository.Filter(null, null, null, null),
                r -> assertTrue(seen.add(r.traceId()), "twice: " + r.traceId()));
        assertEquals(rows + 1, n);
        assertEquals(rows + 1, seen.size());
    }

    @Test
    void should_list_audit_entries_newest_first_in_pages() {
        AuditRepository audit = new AuditRepository(storage.jdbi());
        for (int i = 0; i < 5; i++) {
            audit.insert(NOW.plusSeconds(i), "cli:alice", "key.create", "key:k" + i, null, JsonNodeFactory.instance.objectNode().put("i", i));
        }
        AuditRepository.Page first = audit.list(null, null, null, 3);
        assertEquals(List.of("key:k4", "key:k3", "key:k2"), first.entries().stream().map(AuditEntry::target).toList());
        AuditRepository.Page second = audit.list(null, null, first.nextBeforeId(), 3);
        assertEquals(List.of("key:k1", "key:k0"), second.entries().stream().map(AuditEntry::target).toList());
        assertNull(second.nextBeforeId());
        assertEquals(1, second.entries().get(0).after().get("i").asInt());
    }

    @Test
    void should_filter_audit_entries_by_action_and_since() {
        AuditRepository audit = new AuditRepository(storage.jdbi());
        audit.insert(NOW, "a", "key.create", "key:x", null, null);
        audit.insert(NOW.plusSeconds(60), "a", "key.revoke", "key:x", null, null);
        audit.insert(NOW.plusSeconds(120), "a", "key.create", "key:y", null, null);
        List<AuditEntry> found = audit.list(NOW.plusSeconds(1), "key.create", null, 10).entries();
        assertEquals(1, found.size());
        assertEquals("key:y", found.get(0).target());
        assertEquals(NOW.plusSeconds(120), found.get(0).at());
    }

    @Test
    void should_flag_a_key_do_not_track_by_name() {
        VirtualKey key = keys.create("dev", "acme", KeyHashing.hash("sk-some-key-value-0001"), List.of());
        KeyPrivacyRepository privacy = new KeyPrivacyRepository(storage.jdbi());
        assertEquals(Set.of(), privacy.doNotTrackKeyIds());
        assertTrue(privacy.setDoNotTrack("dev", true));
        assertEquals(Set.of(key.id()), privacy.doNotTrackKeyIds());
        assertFalse(privacy.setDoNotTrack("nobody", true));
    }
}
