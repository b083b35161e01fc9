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
 * What a budget policy script reads ({@code spend} in {@link BudgetScript}), and nothing else: the
 * budgets defined, a budget's current window (spent, reserved, limit), a prepaid balance, and what a
 * tenant or key spent in the last {@code d} according to the receipts. Reads only: a script cannot
 * reserve, settle or top up. Every read is done on the storage threads; the script thread waits for
 * it, which the script's time limit bounds (the wait is interruptible). Windows and balances come
 * from {@link PolicyServices#ledger()}, so they are shared by every node on the database.
 */
public final class ScriptSpend {

    /** Longest look-back of {@link #tenantSpentSince}: a bounded index range on the receipts. */
    static final Duration MAX_LOOK_BACK = Duration.ofDays(31);
    /** How long a {@link #tenantSpentSince} answer is reused: one query per second per question, not one per request. */
    static final Duration REUSE = Duration.ofSeconds(1);

    private record Question(String tenant, String key, long seconds) {}

    private final PolicyServices services;
    private final AsyncLoadingCache<Question, BigDecimal> spentSince;

    public ScriptSpend(PolicyServices services, UsageRepository usage, Executor storage) {
        this.services = services;
        this.spentSince = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(REUSE).executor(storage)
                .buildAsync((q, executor) -> CompletableFuture.supplyAsync(() -> sum(usage, q), executor));
    }

    /** The budgets defined now (config and admin API). */
    public List<SpendBudget> budgets() {
        return services.budgets().stream().map(SpendBudget::new).toList();
    }

    /** The current window of budget {@code name}: spent, reserved (this request's own reservation included), limit. */
    public SpendWindow window(String name) {
        BudgetDefinition budget = budget(name);
        BudgetWindow window = BudgetWindow.of(budget, services.clock().instant());
        if (budget.prepaid()) {
            BudgetLedger.Balance balance = await(services.ledger().balance(name), name);
            return new SpendWindow(budget, window, balance.spent(), balance.reserved(), balance.credited());
        }
        BudgetLedger.Usage usage = await(services.ledger().usage(name, window.key()), name);
        return new SpendWindow(budget, window, usage.spent(), usage.reserved(), budget.limit());
    }

    /** The prepaid balance of budget {@code name} (which must be {@code prepaid: true}). */
    public SpendBalance balance(String name) {
        BudgetDefinition budget = budget(name);
        if (!budget.prepaid()) {
            throw new IllegalArgumentException("spend.balance('" + name + "'): not a prepaid budget; use spend.window('" + name + "')");
        }
        return new SpendBalance(await(services.ledger().balance(name), name));
    }

    /** USD the tenant's model calls cost over the last {@code lookBack}, per their receipts. */
    public BigDecimal tenantSpentSince(String tenant, Duration lookBack) {
        return since(new Question(require(tenant, "tenant"), null, seconds(lookBack)));
    }

    /** USD the key's ({@code req.keyId}) model calls cost over the last {@code lookBack}, per their receipts. */
    public BigDecimal keySpentSince(String keyId, Duration lookBack) {
        return since(new Question(null, require(keyId, "keyId"), seconds(lookBack)));
    }

    private BigDecimal since(Question question) {
        return await(spentSince.get(question), "receipts");
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
        if (lookBack == null || lookBack.isNegative() || lookBack.isZero() || lookBack.compareTo(MAX_LOOK_BACK) > 0) {
            throw new IllegalArgumentException("spend: the look-back must be between 1 second and 31 days, got " + lookBack);
        }
        return Math.max(1, lookBack.toSeconds());
    }

    private static String require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("spend: " + what + " must not be empty");
        }
        return value;
    }

    /** Waits on the script thread; the runner's interrupt at the time limit ends the wait. */
    private static <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("spend: interrupted while reading " + what);
        } catch (ExecutionException e) {
            // The storage error's text may name the database; the log of the storage layer has it.
            throw new IllegalStateException("spend: cannot read " + what + " (storage unavailable)");
        }
    }

    /** One budget as scripts see it. */
    public static final class SpendBudget {
        private final BudgetDefinition budget;

        SpendBudget(BudgetDefinition budget) {
            this.budget = budget;
        }

        public String getName() { return budget.name(); }
        /** {@code tenant}, {@code key}, {@code alias}, {@code provider} or {@code metadata}. */
        public String getScope() { return budget.scopeType(); }
        public String getScopeValue() { return budget.scopeValue(); }
        /** {@code usd} or {@code tokens}. */
        public String getUnit() { return budget.countsUsd() ? "usd" : "tokens"; }
        /** The limit in the unit; zero for a prepaid balance (its limit is what was credited). */
        public BigDecimal getLimit() { return budget.limit(); }
        public String getPeriod() { return budget.period(); }
        public boolean isPrepaid() { return budget.prepaid(); }
        public String getAction() { return budget.action(); }
    }

    /** A budget's current window. */
    public static final class SpendWindow {
        private final BudgetDefinition budget;
        private final BudgetWindow window;
        private final BigDecimal spent;
        private final BigDecimal reserved;
        private final BigDecimal limit;

        SpendWindow(BudgetDefinition budget, BudgetWindow window, BigDecimal spent, BigDecimal reserved, BigDecimal limit) {
            this.budget = budget;
            this.window = window;
            this.spent = spent;
            this.reserved = reserved;
            this.limit = limit;
        }

        public String getBudget() { return budget.name(); }
        /** The ledger window, e.g. {@code daily:2026-11-25}, {@code total}, {@code prepaid}. */
        public String getWindow() { return window.key(); }
        /** When the window resets; null for {@code total} and prepaid. */
        public Instant getResetAt() { return window.resetAt(); }
        public String getUnit() { return budget.countsUsd() || budget.prepaid() ? "usd" : "tokens"; }
        public BigDecimal getSpent() { return spent; }
        /** Held by requests in flight, this request's own reservation included when a budget policy reserved for it. */
        public BigDecimal getReserved() { return reserved; }
        /** The limit; for a prepaid balance what was credited. */
        public BigDecimal getLimit() { return limit; }
        /** limit - spent - reserved (may be negative after an overrun). */
        public BigDecimal getRemaining() { return limit.subtract(spent).subtract(reserved); }
    }

    /** A prepaid balance. */
    public static final class SpendBalance {
        private final BudgetLedger.Balance balance;

        SpendBalance(BudgetLedger.Balance balance) {
            this.balance = balance;
        }

        public BigDecimal getCredited() { return balance.credited(); }
        public BigDecimal getSpent() { return balance.spent(); }
        public BigDecimal getReserved() { return balance.reserved(); }
        public BigDecimal getAvailable() { return balance.available(); }
    }
}
