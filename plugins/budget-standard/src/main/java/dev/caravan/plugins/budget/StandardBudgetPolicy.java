package dev.caravan.plugins.budget;

import dev.caravan.api.budget.BudgetDefinition;
import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.api.budget.BudgetWindow;
import dev.caravan.api.budget.ModelPrice;
import dev.caravan.api.policy.PolicyDecision;
import dev.caravan.api.policy.PolicyNote;
import dev.caravan.api.policy.PolicyOutcome;
import dev.caravan.api.policy.PolicyRequest;
import dev.caravan.api.policy.PolicyServices;
import dev.caravan.api.policy.RequestPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * Budgets by reservation (docs/budgets.md). Before the call, each budget covering the request
 * reserves the request's worst case on the platform's ledger, one atomic database statement per
 * budget; a refusal means the limit would be passed, and the budget's action decides: deny (429
 * {@code budget_exceeded}), downgrade (route to another alias) or alert only. When the request ends
 * each reservation is settled to the actual cost (or tokens), or released when nothing was served.
 */
@Extension
public final class StandardBudgetPolicy implements RequestPolicy {

    public static final String ID = "budget-standard";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StandardBudgetPolicy.class);
    /** A limit no request reaches: alert-only budgets still count spend, they never refuse. */
    private static final BigDecimal NO_LIMIT = new BigDecimal("1e15");
    /** When to ask again after the ledger could not decide in time: contention passes in moments. */
    private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    private volatile PolicyServices services;
    private volatile ThresholdAlerts alerts;

    @Override
    public void start(PolicyServices lent) {
        this.services = lent;
        this.alerts = new ThresholdAlerts(lent);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean enforcesBudgets() {
        return true;
    }

    @Override
    public CompletionStage<PolicyDecision> beforeRequest(PolicyRequest request) {
        PolicyServices s = services;
        if (s == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("budget-standard was not started"));
        }
        List<BudgetDefinition> covering = s.budgets().stream().filter(b -> BudgetScope.covers(b, request, s)).toList();
        if (covering.isEmpty()) {
            return CompletableFuture.completedFuture(PolicyDecision.allow(ID));
        }
        if (request.unestimableField() != null) {
            // A file or audio part costs what the provider says it costs: no reservation can bound it.
            return CompletableFuture.completedFuture(PolicyDecision.deny(ID, 400, "budget_unestimable",
                    "Invalid '" + request.unestimableField() + "': its content cannot be estimated for a budget (budget '"
                            + covering.get(0).name() + "' covers this request); send it as text, or use a key no budget covers.")
                    .withParam(request.unestimableField()));
        }
        return new Admission(request, s, covering).run();
    }

    @Override
    public void afterResponse(PolicyOutcome outcome) {
        completed(outcome);
    }

    @Override
    public List<PolicyNote> completed(PolicyOutcome outcome) {
        if (!(outcome.decision().reservation() instanceof Holds holds)) {
            return List.of();
        }
        List<PolicyNote> notes = new ArrayList<>();
        Settlement settlement = Settlement.of(outcome);
        for (BudgetHold hold : holds.list()) {
            BudgetLedger.Reservation r = hold.reservation();
            if (settlement == Settlement.RELEASE) {
                logFailure(services.ledger().release(r), hold);
                notes.add(new PolicyNote("budget", hold.budget().name(), "released",
                        "released " + plain(r.amount()) + unit(hold.budget()) + " (nothing served)"));
                continue;
            }
            BigDecimal actual = settlement == Settlement.ACTUAL ? actual(hold.budget(), outcome) : r.amount();
            logFailure(services.ledger().settle(r, actual).thenRun(() -> alerts.check(hold.budget(), r.window())), hold);
            notes.add(new PolicyNote("budget", hold.budget().name(), "settled", "settled " + plain(actual) + unit(hold.budget())
                    + (settlement == Settlement.ACTUAL ? " (reserved " + plain(r.amount()) + ")"
                            : " = the reservation: the response was cut off before the provider reported usage")));
        }
        return notes;
    }

    /**
     * How a finished request pays: its reported usage; or, when it was cut off mid-way (client gone,
     * stream broken) before the provider said what it used, the whole reservation, since the
     * provider bills what it generated; or nothing when no answer was served at all.
     */
    private enum Settlement {
        ACTUAL, RESERVED, RELEASE;

        static Settlement of(PolicyOutcome outcome) {
            if (outcome.usage().reported() || outcome.usage().totalTokens() > 0) {
                return ACTUAL;
            }
            boolean cutOff = outcome.status() == 499 || (outcome.status() < 400 && !outcome.completed());
            return cutOff ? RESERVED : RELEASE;
        }
    }

    private static void logFailure(CompletionStage<Void> ledgerCall, BudgetHold hold) {
        ledgerCall.whenComplete((ok, error) -> {
            if (error != null) {
                LOG.error("budget '{}': settling reservation in {} failed; it stays reserved", hold.budget().name(),
                        hold.reservation().window(), error);
            }
        });
    }

    private static BigDecimal actual(BudgetDefinition budget, PolicyOutcome outcome) {
        if (!budget.countsUsd()) {
            return BigDecimal.valueOf(outcome.usage().promptTokens() + outcome.usage().completionTokens());
        }
        return outcome.cost() == null ? BigDecimal.ZERO : outcome.cost().amount(); // unpriced, admitted by 'unpriced: allow'
    }

    static String unit(BudgetDefinition budget) {
        return budget.countsUsd() ? " USD" : " tokens";
    }

    static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }

    /** The reservations one request holds, handed back in its outcome. */
    record Holds(List<BudgetHold> list) {}

    /** One request's walk through the budgets that cover it, one reservation after the other. */
    private static final class Admission {

        private final PolicyRequest request;
        private final PolicyServices services;
        private final List<BudgetDefinition> budgets;
        private final List<BudgetHold> held = new ArrayList<>();
        private final List<PolicyNote> notes = new ArrayList<>();
        private final Instant now;

        Admission(PolicyRequest request, PolicyServices services, List<BudgetDefinition> budgets) {
            this.request = request;
            this.services = services;
            this.budgets = budgets;
            this.now = services.clock().instant();
        }

        CompletionStage<PolicyDecision> run() {
            return next(0);
        }

        private CompletionStage<PolicyDecision> next(int index) {
            if (index == budgets.size()) {
                return CompletableFuture.completedFuture(PolicyDecision.allow(ID).withReservation(new Holds(List.copyOf(held)))
                        .withNotes(notes));
            }
            BudgetDefinition budget = budgets.get(index);
            BudgetWindow window = BudgetWindow.of(budget, now);
            BigDecimal amount;
            if (budget.countsUsd()) {
                Optional<ModelPrice> price = services.priceOf(request.alias());
                if (price.isEmpty()) {
                    if (budget.denyUnpriced()) {
                        return refuse(403, "model_unpriced", budget, "denied",
                                "Budget '" + budget.name() + "' refuses model alias '" + request.alias()
                                        + "': it has no price in the catalog (unpriced: deny).", null);
                    }
                    amount = BigDecimal.ZERO;
                    notes.add(new PolicyNote("budget", budget.name(), "unpriced", "admitted unpriced (unpriced: allow)"));
                } else {
                    amount = WorstCase.usd(request, price.get());
                }
            } else {
                amount = WorstCase.tokens(request);
            }
            boolean alertOnly = budget.action().equals("alert_only");
            BigDecimal limit = alertOnly ? NO_LIMIT : budget.limit();
            // An alert-only budget never refuses, so it waits for the ledger (past the deadline the
            // platform times the policy out): answering undecided would leave its spend uncounted.
            Instant answerBy = alertOnly ? null : request.deadline();
            CompletionStage<BudgetLedger.Verdict> reserved = budget.prepaid()
                    ? services.ledger().reservePrepaid(budget.name(), amount, answerBy)
                    : services.ledger().reserve(budget.name(), window.key(), amount, limit, answerBy);
            return reserved.thenCompose(verdict -> switch (verdict.kind()) {
                case RESERVED -> {
                    held.add(new BudgetHold(budget, verdict.reservation()));
                    notes.add(new PolicyNote("budget", budget.name(), "reserved",
                            "reserved " + plain(amount) + unit(budget) + " in " + window.key()));
                    yield next(index + 1);
                }
                case OVER_LIMIT -> budget.prepaid() ? refuse(429, "budget_exceeded", budget, "denied", "Prepaid balance '"
                        + budget.name() + "' cannot cover this request (worst case " + plain(amount)
                        + " USD); an admin can top it up.", null) : atLimit(budget, window);
                case UNDECIDED -> refuse(429, "budget_exceeded", budget, "busy", "Budget '" + budget.name()
                        + "' could not confirm room for this request in time: many requests are reserving from it at once"
                        + " (or its database is slow); nothing was reserved, retry shortly.", BUSY_RETRY);
            });
        }

        private CompletionStage<PolicyDecision> atLimit(BudgetDefinition budget, BudgetWindow window) {
            if (budget.action().equals("downgrade") && !budget.downgradeTo().equals(request.alias())) {
                releaseHeld();
                notes.add(new PolicyNote("budget", budget.name(), "downgraded", "limit reached; routed to " + budget.downgradeTo()));
                return CompletableFuture.completedFuture(
                        PolicyDecision.modifyAlias(ID, budget.downgradeTo(), "budget '" + budget.name() + "' reached").withNotes(notes));
            }
            String resets = window.resetAt() == null ? "it does not reset (period: total)" : "it resets at " + window.resetAt();
            Duration retry = window.resetAt() == null ? null : Duration.between(now, window.resetAt());
            return refuse(429, "budget_exceeded", budget, "denied",
                    "Budget '" + budget.name() + "' is exhausted (limit " + plain(budget.limit()) + unit(budget) + " per "
                            + budget.period() + " period); " + resets + ".", retry);
        }

        private CompletionStage<PolicyDecision> refuse(int status, String code, BudgetDefinition budget, String outcome,
                String message, Duration retryAfter) {
            releaseHeld();
            notes.add(new PolicyNote("budget", budget.name(), outcome, message));
            PolicyDecision deny = PolicyDecision.deny(ID, status, code, message).withNotes(notes);
            return CompletableFuture.completedFuture(retryAfter == null ? deny : deny.withRetryAfter(retryAfter));
        }

        private void releaseHeld() {
            for (BudgetHold hold : held) {
                services.ledger().release(hold.reservation());
                notes.add(new PolicyNote("budget", hold.budget().name(), "released",
                        "released " + plain(hold.reservation().amount()) + unit(hold.budget())));
            }
            held.clear();
        }
    }
}
