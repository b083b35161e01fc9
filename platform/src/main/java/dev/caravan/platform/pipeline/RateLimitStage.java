package dev.caravan.platform.pipeline;

import dev.caravan.platform.ratelimit.Admission;
import dev.caravan.platform.ratelimit.AppliedLimit;
import dev.caravan.platform.ratelimit.InFlightSlots;
import dev.caravan.platform.ratelimit.RateLimitDenial;
import dev.caravan.platform.ratelimit.RateLimiter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.policy.TokenEstimator;
import dev.caravan.platform.storage.Receipt;
import java.util.List;
import org.apache.camel.Exchange;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import org.apache.camel.AsyncCallback;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Stage {@code rateLimit}, right after {@code resolveAlias}: checks the request against the
 * {@code rate_limits} of its key, tenant and alias. Over a limit it answers 429 the way OpenAI
 * does ({@code type} {@code requests} or {@code tokens}, code {@code rate_limit_exceeded},
 * {@code Retry-After}) and the receipt records the decision. A request that passes is charged one
 * request and its estimated tokens (prompt as counted by {@link TokenEstimator} plus its
 * {@code max_tokens}, or the rule's default, for each of its {@code n} choices); when it finishes, streams included, the charge is
 * corrected to the usage the provider reported (finish step {@code settleRateLimits}). Either way the response carries the
 * {@code x-ratelimit-*} headers of the tightest limits. A {@code concurrent} limit takes an
 * in-flight slot, freed by {@code settleRateLimits}. When a {@code shared: true} limit's local lease
 * is short, the stage goes asynchronous: the lease is refilled on the storage executor, and after
 * at most {@link #LEASE_WAIT_MS} the request is decided again, with the rule's
 * {@code on_store_error} if the database has not answered.
 */
public final class RateLimitStage extends AsyncProcessorSupport {

    public static final String STAGE = "rate_limit";
    /**
     * How long a request waits for a shared limit's lease refill before its {@code on_store_error}
     * applies. A refill is one short transaction; this bounds what a slow database adds to a request.
     */
    public static final long LEASE_WAIT_MS = 1000;

    private final RateLimiter limiter;
    private final TokenEstimator estimator;

    public RateLimitStage(RateLimiter limiter, TokenEstimator estimator) {
        this.limiter = limiter;
        this.estimator = estimator;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestState state = RequestState.of(exchange);
        List<AppliedLimit> limits;
        LongUnaryOperator estimate;
        Admission first;
        try {
            if (state.key() == null || state.alias() == null) {
                throw new IllegalStateException("the 'rateLimit' stage must come after 'authenticate' and 'resolveAlias'");
            }
            limits = ScopedControls.of(state) != null ? ScopedControls.of(state).limits()
                    : limiter.applicable(state.key().name(), state.key().tenantId(), state.alias().alias());
            if (limits.isEmpty()) {
                callback.done(true);
                return true;
            }
            estimate = estimate(state.body(), limits);
            first = limiter.admit(limits, state.requestedModel(), estimate, false);
            if (!first.pending()) {
                conclude(state, first);
                callback.done(true);
                return true;
            }
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        // A shared limit's lease ran short: refill on the storage executor, never on this thread.
        leaseThenDecide(exchange, callback, state, limits, estimate, first, System.nanoTime() + LEASE_WAIT_MS * 1_000_000L);
        return false;
    }

    /**
     * Leases, then decides again; another lease round while the deadline allows (a burst may use up
     * a lease before this request gets its share), and after the deadline, the rule's {@code on_store_error}.
     */
    private void leaseThenDecide(Exchange exchange, AsyncCallback callback, RequestState state, List<AppliedLimit> limits,
            LongUnaryOperator estimate, Admission pending, long deadline) {
        long left = Math.max(0, deadline - System.nanoTime());
        limiter.lease(pending.leasesNeeded())
                .completeOnTimeout(null, left, TimeUnit.NANOSECONDS)
                .whenComplete((ignored, error) -> {
                    try {
                        boolean late = System.nanoTime() >= deadline;
                        Admission again = limiter.admit(limits, state.requestedModel(), estimate, late);
                        if (again.pending()) {
                            leaseThenDecide(exchange, callback, state, limits, estimate, again, deadline);
                            return;
                        }
                        conclude(state, again);
                    } catch (RuntimeException e) {
                        exchange.setException(e);
                    }
                    callback.done(false);
                });
    }

    private LongUnaryOperator estimate(ObjectNode body, List<AppliedLimit> limits) {
        // Counting the prompt costs a tokenizer pass: only when a token limit applies.
        long prompt = limits.stream().anyMatch(l -> l.rule().tpm() > 0) ? estimator.promptTokens(body) : 0;
        // Each of n (or best_of) choices may use the whole cap, and OpenAI counts them all.
        long choices = TokenEstimator.choices(body);
        return defaultMaxTokens -> prompt + choices * TokenEstimator.completionCap(body, defaultMaxTokens);
    }

    private static void conclude(RequestState state, Admission admission) {
        state.outcome().rateLimitHeaders(admission.headers());
        if (!admission.allowed()) {
            RateLimitDenial denial = admission.denial();
            state.outcome().addDecision(new Receipt.Decision(STAGE, denial.scope(), "deny", denial.message()));
            throw new GatewayException(429, denial.type(), "rate_limit_exceeded", null, denial.message());
        }
        if (!admission.charges().isEmpty() || !admission.slots().isEmpty()) {
            state.attach(CHARGES, new Charges(admission.charges(), admission.slots()));
        }
    }

    /** What a request was admitted with; finish step {@code settleRateLimits} settles the tokens and frees the slots. */
    public record Charges(List<Admission.TokenCharge> list, List<InFlightSlots.Slot> slots) {}

    public static final RequestState.Attachment<Charges> CHARGES = new RequestState.Attachment<>("rateLimitCharges", Charges.class);
}
