package dev.caravan.platform.ratelimit;

import dev.caravan.platform.config.RateLimitRule;

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
 * <p>The buckets live in this node's memory: N gateway nodes allow N times the configured rate. A
 * {@code shared: true} rule counts per calendar minute in the database instead, through a local
 * lease ({@link SharedWindowCounter}), exact across nodes; when its lease is short, {@link #admit}
 * names the leases to take ({@link #lease}, on the storage executor) rather than waiting.
 * {@code concurrent} rules count requests in flight on this node ({@link InFlightSlots}).
 */
public final class RateLimiter {

    private static final String REQUESTS = "requests";
    private static final String TOKENS = "tokens";

    // Per kind (tenant, key, alias; metadata by field), the rule naming a value or "*".
    private final Map<String, Map<String, RateLimitRule>> rules = new LinkedHashMap<>();
    private RateLimitRule global;
    private final LongSupplier clock;
    private final InFlightSlots slots = new InFlightSlots();
    private final Cache<String, SharedWindowCounter> sharedCounters = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(5))
            .build();
    private LeaseStore store;
    private java.util.concurrent.Executor storeExecutor;
    private LongSupplier millis = System::currentTimeMillis;
    private long purgedAt = Long.MIN_VALUE;
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

    public List<AppliedLimit> applicable(String keyName, String tenant, String alias) {
        return applicable(new Scope.RequestScope(tenant, keyName, alias, Map.of()));
    }

    private void add(List<AppliedLimit> applied, Scope counted) {
        Map<String, RateLimitRule> ofKind = rules.getOrDefault(counted.configKey(), Map.of());
        RateLimitRule rule = counted.value() == null ? null : ofKind.getOrDefault(counted.value(), ofKind.get(Scope.EVERY));
        if (rule != null) {
            applied.add(new AppliedLimit(rule, counted));
        }
    }

    /** Shared limits count through {@code store} on {@code executor}; without it a shared rule cannot run. */
    public synchronized void shareThrough(org.jdbi.v3.core.Jdbi jdbi, java.util.concurrent.Executor executor, LongSupplier millis) {
        this.store = new LeaseStore(jdbi);
        this.storeExecutor = executor;
        this.millis = millis;
    }

    /** The path of the first {@code shared: true} rule, when there is one. */
    public boolean hasShared() {
        return (global != null && global.shared())
                || rules.values().stream().flatMap(m -> m.values().stream()).anyMatch(RateLimitRule::shared);
    }

    public Admission admit(List<AppliedLimit> limits, String model, LongUnaryOperator estimateTokens) {
        return admit(limits, model, estimateTokens, true);
    }

    /**
     * Checks and charges one request against {@code limits}. When a shared limit's local lease is
     * short and {@code leaseTried} is false, nothing is charged and the answer names the leases to
     * take first ({@link #lease}); with {@code leaseTried}, a lease still short is a store error.
     *
     * @param model          the requested model, for the message
     * @param estimateTokens a rule's {@code defaultMaxTokens} → the tokens this request is charged
     */
    public synchronized Admission admit(List<AppliedLimit> limits, String model, LongUnaryOperator estimateTokens, boolean leaseTried) {
        long now = clock.getAsLong();
        Decision decision = new Decision(model, now, leaseTried);
        for (AppliedLimit limit : limits) {
            RateLimitRule rule = limit.rule();
            if (rule.concurrent() > 0) {
                long busy = slots.inFlight(limit.counted().label());
                if (busy >= rule.concurrent()) {
                    decision.deny(1_000_000_000L, tooManyInFlight(limit, model, rule.concurrent(), busy));
                }
            }
            if (rule.rpm() > 0) {
                decision.check(limit, REQUESTS, rule.rpm(), 1);
            }
            if (rule.tpm() > 0) {
                long estimate = estimateTokens.applyAsLong(rule.defaultMaxTokens());
                if (estimate > rule.tpm()) {
                    return refused(limits, tooLarge(limit, model, rule.tpm(), estimate), now);
                }
                decision.check(limit, TOKENS, rule.tpm(), estimate);
            }
        }
        if (decision.denial != null) {
            return refused(limits, decision.denial, now);
        }
        if (!decision.needs.isEmpty()) {
            return Admission.needsLeases(decision.needs);
        }
        List<Admission.TokenCharge> charges = new ArrayList<>();
        for (Charge charge : decision.toCharge) {
            charge.bucket().take(charge.amount(), now);
            if (charge.tokens()) {
                charges.add(new Admission.TokenCharge(charge.bucket(), charge.amount(), charge.window()));
            }
        }
        List<InFlightSlots.Slot> taken = new ArrayList<>();
        for (AppliedLimit limit : limits) {
            if (limit.rule().concurrent() > 0) {
                taken.add(slots.take(limit.counted().label()));
            }
        }
        return new Admission(headers(limits, now), charges, taken, null, List.of());
    }

    /** Leases what {@code needs} names from the database, on the storage executor; completes when all answered. */
    public synchronized java.util.concurrent.CompletableFuture<Void> lease(List<Admission.LeaseNeed> needs) {
        purgeOldWindows();
        return java.util.concurrent.CompletableFuture.allOf(needs.stream()
                .map(need -> need.counter().lease(need.amount()))
                .toArray(java.util.concurrent.CompletableFuture[]::new));
    }

    private void purgeOldWindows() {
        long minute = Math.floorDiv(millis.getAsLong(), SharedWindowCounter.WINDOW_MS);
        if (minute == purgedAt) {
            return;
        }
        purgedAt = minute;
        LeaseStore purging = store;
        try {
            storeExecutor.execute(() -> {
                try {
                    purging.purgeBefore(minute - 60); // an hour of finished windows stays, for inspection
                } catch (RuntimeException e) {
                    // the next minute tries again
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    /** One request's checks against all its limits, before anything is charged. */
    private final class Decision {
        final String model;
        final long now;
        final boolean leaseTried;
        RateLimitDenial denial;
        long longestWait = -1;
        final List<Charge> toCharge = new ArrayList<>();
        final List<Admission.LeaseNeed> needs = new ArrayList<>();

        Decision(String model, long now, boolean leaseTried) {
            this.model = model;
            this.now = now;
            this.leaseTried = leaseTried;
        }

        void deny(long wait, RateLimitDenial refusal) {
            if (wait > longestWait) {
                longestWait = wait;
                denial = refusal;
            }
        }

        void check(AppliedLimit limit, String metric, long capacity, long amount) {
            if (limit.rule().shared()) {
                SharedWindowCounter counter = shared(limit, metric, capacity);
                switch (counter.status(amount)) {
                    case OK -> {
                        toCharge.add(new Charge(counter, amount, metric.equals(TOKENS), counter.window()));
                        return;
                    }
                    case FULL -> {
                        long wait = counter.millisUntilWindowEnd() * 1_000_000L;
                        deny(wait, exceeded(metric, limit, model, counter, amount, wait, now));
                        return;
                    }
                    case NEEDS_LEASE -> {
                        if (!leaseTried) {
                            needs.add(new Admission.LeaseNeed(counter, amount));
                            return;
                        }
                    }
                    case STORE_FAILED -> { }
                }
                if (limit.rule().onStoreError() == RateLimitRule.StoreErrorMode.DENY) {
                    deny(1_000_000_000L, storeUnavailable(limit, model, metric));
                    return;
                }
                // on_store_error: local, counted on this node's own bucket until the database answers
            }
            TokenBucket bucket = bucket(limit, metric, capacity, now);
            long wait = bucket.nanosUntil(amount, now);
            if (wait > 0) {
                deny(wait, exceeded(metric, limit, model, bucket, amount, wait, now));
            }
            toCharge.add(new Charge(bucket, amount, metric.equals(TOKENS), 0));
        }
    }

    private SharedWindowCounter shared(AppliedLimit limit, String metric, long capacity) {
        if (store == null) {
            throw new IllegalStateException("a shared rate limit needs the database: call shareThrough first");
        }
        return sharedCounters.get(limit.counted().label() + "/" + metric,
                key -> new SharedWindowCounter(key, capacity, this, millis, store, storeExecutor));
    }

    /**
     * Corrects the up-front token charges to what the request used: refunds the difference, or
     * debits the extra (a bucket may go into debt), and frees its in-flight slots. Called once per
     * admitted request; {@code usedTokens} below zero means unknown, and the estimate stands. A
     * shared charge is corrected only while its minute lasts: after it, the window is closed.
     */
    public synchronized void settle(List<Admission.TokenCharge> charges, List<InFlightSlots.Slot> taken, long usedTokens) {
        taken.forEach(slots::release);
        if (usedTokens < 0) {
            return;
        }
        long now = clock.getAsLong();
        for (Admission.TokenCharge charge : charges) {
            if (charge.bucket() instanceof SharedWindowCounter counter && counter.window() != charge.window()) {
                continue;
            }
            long difference = usedTokens - charge.tokens();
            if (difference < 0) {
                charge.bucket().refund(-difference, now);
            } else if (difference > 0) {
                charge.bucket().take(difference, now);
            }
        }
    }

    public synchronized void settle(List<Admission.TokenCharge> charges, long usedTokens) {
        settle(charges, List.of(), usedTokens);
    }

    private TokenBucket bucket(AppliedLimit limit, String metric, long capacity, long now) {
        return buckets.get(limit.counted().label() + "/" + metric, id -> new TokenBucket(capacity, now));
    }

    private Allowance allowance(AppliedLimit limit, String metric, long capacity, long now) {
        return limit.rule().shared() && store != null ? shared(limit, metric, capacity) : bucket(limit, metric, capacity, now);
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
        Allowance tightest = null;
        for (AppliedLimit limit : limits) {
            long capacity = metric.equals(REQUESTS) ? limit.rule().rpm() : limit.rule().tpm();
            if (capacity > 0) {
                Allowance bucket = allowance(limit, metric, capacity, now);
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

    private static RateLimitDenial exceeded(String metric, AppliedLimit limit, String model, Allowance bucket,
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

    private record Charge(Allowance bucket, long amount, boolean tokens, long window) {}

    private static RateLimitDenial tooManyInFlight(AppliedLimit limit, String model, long concurrent, long busy) {
        String message = "Concurrency limit reached for " + model + " in " + limit.described() + " on requests in flight: Limit "
                + concurrent + ", In flight " + busy + ", Requested 1. Please try again when one of them has finished.";
        return new RateLimitDenial(REQUESTS, limit.counted().label(), message, 1);
    }

    private static RateLimitDenial storeUnavailable(AppliedLimit limit, String model, String metric) {
        String unit = metric.equals(REQUESTS) ? "requests per min (RPM)" : "tokens per min (TPM)";
        String message = "Rate limit for " + model + " in " + limit.described() + " on " + unit
                + " cannot be checked right now (its shared count did not answer in time). Please try again in 1s.";
        return new RateLimitDenial(metric, limit.counted().label(), message, 1);
    }
}
