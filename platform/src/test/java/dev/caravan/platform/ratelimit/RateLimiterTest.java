package dev.caravan.platform.ratelimit;

import dev.caravan.platform.config.RateLimitRule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.config.Scope;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong(0);

    private RateLimiter limiter(RateLimitRule... rules) {
        return new RateLimiter(List.of(rules), clock::get);
    }

    private static RateLimitRule rule(Scope.Kind kind, String id, long rpm, long tpm) {
        return new RateLimitRule(new Scope(kind, null, id), rpm, tpm, RateLimitRule.DEFAULT_MAX_TOKENS);
    }

    private static Admission admit(RateLimiter limiter, String key, String tenant, String alias, long tokens) {
        return limiter.admit(limiter.applicable(key, tenant, alias), alias, defaultMax -> tokens);
    }

    @Test
    void should_refuse_the_request_after_the_rpm_when_in_one_minute() {
        RateLimiter limiter = limiter(rule(Scope.Kind.TENANT, "acme", 3, 0));
        for (int i = 0; i < 3; i++) {
            assertTrue(admit(limiter, "alice", "acme", "fast", 0).allowed());
        }

        Admission fourth = admit(limiter, "alice", "acme", "fast", 0);

        assertFalse(fourth.allowed());
        assertEquals("requests", fourth.denial().type());
        assertEquals("tenant:acme", fourth.denial().scope());
        assertEquals(20, fourth.denial().retryAfterSeconds());
        assertEquals("Rate limit reached for fast in tenant acme on requests per min (RPM): Limit 3, Used 3, Requested 1."
                + " Please try again in 20s.", fourth.denial().message());
        assertEquals("20", fourth.headers().get("retry-after"));
        assertEquals("0", fourth.headers().get("x-ratelimit-remaining-requests"));
    }

    @Test
    void should_admit_again_when_the_bucket_has_refilled() {
        RateLimiter limiter = limiter(rule(Scope.Kind.KEY, "alice", 3, 0));
        for (int i = 0; i < 3; i++) {
            admit(limiter, "alice", "acme", "fast", 0);
        }

        clock.set(20 * SECOND);

        assertTrue(admit(limiter, "alice", "acme", "fast", 0).allowed());
        assertFalse(admit(limiter, "alice", "acme", "fast", 0).allowed());
    }

    @Test
    void should_charge_no_bucket_when_another_limit_refuses() {
        RateLimiter limiter = limiter(rule(Scope.Kind.KEY, "alice", 100, 0),
                rule(Scope.Kind.ALIAS, "fast", 1, 0));
        assertTrue(admit(limiter, "alice", "acme", "fast", 0).allowed());

        assertFalse(admit(limiter, "alice", "acme", "fast", 0).allowed());

        Admission other = admit(limiter, "alice", "acme", "slow", 0);
        assertEquals("98", other.headers().get("x-ratelimit-remaining-requests"));
    }

    @Test
    void should_refuse_tokens_when_the_estimate_does_not_fit() {
        RateLimiter limiter = limiter(rule(Scope.Kind.TENANT, "acme", 0, 1000));
        assertTrue(admit(limiter, "alice", "acme", "fast", 700).allowed());

        Admission second = admit(limiter, "alice", "acme", "fast", 400);

        assertEquals("tokens", second.denial().type());
        assertEquals(6, second.denial().retryAfterSeconds()); // 100 missing at 1000 per minute
        assertEquals("300", second.headers().get("x-ratelimit-remaining-tokens"));
    }

    @Test
    void should_refund_the_unused_estimate_when_settled() {
        RateLimiter limiter = limiter(rule(Scope.Kind.TENANT, "acme", 0, 1000));
        Admission first = admit(limiter, "alice", "acme", "fast", 700);

        limiter.settle(first.charges(), 100);

        assertEquals("900", admit(limiter, "alice", "acme", "fast", 0).headers().get("x-ratelimit-remaining-tokens"));
    }

    @Test
    void should_debit_the_extra_when_usage_exceeds_the_estimate() {
        RateLimiter limiter = limiter(rule(Scope.Kind.TENANT, "acme", 0, 1000));
        Admission first = admit(limiter, "alice", "acme", "fast", 100);

        limiter.settle(first.charges(), 400);

        assertEquals("600", admit(limiter, "alice", "acme", "fast", 0).headers().get("x-ratelimit-remaining-tokens"));
    }

    @Test
    void should_keep_the_estimate_when_usage_is_unknown() {
        RateLimiter limiter = limiter(rule(Scope.Kind.TENANT, "acme", 0, 1000));
        Admission first = admit(limiter, "alice", "acme", "fast", 300);

        limiter.settle(first.charges(), -1);

        assertEquals("700", admit(limiter, "alice", "acme", "fast", 0).headers().get("x-ratelimit-remaining-tokens"));
    }

    @Test
    void should_refuse_without_retry_after_when_one_request_exceeds_the_tpm() {
        RateLimiter limiter = limiter(rule(Scope.Kind.ALIAS, "fast", 0, 1000));

        Admission huge = admit(limiter, "alice", "acme", "fast", 1001);

        assertEquals(0, huge.denial().retryAfterSeconds());
        assertNull(huge.headers().get("retry-after"));
        assertTrue(huge.denial().message().startsWith("Request too large for fast in alias fast on tokens per min (TPM): Limit 1000, Requested 1001."));
    }

    @Test
    void should_give_every_key_its_own_bucket_when_the_scope_is_every_key() {
        RateLimiter limiter = limiter(rule(Scope.Kind.KEY, "*", 1, 0));
        assertTrue(admit(limiter, "alice", "acme", "fast", 0).allowed());

        assertTrue(admit(limiter, "bob", "acme", "fast", 0).allowed());
        assertFalse(admit(limiter, "alice", "acme", "fast", 0).allowed());
    }

    @Test
    void should_prefer_the_named_rule_over_every_key_when_both_exist() {
        RateLimiter limiter = limiter(rule(Scope.Kind.KEY, "*", 1, 0), rule(Scope.Kind.KEY, "batch", 5, 0));

        Admission batch = admit(limiter, "batch", "acme", "fast", 0);

        assertEquals("5", batch.headers().get("x-ratelimit-limit-requests"));
        assertEquals("4", batch.headers().get("x-ratelimit-remaining-requests"));
    }

    @Test
    void should_report_the_tightest_limit_in_the_headers_when_several_apply() {
        RateLimiter limiter = limiter(rule(Scope.Kind.TENANT, "acme", 600, 100_000),
                rule(Scope.Kind.KEY, "alice", 10, 50_000));

        Admission admission = admit(limiter, "alice", "acme", "fast", 1000);

        assertEquals("10", admission.headers().get("x-ratelimit-limit-requests"));
        assertEquals("9", admission.headers().get("x-ratelimit-remaining-requests"));
        assertEquals("6s", admission.headers().get("x-ratelimit-reset-requests"));
        assertEquals("50000", admission.headers().get("x-ratelimit-limit-tokens"));
        assertEquals("49000", admission.headers().get("x-ratelimit-remaining-tokens"));
        assertEquals("1.2s", admission.headers().get("x-ratelimit-reset-tokens"));
    }

    private static Admission admit(RateLimiter limiter, java.util.Map<String, String> metadata) {
        return limiter.admit(limiter.applicable(new Scope.RequestScope("acme", "alice", "fast", metadata)), "fast", defaultMax -> 0);
    }

    @Test
    void should_count_every_request_in_one_bucket_when_the_scope_is_global() {
        RateLimiter limiter = limiter(new RateLimitRule(Scope.GLOBAL, 2, 0, RateLimitRule.DEFAULT_MAX_TOKENS));
        assertTrue(admit(limiter, "alice", "acme", "fast", 0).allowed());
        assertTrue(admit(limiter, "bob", "beta", "slow", 0).allowed());

        Admission third = admit(limiter, "carol", "gamma", "other", 0);

        assertFalse(third.allowed());
        assertEquals("global", third.denial().scope());
        assertTrue(third.denial().message().contains(" in the gateway on requests per min"), third.denial().message());
    }

    @Test
    void should_give_each_metadata_value_its_own_bucket_and_skip_requests_without_the_field() {
        RateLimiter limiter = limiter(new RateLimitRule(Scope.metadata("project", "*"), 1, 0, RateLimitRule.DEFAULT_MAX_TOKENS));
        assertTrue(admit(limiter, java.util.Map.of("project", "p1")).allowed());
        assertTrue(admit(limiter, java.util.Map.of("project", "p2")).allowed());
        assertTrue(admit(limiter, java.util.Map.of()).allowed());
        assertTrue(admit(limiter, java.util.Map.of()).allowed());

        Admission again = admit(limiter, java.util.Map.of("project", "p1"));

        assertFalse(again.allowed());
        assertEquals("metadata.project:p1", again.denial().scope());
    }
}
