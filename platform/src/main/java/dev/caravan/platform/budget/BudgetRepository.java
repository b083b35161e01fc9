package dev.caravan.platform.budget;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code budgets} table: each budget's definition as JSON text, by name. Validation happens
 * before anything is written ({@code BudgetBinder}); this class only stores. Thread-safe; blocking,
 * so callers run it on the storage executor.
 */
public final class BudgetRepository {

    /** A stored definition. */
    public record Row(String name, String definition) {}

    private final Jdbi jdbi;

    public BudgetRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<Row> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, definition FROM budgets ORDER BY name")
                .map((rs, ctx) -> new Row(rs.getString("name"), rs.getString("definition"))).list());
    }

    public Optional<Row> find(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, definition FROM budgets WHERE name = :name").bind("name", name)
                .map((rs, ctx) -> new Row(rs.getString("name"), rs.getString("definition"))).findOne());
    }

    /**
     * The stored definition, locked until the caller's transaction ends (inside
     * {@code AuditLog.apply}), so the audited {@code before} is what the change replaces.
     */
    public Optional<Row> lock(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, definition FROM budgets WHERE name = :name FOR UPDATE").bind("name", name)
                .map((rs, ctx) -> new Row(rs.getString("name"), rs.getString("definition"))).findOne());
    }

    /** Creates the budget; false when one of that name exists. */
    public boolean insert(String name, String definition) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO budgets (name, definition, updated_at)"
                        + " SELECT :name, :definition, :at WHERE NOT EXISTS (SELECT 1 FROM budgets WHERE name = :name)")
                .bind("name", name).bind("definition", definition).bind("at", Instant.now().atOffset(ZoneOffset.UTC)).execute()) == 1;
    }

    /** Replaces the budget's definition; false when there is none of that name. */
    public boolean update(String name, String definition) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE budgets SET definition = :definition, updated_at = :at WHERE name = :name")
                .bind("name", name).bind("definition", definition).bind("at", Instant.now().atOffset(ZoneOffset.UTC)).execute()) == 1;
    }

    /** Creates or replaces: the config bootstrap at start-up. */
    public void upsert(String name, String definition) {
        if (!update(name, definition)) {
            insert(name, definition);
        }
    }

    public boolean delete(String name) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM budgets WHERE name = :name").bind("name", name).execute()) == 1;
    }
}
