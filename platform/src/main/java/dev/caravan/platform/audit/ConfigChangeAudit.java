package dev.caravan.platform.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.platform.storage.AuditEntry;
import dev.caravan.platform.storage.AuditRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Audits what the config file changed since the last start, by actor {@value #ACTOR}. Settings that
 * live only in the file (logging, budget alerts) are compared with the state the audit log last
 * recorded for them ({@link #recordSinceLastAudit}). Definitions that start-up writes into the
 * database (budgets, bootstrap keys) are compared with the stored row, and each one's write and
 * entry share a transaction ({@link #apply}), so the entry's {@code before} is what was really
 * replaced — also when an admin had changed it through the API since.
 */
public final class ConfigChangeAudit {

    public static final String ACTOR = "config";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A definition the config file writes into the database at start-up. */
    public interface StoredDefinition {

        /** What the entry names, e.g. {@code budget:acme-monthly}. */
        String target();

        /** The stored state, or null when there is none; read inside the transaction. May hold secrets: only the masked form is recorded. */
        JsonNode stored();

        /** The state the config file sets, in the same shape as {@link #stored()}. */
        JsonNode configured();

        /** The entry's action when the two differ, e.g. {@code budget.create} when {@code stored} is null. */
        String action(JsonNode stored, JsonNode configured);

        /** Writes the configured state. */
        void write();

        /** A state as the entry records it (still masked by the log afterwards); by default unchanged. */
        default JsonNode audited(JsonNode state) {
            return state;
        }
    }

    private final AuditRepository repo;
    private final AuditLog audit;

    public ConfigChangeAudit(AuditRepository repo, AuditLog audit) {
        this.repo = repo;
        this.audit = audit;
    }

    /**
     * One entry per target whose current state differs from the {@code after} of the newest entry of
     * the same action and target. An entry that could not be written is written at the next start.
     *
     * @param current target → state now (any JSON-serializable value)
     * @return how many entries were written
     */
    public int recordSinceLastAudit(String action, Map<String, ?> current) {
        int written = 0;
        for (Map.Entry<String, ?> e : current.entrySet()) {
            JsonNode now = AuditLog.masked(e.getValue());
            JsonNode before = repo.latest(action, e.getKey()).map(AuditEntry::after).orElse(null);
            if (!Objects.equals(normal(now), normal(before))) {
                audit.record(ACTOR, action, e.getKey(), before, now);
                written++;
            }
        }
        return written;
    }

    /**
     * Writes each definition that differs from its stored state, with its entry, in one transaction
     * per definition; an unchanged one is neither written nor recorded.
     *
     * @return how many entries were written
     * @throws dev.caravan.platform.storage.StorageException when a definition or its entry cannot be stored
     */
    public int apply(List<? extends StoredDefinition> definitions) {
        int written = 0;
        for (StoredDefinition d : definitions) {
            if (applyRetryingOnce(d)) {
                written++;
            }
        }
        return written;
    }

    private boolean applyRetryingOnce(StoredDefinition d) {
        try {
            return applyOnce(d);
        } catch (RuntimeException first) {
            // Another node starting at the same moment may have inserted the same row (a unique
            // violation, which also aborts a PostgreSQL transaction); the second try sees its row.
            return applyOnce(d);
        }
    }

    private boolean applyOnce(StoredDefinition d) {
        return audit.apply(ACTOR, () -> {
            JsonNode stored = normal(d.stored());
            JsonNode configured = normal(d.configured());
            if (configured.equals(stored)) {
                return AuditedChange.none(false);
            }
            d.write();
            return AuditedChange.of(true, d.action(stored, configured), d.target(), d.audited(stored), d.audited(configured));
        });
    }

    /** The tree as it reads back from text: an int and a long of the same value compare equal. */
    private static JsonNode normal(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return JSON.readTree(node.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
