package dev.caravan.platform.budget;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.api.budget.BudgetDefinition;
import dev.caravan.platform.audit.ConfigChangeAudit;
import dev.caravan.platform.config.BudgetBinder;
import dev.caravan.platform.config.ConfigException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budgets in force: read from the {@code budgets} table into memory, so the request path never
 * queries definitions. Reloaded after every admin change on this node and every few seconds (so an
 * edit made through another node sharing the database takes effect here too). Config budgets are
 * written into the table at start-up, replacing a stored budget of the same name.
 */
public final class BudgetRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BudgetRepository repository;
    private final ZoneId defaultZone;
    private final Set<String> aliases;
    private final ScheduledExecutorService refresher;
    private volatile List<BudgetDefinition> current = List.of();

    public BudgetRegistry(BudgetRepository repository, ZoneId defaultZone, Set<String> aliases, long refreshSeconds) {
        this.repository = repository;
        this.defaultZone = defaultZone;
        this.aliases = Set.copyOf(aliases);
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caravan-budget-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::reloadQuietly, refreshSeconds, refreshSeconds, TimeUnit.SECONDS);
    }

    /**
     * Writes the config's budgets into the table, each that differs from the stored one with its
     * audit entry, then loads the table.
     *
     * @return how many budgets the config created or changed
     */
    public int bootstrap(List<BudgetDefinition> fromConfig, ConfigChangeAudit audit) {
        int changed = audit.apply(fromConfig.stream().map(b -> new ConfiguredBudget(repository, b)).toList());
        reload();
        return changed;
    }

    public List<BudgetDefinition> current() {
        return current;
    }

    public ZoneId defaultZone() {
        return defaultZone;
    }

    public Set<String> aliases() {
        return aliases;
    }

    /** Parses and validates a stored or submitted definition. */
    public BudgetDefinition parse(String json) {
        try {
            return BudgetBinder.fromJson(JSON.readTree(json), defaultZone, aliases);
        } catch (java.io.IOException e) {
            throw new ConfigException("body", "not valid JSON");
        }
    }

    public void reload() {
        List<BudgetDefinition> loaded = new ArrayList<>();
        for (BudgetRepository.Row row : repository.list()) {
            try {
                loaded.add(parse(row.definition()));
            } catch (ConfigException e) {
                // e.g. an alias named by downgrade_to was removed from the config since
                LOG.error("budget '{}' in the database is invalid and not enforced: {}", row.name(), e.getMessage());
            }
        }
        current = List.copyOf(loaded);
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.warn("reloading budgets failed, keeping the last ones: {}", e.toString());
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
