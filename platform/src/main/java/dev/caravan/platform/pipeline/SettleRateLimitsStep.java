package dev.caravan.platform.pipeline;

import dev.caravan.platform.ratelimit.RateLimiter;

import dev.caravan.api.Usage;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.storage.Receipt;

/**
 * Finish step {@code settleRateLimits}: the tokens {@code rateLimit} charged up front (the worst
 * case) are corrected to what the request used, and its {@code concurrent} slots are freed, once,
 * streams, failures and client disconnects included (the finish route runs once per request).
 */
public final class SettleRateLimitsStep extends FinishStep {

    private final RateLimiter limiter;

    public SettleRateLimitsStep(RateLimiter limiter) {
        super("settleRateLimits");
        this.limiter = limiter;
    }

    @Override
    protected Receipt finish(RequestState state, Receipt receipt) {
        RateLimitStage.Charges charges = state.attached(RateLimitStage.CHARGES);
        if (charges != null) {
            limiter.settle(charges.list(), charges.slots(), usedTokens(state));
        }
        return null;
    }

    /**
     * What the request used. Nothing when no target served it; the estimate stands when one served
     * it but its usage is unknown (a stream cut off before its usage arrived), since the provider
     * still counted those tokens.
     */
    static long usedTokens(RequestState finished) {
        Usage usage = finished.outcome().usage();
        if (finished.outcome().servedBy() == null) {
            return 0;
        }
        return usage.reported() || usage.totalTokens() > 0 ? usage.totalTokens() : -1;
    }
}
