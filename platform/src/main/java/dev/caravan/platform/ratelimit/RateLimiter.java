package dev.caravan.platform.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import dev.caravan.platform.config.Scope;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * Requests-per-minute and tokens-per-minute limits per key, tenant and alias, as token buckets
 * held in this process. A request passes only when every limit that applies to it has room; it is
 * then charged to all of them at once (one request, and its estimated tokens), under one lock, so
 * concurrent requests can never pass more than a bucket holds. The token charge is an estimate and
 * is corrected by {@link #settle} when the request finishes.
 *
 * <p>The buckets live in this node's memory: N gateway nodes allow N times the configured rate.
 * Budgets, stored in the database, are the exact cross-node control.
 */
public final class RateLimiter {

    private static final String REQUESTS = "requests";
    private static final String TOKENS = "tokens";

    // Per kind (tenant, key, alias; metadata by field), the rule naming a value or "*".
    private final Map<String, Map<String, RateLimitRule>> rules = new LinkedHashMap<>();
    private RateLimitRule global;
    private final LongSupplier clock;
    // Bounded, and idle buckets go: after a minute without use a bucket is full again anyway.
    private final Cache<String, TokenBucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(5))
            .build();

    /** @param clock nanosecond ticks ({@code System::nanoTime}; tests pass their own) */
    public RateLimiter(List<RateLimitRule> configured, LongSupplier clock) {
        this.clock = clock;
        for (RateLimitRule rule : configured) {
            if (rule.scope().kind() == Scope.Kind.GLOBAL) {
                global = rule;
            } else {
                rules.computeIfAbsent(rule.scope().configKey(), k -> new HashMap<>()).put(rule.scope().value(), rule);
            }
        }
    }

    public boolean isEmpty() {
        return rules.isEmpty() && global == null;
    }

    /**
     * The limits on a request: the global rule, then per kind (key, tenant, alias, each metadata
     * field) the rule naming its value, else that kind's {@code *} rule.
     */
    public List<AppliedLimit> applicable(Scope.RequestScope subject) {
        if (isEmpty()) {
            return List.of();
        }
        List<AppliedLimit> applied = new ArrayList<>(3);
        if (global != null) {
            applied.add(new AppliedLimit(global, Scope.GLOBAL));
        }
        add(applied, Scope.key(subject.keyName()));
        add(applied, Scope.tenant(subject.tenant()));
        add(applied, Scope.alias(subject.alias()));
        for (Map.Entry<String, String> field : subject.metadata().entrySet()) {
            if (rules.containsKey("metadata." + field.getKey())) {
                add(applied, Scope.metadata(field.getKey(), field.getValue()));
            }
        }
        return applied;
    }

    List<AppliedLimit> applicable(String keyName, String tenant, String alias) {
        return applicable(new Scope.RequestScope(tenant, keyName, alias, Map.of()));
    }

    private void add(List<AppliedLimit> applied, Scope counted) {
        Map<String, RateLimitRule> ofKind = rules.getOrDefault(counted.configKey(), Map.of());
        RateLimitRule rule = counted.value() == null ? null : ofKind.getOrDefault(counted.value(), ofKind.get(Scope.EVERY));
        if (rule != null) {
            applied.add(new AppliedLimit(rule, counted));
        }
    }

    /**
     * Checks and charges one request against {@code limits}.
     *
     * @param model          the requested model, for the message
     * @param estimateTokens a rule's {@code defaultMaxTokens} → the tokens this request is charged
     */
    synchronized Admission admit(List<AppliedLimit> limits, String model, LongUnaryOperator estimateTokens) {
        long now = clock.getAsLong();
        RateLimitDenial denial = null;
        long longestWait = -1;
        List<Charge> toCharge = new ArrayList<>();
        for (AppliedLimit limit : limits) {
            RateLimitRule rule = limit.rule();
            if (rule.rpm() > 0) {
                TokenBucket bucket = bucket(limit, REQUESTS, rule.rpm(), now);
                long wait = bucket.nanosUntil(1, now);
                if (wait > longestWait && wait > 0) {
                    longestWait = wait;
                    denial = exceeded(REQUESTS, limit, model, bucket, 1, wait, now);
                }
                toCharge.add(new Charge(bucket, 1, false));
            }
            if (rule.tpm() > 0) {
                long estimate = estimateTokens.applyAsLong(rule.defaultMaxTokens());
                TokenBucket bucket = bucket(limit, TOKENS, rule.tpm(), now);
                if (estimate > rule.tpm()) {
                    return refused(limits, tooLarge(limit, model, rule.tpm(), estimate), now);
                }
                long wait = bucket.nanosUntil(estimate, now);
                if (wait > longestWait && wait > 0) {
                    longestWait = wait;
                    denial = exceeded(TOKENS, limit, model, bucket, estimate, wait, now);
                }
                toCharge.add(new Charge(bucket, estimate, true));
            }
        }
        if (denial != null) {
            return refused(limits, denial, now);
        }
        List<Admission.TokenCharge> charges = new ArrayList<>();
        for (Charge charge : toCharge) {
            charge.bucket().take(charge.amount(), now);
            if (charge.tokens()) {
                charges.add(new Admission.TokenCharge(charge.bucket(), charge.amount()));
            }
        }
        return new Admission(headers(limits, now), charges, null);
    }

    /**
     * Corrects the up-front token charges to what the request used: refunds the difference, or
     * debits the extra (a bucket may go into debt). Called once per admitted request;
     * {@code usedTokens} below zero means unknown, and the estimate stands.
     */
    synchronized void settle(List<Admission.TokenCharge> charges, long usedTokens) {
        if (usedTokens < 0) {
            return;
        }
        long now = clock.getAsLong();
        for (Admission.TokenCharge charge : charges) {
            long difference = usedTokens - charge.tokens();
            if (difference < 0) {
                charge.bucket().refund(-difference, now);
            } else if (difference > 0) {
                charge.bucket().take(difference, now);
            }
        }
    }

    private TokenBucket bucket(AppliedLimit limit, String metric, long capacity, long now) {
        return buckets.get(limit.counted().label() + "/" + metric, id -> new TokenBucket(capacity, now));
    }

    private Admission refused(List<AppliedLimit> limits, RateLimitDenial denial, long now) {
        Map<String, String> headers = new LinkedHashMap<>(headers(limits, now));
        if (denial.retryAfterSeconds() > 0) {
            headers.put("retry-after", Long.toString(denial.retryAfterSeconds()));
        }
        return new Admission(headers, List.of(), denial);
    }

    /** OpenAI's six headers, each pair for the limit with the least room left. */
    private Map<String, String> headers(List<AppliedLimit> limits, long now) {
        Map<String, String> headers = new LinkedHashMap<>();
        tightest(limits, REQUESTS, now, headers);
        tightest(limits, TOKENS, now, headers);
        return headers;
    }

    private void tightest(List<AppliedLimit> limits, String metric, long now, Map<String, String> headers) {
        TokenBucket tightest = null;
        for (AppliedLimit limit : limits) {
            long capacity = metric.equals(REQUESTS) ? limit.rule().rpm() : limit.rule().tpm();
            if (capacity > 0) {
                TokenBucket bucket = bucket(limit, metric, capacity, now);
                if (tightest == null || bucket.available(now) < tightest.available(now)
                        || bucket.available(now) == tightest.available(now) && bucket.capacity() < tightest.capacity()) {
                    tightest = bucket;
                }
            }
        }
        if (tightest != null) {
            headers.put("x-ratelimit-limit-" + metric, Long.toString(tightest.capacity()));
            headers.put("x-ratelimit-remaining-" + metric, Long.toString(tightest.available(now)));
            headers.put("x-ratelimit-reset-" + metric, ResetDuration.format(tightest.nanosUntilFull(now)));
        }
    }

    private static RateLimitDenial exceeded(String metric, AppliedLimit limit, String model, TokenBucket bucket,
            long requested, long waitNanos, long now) {
        String unit = metric.equals(REQUESTS) ? "requests per min (RPM)" : "tokens per min (TPM)";
        long used = bucket.capacity() - bucket.available(now);
        String message = "Rate limit reached for " + model + " in " + limit.described() + " on " + unit + ": Limit " + bucket.capacity() + ", Used " + used
                + ", Requested " + requested + ". Please try again in " + ResetDuration.format(waitNanos) + ".";
        return new RateLimitDenial(metric, limit.counted().label(), message, ResetDuration.retryAfterSeconds(waitNanos));
    }

    private static RateLimitDenial tooLarge(AppliedLimit limit, String model, long tpm, long requested) {
        String message = "Request too large for " + model + " in " + limit.described() + " on tokens per min (TPM): Limit " + tpm + ", Requested " + requested
                + ". The input or output tokens must be reduced in order to run successfully.";
        return new RateLimitDenial(TOKENS, limit.counted().label(), message, 0);
    }

    private record Charge(TokenBucket bucket, long amount, boolean tokens) {}
}
