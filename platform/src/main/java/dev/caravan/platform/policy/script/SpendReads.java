package dev.caravan.platform.policy.script;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.caravan.api.budget.BudgetDefinition;
import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.api.budget.BudgetWindow;
import dev.caravan.api.policy.PolicyServices;
import dev.caravan.platform.storage.UsageQuery;
import dev.caravan.platform.storage.UsageRepository;
import dev.caravan.platform.storage.UsageRow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * The reads behind {@link ScriptSpend}, kept where no script can name or reach them (see
 * {@link ScriptSpend}'s constructor). Every read is done on the storage threads; the script thread
 * waits for it, interruptibly, so the script's time limit bounds the wait.
 */
final class SpendReads {

    /** By the {@link ScriptSpend} they serve, weakly: a stopped gateway's reader goes with its scripts. */
    private static final com.github.benmanes.caffeine.cache.Cache<ScriptSpend, SpendReads> BY_SPEND =
            Caffeine.newBuilder().weakKeys().build();

    private record Question(String tenant, String key, long seconds) {}

    private final PolicyServices services;
    private final AsyncLoadingCache<Question, BigDecimal> spentSince;

    private SpendReads(PolicyServices services, UsageRepository usage, Executor storage) {
        this.services = services;
        this.spentSince = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ScriptSpend.REUSE).executor(storage)
                .buildAsync((q, executor) -> CompletableFuture.supplyAsync(() -> sum(usage, q), executor));
    }

    static void register(ScriptSpend spend, PolicyServices services, UsageRepository usage, Executor storage) {
        BY_SPEND.put(spend, new SpendReads(services, usage, storage));
    }

    static SpendReads of(ScriptSpend spend) {
        SpendReads reads = BY_SPEND.getIfPresent(spend);
        if (reads == null) {
            throw new IllegalStateException("spend: not available");
        }
        return reads;
    }

    List<ScriptSpend.SpendBudget> budgets() {
        return services.budgets().stream().map(ScriptSpend.SpendBudget::new).toList();
    }

    ScriptSpend.SpendWindow window(String name) {
        BudgetDefinition budget = budget(name);
        BudgetWindow window = BudgetWindow.of(budget, services.clock().instant());
        if (budget.prepaid()) {
            BudgetLedger.Balance balance = await(services.ledger().balance(name), name);
            return new ScriptSpend.SpendWindow(budget, window, balance.spent(), balance.reserved(), balance.credited());
        }
        BudgetLedger.Usage usage = await(services.ledger().usage(name, window.key()), name);
        return new ScriptSpend.SpendWindow(budget, window, usage.spent(), usage.reserved(), budget.limit());
    }

    ScriptSpend.SpendBalance balance(String name) {
        BudgetDefinition budget = budget(name);
        if (!budget.prepaid()) {
            throw new IllegalArgumentException("spend.balance('" + name + "'): not a prepaid budget; use spend.window('" + name + "')");
        }
        return new ScriptSpend.SpendBalance(await(services.ledger().balance(name), name));
    }

    BigDecimal spentSince(String tenant, String key, Duration lookBack) {
        if (tenant == null && (key == null || key.isBlank()) || tenant != null && tenant.isBlank()) {
            throw new IllegalArgumentException("spend: " + (tenant != null ? "tenant" : "keyId") + " must not be empty");
        }
        return await(spentSince.get(new Question(tenant, key, seconds(lookBack))), "receipts");
    }

    private BigDecimal sum(UsageRepository usage, Question q) {
        Instant now = services.clock().instant();
        List<UsageRow> rows = usage.report(new UsageQuery(UsageQuery.GroupBy.NONE, UsageQuery.Period.DAY,
                now.minusSeconds(q.seconds()), now.plusSeconds(1), q.tenant(), q.key()));
        return rows.stream().map(UsageRow::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private BudgetDefinition budget(String name) {
        List<BudgetDefinition> all = services.budgets();
        return all.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "spend: no budget '" + name + "' (defined: " + String.join(", ", all.stream().map(BudgetDefinition::name).toList()) + ")"));
    }

    private static long seconds(Duration lookBack) {
        if (lookBack == null || lookBack.isNegative() || lookBack.isZero() || lookBack.compareTo(ScriptSpend.MAX_LOOK_BACK) > 0) {
            throw new IllegalArgumentException("spend: the look-back must be between 1 second and 31 days, got " + lookBack);
        }
        return Math.max(1, lookBack.toSeconds());
    }

    /** Waits on the script thread; the runner's interrupt at the time limit ends the wait. */
    private static <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("spend: interrupted while reading " + what);
        } catch (ExecutionException e) {
            // The storage error's text may name the database; the storage layer's log has it.
            throw new IllegalStateException("spend: cannot read " + what + " (storage unavailable)");
        }
    }
}
