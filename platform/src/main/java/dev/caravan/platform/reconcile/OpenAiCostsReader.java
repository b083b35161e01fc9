package dev.caravan.platform.reconcile;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * OpenAI's organization Costs API ({@code GET /v1/organization/costs}, reference:
 * https://platform.openai.com/docs/api-reference/usage/costs): a page of daily buckets, each with
 * results carrying {@code amount.value}/{@code amount.currency}, {@code line_item} and
 * {@code project_id}. Matching per model needs {@code group_by=line_item}; OpenAI's line items read
 * {@code "<model>, <kind>"} ({@code "gpt-4o-mini-2024-07-18, input"}, {@code "..., cached input"}).
 */
public final class OpenAiCostsReader implements BillReader {

    static final String RESULT = "organization.costs.result";

    record Page(@JsonProperty(value = "data", required = true) List<Bucket> data) {
    }

    record Bucket(@JsonProperty(value = "start_time", required = true) Long startTime,
            @JsonProperty(value = "end_time", required = true) Long endTime,
            @JsonProperty(value = "results", required = true) List<Result> results) {
        Bucket {
            FieldProblem.nonNegative("start_time", startTime);
            if (endTime == null || endTime <= startTime) {
                throw new FieldProblem("end_time", "must be after start_time, got " + endTime);
            }
        }
    }

    record Amount(@JsonProperty(value = "value", required = true) BigDecimal value,
            @JsonProperty(value = "currency", required = true) String currency) {
        Amount {
            if (value == null) {
                throw new FieldProblem("value", "required, got null");
            }
            if (currency == null || !currency.toLowerCase(Locale.ROOT).equals("usd")) {
                throw new FieldProblem("currency", "only usd bills are compared (receipts are priced in USD), got " + currency);
            }
        }
    }

    record Result(@JsonProperty(value = "amount", required = true) Amount amount,
            @JsonProperty("line_item") String lineItem,
            @JsonProperty("project_id") String projectId) {
        Result {
            if (amount == null) {
                throw new FieldProblem("amount", "required, got null");
            }
            if (lineItem == null || lineItem.isBlank()) {
                throw new FieldProblem("line_item", "missing: export with group_by=line_item so costs can be matched per model");
            }
        }
    }

    @Override
    public String id() {
        return "openai-costs";
    }

    @Override
    public String description() {
        return "OpenAI Costs API JSON (GET /v1/organization/costs?group_by=line_item)";
    }

    @Override
    public boolean recognises(JsonNode document) {
        return RESULT.equals(BillFormats.firstResultObject(document));
    }

    @Override
    public List<BillRow> read(String text) throws BadBill {
        List<BillRow> rows = new ArrayList<>();
        for (Bucket bucket : JsonBill.bind(text, Page.class).data()) {
            for (Result r : bucket.results()) {
                String item = r.lineItem().strip();
                int comma = item.indexOf(", ");
                String model = comma < 0 ? item : item.substring(0, comma);
                String kind = comma < 0 ? "" : item.substring(comma + 2).toLowerCase(Locale.ROOT);
                rows.add(new BillRow(JsonBill.day(bucket.startTime()), model, r.projectId(), null, null, null, null,
                        r.amount().value(), kind.contains("cached"), kind.contains("batch")));
            }
        }
        return rows;
    }
}
