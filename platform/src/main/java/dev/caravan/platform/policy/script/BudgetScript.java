package dev.caravan.platform.policy.script;

/**
 * Base class of every budget policy script ({@code policies/budgets/*.groovy}): the request policy
 * DSL of {@link PolicyScript} ({@code beforeRequest}, {@code afterResponse}, {@code allow},
 * {@code deny}, {@code modify}) plus {@code spend}, read access to what the gateway has counted
 * ({@link ScriptSpend}; docs/budgets.md, "Budget policy scripts"):
 *
 * <pre>
 * beforeRequest { req ->
 *     def hour = spend.tenantSpentSince(req.tenant, Duration.ofHours(1))
 *     hour > 5 ? deny(429, 'hourly_spend_exceeded', "spent \$${hour} in the last hour") : allow()
 * }
 * </pre>
 *
 * Budget scripts apply to every tenant, in the admit chain with the global policy scripts (in id
 * order: {@code budgets/<name>}); each call, reads
 * included, runs within {@code policies.timeout_ms}.
 */
public abstract class BudgetScript extends PolicyScript {

    private volatile ScriptSpend spend;

    /** What the script may read about spend; fails on use when the gateway has no spend to read. */
    public ScriptSpend getSpend() {
        ScriptSpend current = spend;
        if (current == null) {
            throw new IllegalStateException("spend is not available here (no budget services)");
        }
        return current;
    }

    void bindSpend(ScriptSpend spend) {
        this.spend = spend;
    }
}
