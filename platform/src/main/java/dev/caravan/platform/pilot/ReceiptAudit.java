package dev.caravan.platform.pilot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.Usage;
import dev.caravan.platform.config.PriceRow;
import dev.caravan.platform.pricing.CostCalculator;
import dev.caravan.platform.pricing.PricingCatalog;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Step 6 where the candidate is Caravan: for every call made with the candidate key, its receipt
 * from {@code GET /admin/v1/receipts?trace_id=} (polled until {@link #RECEIPT_WAIT}: receipts are
 * stored in batches); tokens present and equal to the answer's usage; cost and price row present
 * and equal to {@link CostCalculator}'s arithmetic on the receipt's tokens with that row of the
 * catalog; the expected price row where one is named; then the admin usage report's row for the
 * candidate alias (where the usage shows up).
 */
final class ReceiptAudit {

    static final Duration RECEIPT_WAIT = Duration.ofSeconds(15);

    private final PilotHttp http;
    private final String adminUrl;
    private final String token;
    private final PricingCatalog catalog;

    ReceiptAudit(PilotHttp http, String adminUrl, String token, PricingCatalog catalog) {
        this.http = http;
        this.adminUrl = adminUrl.endsWith("/") ? adminUrl.substring(0, adminUrl.length() - 1) : adminUrl;
        this.token = token;
        this.catalog = catalog;
    }

    PilotReport.Finance run(List<PilotReport.Call> calls, PilotPlan plan, String since) {
        List<PilotReport.ReceiptCheck> checks = new ArrayList<>();
        for (PilotReport.Call call : calls) {
            checks.add(check(call, plan));
        }
        long pilotCalls = calls.stream().filter(c -> c.status() / 100 == 2 && c.model().equals(plan.candidate().alias())).count();
        String usage = usage(plan.candidate().alias(), since, pilotCalls);
        String firstFailure = checks.stream().filter(c -> !c.pass()).map(c -> c.step() + " " + c.traceId() + ": " + c.detail()).findFirst()
                .orElse(usage.startsWith("FAIL") ? usage : null);
        return new PilotReport.Finance(firstFailure == null ? "pass" : "fail", firstFailure, checks, usage);
    }

    private PilotReport.ReceiptCheck check(PilotReport.Call call, PilotPlan plan) {
        if (call.traceId() == null) {
            return new PilotReport.ReceiptCheck(null, call.step(), false, null, null, null, false,
                    "the answer had no x-caravan-trace-id (" + call.error() + ")");
        }
        JsonNode receipt;
        try {
            receipt = receipt(call.traceId());
        } catch (IllegalStateException refused) {
            return new PilotReport.ReceiptCheck(call.traceId(), call.step(), false, null, null, null, false, refused.getMessage());
        }
        if (receipt == null) {
            return new PilotReport.ReceiptCheck(call.traceId(), call.step(), false, null, null, null, false,
                    "no receipt with this trace id within " + RECEIPT_WAIT.toSeconds() + " s");
        }
        String priceId = receipt.path("price_id").asText(null);
        String cost = receipt.path("cost_usd").isNull() ? null : receipt.path("cost_usd").asText(null);
        if (call.status() / 100 != 2) {
            boolean zero = cost != null && new BigDecimal(cost).signum() == 0;
            return new PilotReport.ReceiptCheck(call.traceId(), call.step(), true, priceId, cost, null, zero,
                    zero ? "receipt of the refused call (status " + receipt.path("status").asInt() + "), cost 0"
                            : "a refused call was charged " + cost);
        }
        List<String> problems = new ArrayList<>();
        for (String field : List.of("prompt_tokens", "completion_tokens")) {
            if (!receipt.path(field).isIntegralNumber()) {
                problems.add(field + " missing");
            }
        }
        if (call.promptTokens() != null && receipt.path("prompt_tokens").asLong() != call.promptTokens()) {
            problems.add("prompt_tokens " + receipt.path("prompt_tokens").asLong() + " but the answer reported " + call.promptTokens());
        }
        if (call.completionTokens() != null && receipt.path("completion_tokens").asLong() != call.completionTokens()) {
            problems.add("completion_tokens " + receipt.path("completion_tokens").asLong() + " but the answer reported " + call.completionTokens());
        }
        String recomputed = null;
        if (priceId == null || cost == null) {
            problems.add("no cost (pricing " + receipt.path("pricing").asText() + ")");
        } else {
            Optional<PriceRow> row = catalog.rows().stream().filter(r -> r.id().equals(priceId)).findFirst();
            if (row.isEmpty()) {
                problems.add("price row " + priceId + " is not in the catalog this pilot reads (pass --config with the gateway's caravan.yaml)");
            } else {
                Usage usage = new Usage(receipt.path("prompt_tokens").asLong(), receipt.path("completion_tokens").asLong(),
                        receipt.path("cached_tokens").asLong(), receipt.path("cache_write_tokens").asLong(),
                        receipt.path("reasoning_tokens").asLong(), true);
                BigDecimal expected = CostCalculator.cost(row.get(), usage, call.images()).usd();
                recomputed = expected.toPlainString();
                if (expected.compareTo(new BigDecimal(cost)) != 0) {
                    problems.add("cost_usd " + cost + " but " + priceId + " gives " + recomputed);
                }
            }
            String expectedRow = plan.candidate().expectedPriceRow();
            if (expectedRow != null && call.model().equals(plan.candidate().alias()) && !expectedRow.equals(priceId)) {
                problems.add("priced with " + priceId + ", expected " + expectedRow);
            }
        }
        String detail = problems.isEmpty() ? "tokens " + receipt.path("prompt_tokens").asLong() + "+" + receipt.path("completion_tokens").asLong()
                + ", USD " + cost + " = " + priceId + " arithmetic" : String.join("; ", problems);
        return new PilotReport.ReceiptCheck(call.traceId(), call.step(), true, priceId, cost, recomputed, problems.isEmpty(), detail);
    }

    private JsonNode receipt(String traceId) {
        long deadline = System.nanoTime() + RECEIPT_WAIT.toNanos();
        while (true) {
            String path = "/receipts?trace_id=" + URLEncoder.encode(traceId, StandardCharsets.UTF_8);
            PilotHttp.Answer answer = http.get(URI.create(adminUrl + "/admin/v1" + path),
                    Map.of("authorization", "Bearer " + token, "accept", "application/json"));
            if (answer.status() != 200) {
                throw new IllegalStateException("GET " + adminUrl + "/admin/v1/receipts answered "
                        + (answer.failure() != null ? answer.failure() : Calls.errorText(answer.status(), Calls.parse(answer.body()), answer.body())));
            }
            JsonNode page = Calls.parse(answer.body());
            if (page.path("data").size() > 0) {
                return page.path("data").get(0);
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /** The admin usage row of the alias since the pilot started. */
    private String usage(String alias, String since, long pilotCalls) {
        String path = "/usage?group_by=alias&period=month&since=" + URLEncoder.encode(since, StandardCharsets.UTF_8);
        JsonNode report = admin(path);
        if (report == null) {
            return "FAIL: GET " + adminUrl + "/admin/v1" + path + " did not answer 200";
        }
        long requests = 0;
        long prompt = 0;
        long completion = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (JsonNode row : report.path("data")) {
            if (alias.equals(row.path("group").asText())) {
                requests += row.path("requests").asLong();
                prompt += row.path("prompt_tokens").asLong();
                completion += row.path("completion_tokens").asLong();
                cost = cost.add(new BigDecimal(row.path("cost_usd").asText("0")));
            }
        }
        String line = "GET /admin/v1" + path + ": alias " + alias + " " + requests + " requests, " + prompt + " prompt and "
                + completion + " completion tokens, USD " + cost.toPlainString() + " (caravan usage report --by alias shows the same)";
        return requests >= pilotCalls ? line : "FAIL: " + line + ", fewer than the pilot's " + pilotCalls + " answered calls";
    }

    private JsonNode admin(String pathAndQuery) {
        PilotHttp.Answer answer = http.get(URI.create(adminUrl + "/admin/v1" + pathAndQuery),
                Map.of("authorization", "Bearer " + token, "accept", "application/json"));
        return answer.status() == 200 ? Calls.parse(answer.body()) : null;
    }
}
