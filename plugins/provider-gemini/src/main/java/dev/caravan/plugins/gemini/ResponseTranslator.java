package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderResponse;

/**
 * Translates a complete {@code GenerateContentResponse} into an OpenAI {@code chat.completion}:
 * one choice per candidate, function calls as {@code tool_calls} ({@code call_0}, {@code call_1}, ...
 * within the choice), usage from {@code usageMetadata}, {@code model} from {@code modelVersion}.
 *
 * <p>A prompt Gemini blocked ({@code promptFeedback.blockReason}, no candidates) is answered, not
 * failed: one choice with {@code finish_reason: content_filter}, no content, and a {@code refusal}
 * naming the block reason — the shape OpenAI clients already handle for filtered output, and the
 * prompt tokens Google counted still reach the receipt.
 */
final class ResponseTranslator {

    private ResponseTranslator() {}

    static ProviderResponse translate(ProviderCall call, byte[] upstreamBody) {
        JsonNode response = Json.objectOrNull(upstreamBody);
        if (response == null) {
            throw new IllegalStateException("Gemini answered 2xx with a body that is not a GenerateContentResponse");
        }
        Usage usage = UsageTranslator.fromMetadata(response.get("usageMetadata"));
        ObjectNode completion = Json.NODES.objectNode();
        completion.put("id", CompletionIds.id(call, response));
        completion.put("object", "chat.completion");
        completion.put("created", CompletionIds.created(call));
        completion.put("model", CompletionIds.model(call, response));
        ArrayNode choices = completion.putArray("choices");
        JsonNode candidates = response.path("candidates");
        if (candidates.isEmpty()) {
            choices.add(blocked(response.path("promptFeedback").path("blockReason").asText("")));
        }
        for (int i = 0; i < candidates.size(); i++) {
            choices.add(choice(candidates.get(i), i));
        }
        if (usage.reported()) {
            completion.set("usage", UsageTranslator.toOpenAi(usage));
        }
        return new ProviderResponse(Json.bytes(completion), usage);
    }

    private static ObjectNode choice(JsonNode candidate, int position) {
        CandidateParts parts = CandidateParts.of(candidate);
        ObjectNode choice = Json.NODES.objectNode();
        choice.put("index", candidate.path("index").asInt(position));
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        boolean calls = !parts.functionCalls().isEmpty();
        if (calls && parts.text().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", parts.text());
        }
        message.putNull("refusal");
        if (calls) {
            ArrayNode toolCalls = message.putArray("tool_calls");
            for (int i = 0; i < parts.functionCalls().size(); i++) {
                toolCalls.add(CandidateParts.toolCall(parts.functionCalls().get(i), i));
            }
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", FinishReasons.toOpenAi(candidate.path("finishReason").asText(""), calls));
        return choice;
    }

    private static ObjectNode blocked(String blockReason) {
        ObjectNode choice = Json.NODES.objectNode();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.putNull("content");
        message.put("refusal", CompletionIds.blockMessage(blockReason));
        choice.putNull("logprobs");
        choice.put("finish_reason", blockReason.isEmpty() ? "stop" : "content_filter");
        return choice;
    }
}
