package dev.caravan.platform.reconcile;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI's organization Usage API for completions ({@code GET /v1/organization/usage/completions},
 * reference: https://platform.openai.com/docs/api-reference/usage/completions): daily buckets whose
 * results carry {@code input_tokens} (cached included), {@code input_cached_tokens},
 * {@code output_tokens}, and, per {@code group_by}, {@code model}, {@code project_id},
 * {@code api_key_id}, {@code batch}. Matching per model needs {@code group_by=model}.
 */
public final class OpenAiUsageReader implements BillReader {

    static final String RESULT = "organization.usage.completions.result";

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

    record Result(@JsonProperty(value = "input_tokens", required = true) Long inputTokens,
            @JsonProperty("input_cached_tokens") Long inputCachedTokens,
            @JsonProperty(value = "output_tokens", required = true) Long outputTokens,
            @JsonProperty("model") String model,
            @JsonProperty("project_id") String projectId,
            @JsonProperty("api_key_id") String apiKeyId,
            @JsonProperty("batch") Boolean batch) {
        Result {
            FieldProblem.nonNegative("input_tokens", inputTokens);
            FieldProblem.nonNegative("output_tokens", outputTokens);
            if (inputCachedTokens != null) {
                FieldProblem.nonNegative("input_cached_tokens", inputCachedTokens);
            }
            if (model == null || model.isBlank()) {
                throw new FieldProblem("model", "missing: export with group_by=model so usage can be matched per model");
            }
        }
    }

    @Override
    public String id() {
        return "openai-usage-completions";
    }

    @Override
    public String description() {
        return "OpenAI Usage API JSON (GET /v1/organization/usage/completions?group_by=model)";
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
                rows.add(new BillRow(JsonBill.day(bucket.startTime()), r.model(), r.projectId(), r.apiKeyId(), r.inputTokens(),
                        r.inputCachedTokens() == null ? 0L : r.inputCachedTokens(), r.outputTokens(), null, false,
                        Boolean.TRUE.equals(r.batch())));
            }
        }
        return rows;
    }
}
