// Budget policy: refuses a tenant's requests with 429 once its model calls cost more than
// HOURLY_LIMIT_USD over the last hour (a sliding hour, which no budget period offers).
//
// Enable:  cp policies/examples/budgets/hourly-spend-cap.groovy policies/budgets/
// It applies to every tenant. The spend is what the tenant's receipts cost (receipts are stored
// within receipts.flush_interval_ms; the sum is reused for at most a second), so a burst of
// concurrent requests can pass the cap by what they cost together: pair it with a budget when the
// limit must be exact.

import java.time.Duration

def HOURLY_LIMIT_USD = 5.00

beforeRequest { req ->
    def spent = spend.tenantSpentSince(req.tenant, Duration.ofHours(1))
    if (spent > HOURLY_LIMIT_USD) {
        return deny(429, 'hourly_spend_exceeded',
                "Tenant ${req.tenant} spent \$${spent} in the last hour (limit \$${HOURLY_LIMIT_USD}); try again later")
    }
    allow()
}
