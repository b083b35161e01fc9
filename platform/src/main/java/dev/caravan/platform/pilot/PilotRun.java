package dev.caravan.platform.pilot;

import dev.caravan.platform.pricing.PricingCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs steps 4–6 of a pilot against the candidate and decides: {@code go} when the transport test
 * passes, every required capability passes and the finance test does not fail.
 */
public final class PilotRun {

    private PilotRun() {}

    /**
     * @param key        the candidate key (never written anywhere)
     * @param adminToken the Caravan admin token for the receipt checks, or null
     */
    public static PilotReport run(PilotPlan plan, String key, String adminToken, PricingCatalog catalog) {
        String started = Instant.now().toString();
        try (PilotHttp http = new PilotHttp()) {
            Calls calls = new Calls(http, plan.candidate().baseUrl(), key);
            PilotReport.Transport transport = TransportTest.run(calls, plan);
            List<PilotReport.Capability> capabilities = CapabilityTests.run(calls, plan);
            List<PilotReport.Call> made = calls.made();
            boolean caravan = made.stream().anyMatch(c -> c.traceId() != null);
            PilotReport.Finance finance;
            if (!caravan) {
                long withUsage = made.stream().filter(c -> c.promptTokens() != null).count();
                finance = new PilotReport.Finance("not applicable", "the target sent no x-caravan-trace-id, so it is not a Caravan gateway "
                        + "and keeps no receipts; " + withUsage + " of " + made.size() + " answers reported usage tokens", List.of(), null);
            } else if (plan.adminUrl() == null || adminToken == null || adminToken.isBlank()) {
                finance = new PilotReport.Finance("not applicable", "the target is Caravan, but no --admin-url and --admin-token were given "
                        + "to read its receipts", List.of(), null);
            } else {
                finance = new ReceiptAudit(http, plan.adminUrl(), adminToken, catalog).run(made, plan, started);
            }
            List<String> reasons = new ArrayList<>();
            if (!transport.pass()) {
                reasons.add("transport: " + transport.ok() + " of " + transport.calls().size() + " calls answered 2xx"
                        + (transport.badRequest().pass() ? "" : "; bad request: " + transport.badRequest().message())
                        + (transport.badKey().pass() ? "" : "; bad key: " + transport.badKey().message()));
            }
            for (PilotReport.Capability c : capabilities) {
                if (plan.required().contains(c.name()) && !c.verdict().equals("pass")) {
                    reasons.add("required capability " + c.name() + " is " + c.verdict() + ": " + c.detail());
                }
            }
            if (finance.verdict().equals("fail")) {
                reasons.add("finance: " + finance.reason());
            }
            return new PilotReport(plan, started, caravan ? "caravan" : "openai-compatible", transport, capabilities, finance,
                    new PilotReport.Quota(calls.rateLimitHeaders()), reasons.isEmpty() ? "go" : "no-go", reasons);
        }
    }
}
