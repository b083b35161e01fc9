package dev.caravan.platform.policy.script;

import dev.caravan.api.budget.BudgetDefinition;
import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.api.budget.BudgetWindow;
import dev.caravan.api.policy.PolicyServices;
import dev.caravan.platform.storage.UsageRepository;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    /**
     * Registers this object's reader with {@link SpendReads}. Groovy reads private fields and calls
     * private methods by name, so a script-visible object must hold nothing that leads to the reader
     * ({@code spend.services} would hand a script the ledger, which reserves and tops up): this class
     * has no fields, and a script cannot name {@link SpendReads} to look its reader up.
     */
    public ScriptSpend(PolicyServices services, UsageRepository usage, Executor storage) {
        SpendReads.register(this, services, usage, storage);
    }

    /** The budgets defined now (config and admin API). */
    public List<SpendBudget> budgets() {
        return SpendReads.of(this).budgets();
    }

    /** The current window of budget {@code name}: spent, reserved (this request's own reservation included), limit. */
    public SpendWindow window(String name) {
        return SpendReads.of(this).window(name);
    }

    /** The prepaid balance of budget {@code name} (which must be {@code prepaid: true}). */
    public SpendBalance balance(String name) {
        return SpendReads.of(this).balance(name);
    }

    /** USD the tenant's model calls cost over the last {@code lookBack}, per their receipts. */
    public BigDecimal tenantSpentSince(String tenant, Duration lookBack) {
        return SpendReads.of(this).spentSince(tenant, null, lookBack);
    }

    /** USD the key's ({@code req.keyId}) model calls cost over the last {@code lookBack}, per their receipts. */
    public BigDecimal keySpentSince(String keyId, Duration lookBack) {
        return SpendReads.of(this).spentSince(null, keyId, lookBack);
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
