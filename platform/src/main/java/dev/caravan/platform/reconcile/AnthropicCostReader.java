package dev.caravan.platform.reconcile;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic's Usage and Cost Admin API, cost report ({@code GET /v1/organizations/cost_report},
 * reference: https://platform.claude.com/docs/en/api/admin/cost_report): buckets with
 * {@code starting_at}/{@code ending_at}, results with {@code amount} — a decimal string in the
 * currency's lowest unit, so {@code "123.45"} USD is $1.2345 — {@code currency}, and, with
 * {@code group_by[]=description}, {@code model}, {@code token_type}, {@code service_tier}.
 */
public final class AnthropicCostReader implements BillReader {

    private static final BigDecimal CENTS = BigDecimal.valueOf(100);

    record Page(@JsonProperty(value = "data", required = true) List<Bucket> data) {
    }

    record Bucket(@JsonProperty(value = "starting_at", required = true) String startingAt,
            @JsonProperty(value = "results", required = true) List<Result> results) {
        LocalDate day() {
            return AnthropicBuckets.day("starting_at", startingAt);
        }

        Bucket {
            AnthropicBuckets.day("starting_at", startingAt);
        }
    }

    record Result(@JsonProperty(value = "amount", required = true) String amount,
            @JsonProperty(value = "currency", required = true) String currency,
            @JsonProperty("cost_type") String costType,
            @JsonProperty("model") String model,
            @JsonProperty("token_type") String tokenType,
            @JsonProperty("service_tier") String serviceTier,
            @JsonProperty("workspace_id") String workspaceId) {
        Result {
            try {
                new BigDecimal(amount == null ? "" : amount);
            } catch (NumberFormatException e) {
                throw new FieldProblem("amount", "must be a decimal string like \"123.45\" (cents), got " + amount);
            }
            if (!"USD".equalsIgnoreCase(currency)) {
                throw new FieldProblem("currency", "only USD bills are compared (receipts are priced in USD), got " + currency);
            }
            if ((model == null || model.isBlank()) && (costType == null || "tokens".equals(costType))) {
                throw new FieldProblem("model", "missing: export with group_by[]=description so costs can be matched per model");
            }
        }
    }

    @Override
    public String id() {
        return "anthropic-cost-report";
    }

    @Override
    public String description() {
        return "Anthropic Cost API JSON (GET /v1/organizations/cost_report?group_by[]=description)";
    }

    @Override
    public boolean recognises(JsonNode document) {
        return AnthropicBuckets.recognises(document, "amount");
    }

    @Override
    public List<BillRow> read(String text) throws BadBill {
        List<BillRow> rows = new ArrayList<>();
        for (Bucket bucket : JsonBill.bind(text, Page.class).data()) {
            for (Result r : bucket.results()) {
                String model = r.model() == null || r.model().isBlank() ? "(" + r.costType() + ")" : r.model();
                rows.add(new BillRow(bucket.day(), model, r.workspaceId(), null, null, null, null,
                        new BigDecimal(r.amount()).divide(CENTS), r.tokenType() != null && r.tokenType().contains("cache_read"),
                        "batch".equals(r.serviceTier())));
            }
        }
        return rows;
    }
}
