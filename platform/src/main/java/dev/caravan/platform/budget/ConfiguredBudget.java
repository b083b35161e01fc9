package dev.caravan.platform.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.api.budget.BudgetDefinition;
import dev.caravan.platform.audit.ConfigChangeAudit;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@code budgets[]} entry of the config file, which start-up writes into the {@code budgets}
 * table (replacing a stored budget of the same name): audited as {@code budget.create} or
 * {@code budget.update} by actor {@code config} when it differs from the stored one.
 */
record ConfiguredBudget(BudgetRepository repository, BudgetDefinition budget) implements ConfigChangeAudit.StoredDefinition {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String target() {
        return BudgetAudit.target(budget.name());
    }

    @Override
    public JsonNode stored() {
        return repository.lock(budget.name()).map(row -> parse(row.definition())).orElse(null);
    }

    @Override
    public JsonNode configured() {
        return BudgetJson.write(budget);
    }

    @Override
    public String action(JsonNode stored, JsonNode configured) {
        return stored == null ? BudgetAudit.CREATE : BudgetAudit.UPDATE;
    }

    @Override
    public void write() {
        repository.upsert(budget.name(), BudgetJson.write(budget).toString());
    }

    @Override
    public JsonNode audited(JsonNode state) {
        return BudgetAudit.state(state);
    }

    static JsonNode parse(String definition) {
        try {
            return JSON.readTree(definition);
        } catch (IOException e) {
            throw new UncheckedIOException("stored budget is not JSON", e);
        }
    }
}
