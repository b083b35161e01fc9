package dev.caravan.plugins.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.caravan.api.Money;
import dev.caravan.api.RequestContext;
import dev.caravan.api.Usage;
import dev.caravan.api.budget.BudgetDefinition;
import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.api.budget.ModelPrice;
import dev.caravan.api.policy.PolicyDecision;
import dev.caravan.api.policy.PolicyOutcome;
import dev.caravan.api.policy.PolicyRequest;
import dev.caravan.api.policy.PolicyServices;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The budget policy's decisions, over an in-memory ledger and a clock the test moves. */
class StandardBudgetPolicyTest {

    /** gpt-4o-mini's published price: 0.15 USD in, 0.60 USD out per million tokens. */
    private static final ModelPrice MINI = new ModelPrice("openai/gpt-4o-mini@2024-07-18", "openai",
            new BigDecimal("0.15"), new BigDecimal("0.60"), BigDecimal.ZERO);

    private final MemoryLedger ledger = new MemoryLedger();
    private final List<PolicyServices.PolicyAlert> alerts = new ArrayList<>();
    private Instant now = Instant.parse("2026-11-30T22:30:00Z"); // 23:30 in Berlin, the last day of November
    private final List<BudgetDefinition> budgets = new ArrayList<>();
    private final StandardBudgetPolicy policy = new StandardBudgetPolicy();

    StandardBudgetPolicyTest() {
        policy.start(new PolicyServices() {
            @Override public BudgetLedger ledger() { return ledger; }
            @Override public List<BudgetDefinition> budgets() { return budgets; }
            @Override public Optional<ModelPrice> priceOf(String alias) {
                return alias.equals("house") ? Optional.empty() : Optional.of(MINI);
            }
            @Override public Optional<String> providerOf(String alias) { return Optional.of("openai"); }
            @Override public Clock clock() {
                return new Clock() {
                    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
                    @Override public Clock withZone(ZoneId zone) { return this; }
                    @Override public Instant instant() { return now; }
                };
            }
            @Override public Consumer<PolicyAlert> alerts() { return alerts::add; }
        });
    }

    private static BudgetDefinition usd(String name, String limit, String period, String action, String downgradeTo) {
        return new BudgetDefinition(name, "key", null, "alice", new BigDecimal(limit), null, period, ZoneId.of("Europe/Berlin"),
                action, downgradeTo, true, List.of(50, 100), false);
    }

    private static PolicyRequest request(String alias, long prompt, long cap) {
        RequestContext context = new RequestContext("t-1", "acme", "k-1", "alice", alias, Map.of(), Instant.EPOCH);
        return new PolicyRequest(context, alias, JsonNodeFactory.instance.objectNode(), prompt, cap);
    }

    private PolicyDecision decide(PolicyRequest request) {
        return policy.beforeRequest(request).toCompletableFuture().join();
    }

    private void finish(PolicyDecision decision, long prompt, long completion, String costUsd) {
        policy.completed(new PolicyOutcome(null, decision, 200, Usage.of(prompt, completion),
                costUsd == null ? null : Money.usd(costUsd), true));
    }

    @Test
    void should_reserve_the_hand_computed_worst_case_when_a_request_is_admitted() {
        budgets.add(usd("alice-monthly", "5.00", "monthly", "deny", null));

        PolicyDecision decision = decide(request("fast", 1200, 800));

        // 1200 × 0.15 / 1e6 + 800 × 0.60 / 1e6 = 0.00018 + 0.00048 = 0.00066 USD
        BudgetLedger.Usage usage = ledger.usage("alice-monthly", "monthly:2026-11-01").toCompletableFuture().join();
        assertEquals(0, new BigDecimal("0.00066").compareTo(usage.reserved()), usage.toString());
        assertEquals("reserved 0.00066 USD in monthly:2026-11-01", decision.notes().get(0).detail());
    }

    @Test
    void should_deny_with_the_budget_name_and_reset_time_when_the_limit_would_be_passed() {
        budgets.add(usd("alice-daily", "0.001", "daily", "deny", null));
        decide(request("fast", 1200, 800)); // 0.00066 of 0.001 reserved

        PolicyDecision second = decide(request("fast", 1200, 800));

        assertEquals(PolicyDecision.Outcome.DENY, second.outcome());
        assertEquals(429, second.status());
        assertEquals("budget_exceeded", second.code());
        assertEquals("Budget 'alice-daily' is exhausted (limit 0.001 USD per daily period); it resets at 2026-11-30T23:00:00Z.",
                second.message());
        assertEquals(Duration.ofMinutes(30), second.retryAfter());
    }

    @Test
    void should_refuse_with_429_and_retry_after_one_second_when_the_ledger_cannot_decide_by_the_deadline() {
        budgets.add(usd("alice-daily", "5.00", "daily", "deny", null));
        ledger.tooSlow = true;
        Instant deadline = Instant.now().plusMillis(160);

        PolicyDecision decision = decide(request("fast", 1200, 800).withDeadline(deadline));

        assertEquals(PolicyDecision.Outcome.DENY, decision.outcome());
        assertEquals(429, decision.status());
        assertEquals("budget_exceeded", decision.code());
        assertEquals("Budget 'alice-daily' could not confirm room for this request in time: many requests are reserving from it"
                + " at once (or its database is slow); nothing was reserved, retry shortly.", decision.message());
        assertEquals(Duration.ofSeconds(1), decision.retryAfter());
        assertEquals("busy", decision.notes().get(0).outcome());
        assertEquals(List.of(deadline), ledger.deadlines, "the request's deadline is handed to the ledger");
    }

    @Test
    void should_wait_for_the_ledger_without_a_deadline_when_the_budget_only_alerts() {
        budgets.add(usd("alice-watch", "5.00", "daily", "alert_only", null));
        ledger.tooSlow = true;

        PolicyDecision decision = decide(request("fast", 1200, 800).withDeadline(Instant.now().plusMillis(160)));

        assertEquals(PolicyDecision.Outcome.ALLOW, decision.outcome());
        assertEquals(java.util.Collections.singletonList(null), ledger.deadlines);
    }

    @Test
    void should_admit_again_when_the_clock_passes_the_calendar_reset_in_the_budget_s_zone() {
        budgets.add(usd("alice-monthly", "0.001", "monthly", "deny", null));
        finish(decide(request("fast", 1200, 800)), 1200, 800, "0.00066");
        assertEquals(PolicyDecision.Outcome.DENY, decide(request("fast", 1200, 800)).outcome());

        now = now.plus(Duration.ofMinutes(31)); // 00:01 on 1 December in Berlin, still 30 November in UTC

        PolicyDecision afterReset = decide(request("fast", 1200, 800));
        assertEquals(PolicyDecision.Outcome.ALLOW, afterReset.outcome());
        assertTrue(afterReset.notes().get(0).detail().endsWith("monthly:2026-12-01"), afterReset.notes().toString());
    }

    @Test
    void should_settle_to_the_actual_cost_and_alert_each_threshold_once_when_requests_finish() {
        budgets.add(usd("alice-daily", "0.001", "daily", "deny", null));

        finish(decide(request("fast", 1200, 800)), 1000, 300, "0.00033"); // 33 %
        finish(decide(request("fast", 1200, 800)), 1000, 300, "0.00033"); // 66 %: alert 50
        finish(decide(request("fast", 1000, 100)), 1000, 100, "0.00021"); // 87 %

        BudgetLedger.Usage usage = ledger.usage("alice-daily", "daily:2026-11-30").toCompletableFuture().join();
        assertEquals(0, new BigDecimal("0.00087").compareTo(usage.spent()), usage.toString());
        assertEquals(0, usage.reserved().signum(), usage.toString());
        assertEquals(List.of(50), alerts.stream().map(PolicyServices.PolicyAlert::thresholdPercent).toList());
    }

    @Test
    void should_route_to_the_configured_alias_when_a_downgrade_budget_is_reached() {
        budgets.add(usd("alice-daily", "0.0001", "daily", "downgrade", "cheap"));

        PolicyDecision decision = decide(request("fast", 1200, 800));

        assertEquals(PolicyDecision.Outcome.MODIFY, decision.outcome());
        assertEquals("cheap", decision.alias());
    }

    @Test
    void should_deny_and_say_why_when_the_model_has_no_price_and_the_budget_refuses_unpriced_models() {
        budgets.add(usd("alice-daily", "1", "daily", "deny", null));

        PolicyDecision decision = decide(request("house", 10, 10));

        assertEquals(PolicyDecision.Outcome.DENY, decision.outcome());
        assertEquals("model_unpriced", decision.code());
        assertTrue(decision.message().contains("(unpriced: deny)"), decision.message());
    }

    @Test
    void should_release_the_reservation_when_nothing_was_served() {
        budgets.add(usd("alice-daily", "1", "daily", "deny", null));
        PolicyDecision decision = decide(request("fast", 1200, 800));

        policy.completed(new PolicyOutcome(null, decision, 502, Usage.NONE, Money.ZERO_USD, false));

        BudgetLedger.Usage usage = ledger.usage("alice-daily", "daily:2026-11-30").toCompletableFuture().join();
        assertEquals(0, usage.spent().signum());
        assertEquals(0, usage.reserved().signum());
    }
}
