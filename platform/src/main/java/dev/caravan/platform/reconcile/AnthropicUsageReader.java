package dev.caravan.platform.reconcile;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic's Usage and Cost Admin API, messages usage ({@code GET /v1/organizations/usage_report/messages},
 * reference: https://platform.claude.com/docs/en/api/admin/usage_report/retrieve_messages): buckets
 * with {@code starting_at}/{@code ending_at}, results with {@code uncached_input_tokens},
 * {@code cache_read_input_tokens}, {@code cache_creation.ephemeral_5m_input_tokens}/{@code _1h_},
 * {@code output_tokens} and, per {@code group_by[]}, {@code model}, {@code api_key_id},
 * {@code workspace_id}, {@code service_tier}. The input side is compared as all three input kinds
 * together, as the gateway's receipts count prompt tokens.
 */
public final class AnthropicUsageReader implements BillReader {

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

    record CacheCreation(@JsonProperty("ephemeral_5m_input_tokens") Long fiveMinutes,
            @JsonProperty("ephemeral_1h_input_tokens") Long oneHour) {
        long total() {
            return (fiveMinutes == null ? 0 : fiveMinutes) + (oneHour == null ? 0 : oneHour);
        }
    }

    record Result(@JsonProperty(value = "uncached_input_tokens", required = true) Long uncachedInputTokens,
            @JsonProperty("cache_read_input_tokens") Long cacheReadInputTokens,
            @JsonProperty("cache_creation") CacheCreation cacheCreation,
            @JsonProperty(value = "output_tokens", required = true) Long outputTokens,
            @JsonProperty("model") String model,
            @JsonProperty("api_key_id") String apiKeyId,
            @JsonProperty("workspace_id") String workspaceId,
            @JsonProperty("service_tier") String serviceTier) {
        Result {
            FieldProblem.nonNegative("uncached_input_tokens", uncachedInputTokens);
            FieldProblem.nonNegative("output_tokens", outputTokens);
            if (cacheReadInputTokens != null) {
                FieldProblem.nonNegative("cache_read_input_tokens", cacheReadInputTokens);
            }
            if (model == null || model.isBlank()) {
                throw new FieldProblem("model", "missing: export with group_by[]=model so usage can be matched per model");
            }
        }
    }

    @Override
    public String id() {
        return "anthropic-usage-messages";
    }

    @Override
    public String description() {
        return "Anthropic Usage API JSON (GET /v1/organizations/usage_report/messages?group_by[]=model)";
    }

    @Override
    public boolean recognises(JsonNode document) {
        return AnthropicBuckets.recognises(document, "uncached_input_tokens");
    }

    @Override
    public List<BillRow> read(String text) throws BadBill {
        List<BillRow> rows = new ArrayList<>();
        for (Bucket bucket : JsonBill.bind(text, Page.class).data()) {
            for (Result r : bucket.results()) {
                long cached = r.cacheReadInputTokens() == null ? 0 : r.cacheReadInputTokens();
                long written = r.cacheCreation() == null ? 0 : r.cacheCreation().total();
                rows.add(new BillRow(bucket.day(), r.model(), r.workspaceId(), r.apiKeyId(), r.uncachedInputTokens() + cached + written,
                        cached, r.outputTokens(), null, false, "batch".equals(r.serviceTier())));
            }
        }
        return rows;
    }
}
