package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.caravan.platform.audit.AuditLog;
import dev.caravan.platform.audit.AuditedChange;
import dev.caravan.platform.audit.ConfigChangeAudit;
import dev.caravan.platform.budget.BudgetRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A change and its audit entry are stored together or not at all ({@link AuditLog#apply}), and
 * {@link ConfigChangeAudit} writes and audits only what differs; run on H2 and on PostgreSQL.
 */
abstract class AuditedChangeContractTest extends DatabaseContract {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private AuditLog audit() {
        return new AuditLog(new AuditRepository(storage.jdbi()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private BudgetRepository budgets() {
        return new BudgetRepository(storage.jdbi());
    }

    @Test
    void should_store_the_change_and_its_entry_together() {
        String result = audit().apply("admin-token", () -> {
            budgets().insert("b1", "{\"name\":\"b1\"}");
            return AuditedChange.of("done", "budget.create", "budget:b1", null, Map.of("name", "b1"));
        });

        assertEquals("done", result);
        assertTrue(budgets().find("b1").isPresent());
        AuditEntry entry = new AuditRepository(storage.jdbi()).latest("budget.create", "budget:b1").orElseThrow();
        assertEquals("admin-token", entry.actor());
        assertEquals(NOW, entry.at());
        assertEquals("b1", entry.after().get("name").asText());
    }

    @Test
    void should_record_nothing_when_the_change_fails() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> audit().apply("admin-token", () -> {
            budgets().insert("b2", "{\"name\":\"b2\"}");
            throw new IllegalStateException("refused after the first write");
        }));

        assertEquals("refused after the first write", refused.getMessage());
        assertTrue(budgets().find("b2").isEmpty(), "the partial change is rolled back");
        assertEquals(0, count("audit_log"));
    }

    @Test
    void should_roll_the_change_back_when_its_entry_cannot_be_written() {
        storage.jdbi().useHandle(h -> h.execute("ALTER TABLE audit_log RENAME TO audit_log_unavailable"));
        try {
            assertThrows(StorageException.class, () -> audit().apply("admin-token", () -> {
                budgets().insert("b3", "{\"name\":\"b3\"}");
                return AuditedChange.of(null, "budget.create", "budget:b3", null, Map.of("name", "b3"));
            }));
        } finally {
            storage.jdbi().useHandle(h -> h.execute("ALTER TABLE audit_log_unavailable RENAME TO audit_log"));
        }
        assertTrue(budgets().find("b3").isEmpty());
        assertEquals(0, count("audit_log"));
    }

    @Test
    void should_write_no_entry_when_the_change_reports_none() {
        Boolean changed = audit().apply("cli:alice", () -> AuditedChange.none(false));
        assertEquals(false, changed);
        assertEquals(0, count("audit_log"));
    }

    /** A budget row the "config" sets to {@code definition}. */
    private ConfigChangeAudit.StoredDefinition configured(String name, String definition) {
        BudgetRepository repo = budgets();
        return new ConfigChangeAudit.StoredDefinition() {
            @Override
            public String target() {
                return "budget:" + name;
            }

            @Override
            public JsonNode stored() {
                return repo.lock(name).map(r -> json(r.definition())).orElse(null);
            }

            @Override
            public JsonNode configured() {
                return json(definition);
            }

            @Override
            public String action(JsonNode stored, JsonNode configured) {
                return stored == null ? "budget.create" : "budget.update";
            }

            @Override
            public void write() {
                repo.upsert(name, definition);
            }
        };
    }

    private static JsonNode json(String text) {
        try {
            return ReceiptJson.mapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void should_write_and_audit_a_config_definition_only_when_it_differs_from_the_stored_one() {
        AuditRepository repo = new AuditRepository(storage.jdbi());
        ConfigChangeAudit config = new ConfigChangeAudit(repo, audit());

        assertEquals(1, config.apply(List.of(configured("c1", "{\"limit_tokens\":1000}"))));
        assertEquals(0, config.apply(List.of(configured("c1", "{\"limit_tokens\":1000}"))));
        budgets().update("c1", "{\"limit_tokens\":2000}"); // e.g. an admin's edit through the API
        assertEquals(1, config.apply(List.of(configured("c1", "{\"limit_tokens\":1000}"))));

        AuditEntry update = repo.latest("budget.update", "budget:c1").orElseThrow();
        assertEquals(ConfigChangeAudit.ACTOR, update.actor());
        assertEquals(2000, update.before().get("limit_tokens").asInt());
        assertEquals(1000, update.after().get("limit_tokens").asInt());
        assertNull(repo.latest("budget.create", "budget:c1").orElseThrow().before());
        assertEquals(2, count("audit_log"));
        assertEquals("{\"limit_tokens\":1000}", budgets().find("c1").orElseThrow().definition());
    }

    @Test
    void should_record_a_config_only_setting_when_it_differs_from_the_last_audited_state() {
        ConfigChangeAudit config = new ConfigChangeAudit(new AuditRepository(storage.jdbi()), audit());
        assertEquals(1, config.recordSinceLastAudit("budget_alerts.settings", Map.of("budget_alerts", Map.of("retries", 3))));
        assertEquals(0, config.recordSinceLastAudit("budget_alerts.settings", Map.of("budget_alerts", Map.of("retries", 3))));
        assertEquals(1, config.recordSinceLastAudit("budget_alerts.settings", Map.of("budget_alerts", Map.of("retries", 5))));
        AuditEntry latest = new AuditRepository(storage.jdbi()).latest("budget_alerts.settings", "budget_alerts").orElseThrow();
        assertEquals(3, latest.before().get("retries").asInt());
        assertEquals(JsonNodeFactory.instance.objectNode().put("retries", 5), latest.after());
    }
}
