package dev.caravan.platform.ratelimit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.platform.pipeline.GatewayException;
import dev.caravan.platform.pipeline.RequestState;
import dev.caravan.platform.policy.TokenEstimator;
import dev.caravan.platform.storage.Receipt;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code rateLimit}, right after {@code resolveAlias}: checks the request against the
 * {@code rate_limits} of its key, tenant and alias. Over a limit it answers 429 the way OpenAI
 * does ({@code type} {@code requests} or {@code tokens}, code {@code rate_limit_exceeded},
 * {@code Retry-After}) and the receipt records the decision. A request that passes is charged one
 * request and its estimated tokens (prompt as counted by {@link TokenEstimator} plus its
 * {@code max_tokens}, or the rule's default, for each of its {@code n} choices); when it finishes, streams included, the charge is
 * corrected to the usage the provider reported (finish step {@code settleRateLimits}). Either way the response carries the
 * {@code x-ratelimit-*} headers of the tightest limits.
 */
public final class RateLimitStage implements Processor {

    public static final String STAGE = "rate_limit";

    private final RateLimiter limiter;
    private final TokenEstimator estimator;

    public RateLimitStage(RateLimiter limiter, TokenEstimator estimator) {
        this.limiter = limiter;
        this.estimator = estimator;
    }

    @Override
    public void process(Exchange exchange) {
        RequestState state = RequestState.of(exchange);
        if (state.key() == null || state.alias() == null) {
            throw new IllegalStateException("the 'rateLimit' stage must come after 'authenticate' and 'resolveAlias'");
        }
        List<AppliedLimit> limits = state.controls() != null ? state.controls().limits()
                : limiter.applicable(state.key().name(), state.key().tenantId(), state.alias().alias());
        if (limits.isEmpty()) {
            return;
        }
        ObjectNode body = state.body();
        // Counting the prompt costs a tokenizer pass: only when a token limit applies.
        long prompt = limits.stream().anyMatch(l -> l.rule().tpm() > 0) ? estimator.promptTokens(body) : 0;
        // Each of n (or best_of) choices may use the whole cap, and OpenAI counts them all.
        long choices = TokenEstimator.choices(body);
        Admission admission = limiter.admit(limits, state.requestedModel(),
                defaultMaxTokens -> prompt + choices * TokenEstimator.completionCap(body, defaultMaxTokens));
        state.rateLimitHeaders(admission.headers());
        if (!admission.allowed()) {
            RateLimitDenial denial = admission.denial();
            state.addDecision(new Receipt.Decision(STAGE, denial.scope(), "deny", denial.message()));
            throw new GatewayException(429, denial.type(), "rate_limit_exceeded", null, denial.message());
        }
        if (!admission.charges().isEmpty()) {
            state.attach(CHARGES, new Charges(admission.charges()));
        }
    }

    /** The token charges a request was admitted with; finish step {@code settleRateLimits} settles them. */
    record Charges(List<Admission.TokenCharge> list) {}

    static final RequestState.Attachment<Charges> CHARGES = new RequestState.Attachment<>("rateLimitCharges", Charges.class);
}
