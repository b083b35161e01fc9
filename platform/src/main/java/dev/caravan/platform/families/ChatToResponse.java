package dev.caravan.platform.families;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;

/**
 * OpenAI chat completion → Responses API response object: a {@code message} output item with the
 * text, a {@code function_call} item per tool call, status ({@code incomplete} when the token
 * limit or a content filter cut it), and usage with cached and reasoning tokens.
 */
final class ChatToResponse {

    private ChatToResponse() {}

    static ObjectNode translate(ObjectNode request, ObjectNode completion) {
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        String id = ResponseObject.responseId(completion.path("id").asText(""));
        ArrayNode output = FamilyJson.MAPPER.createArrayNode();
        String text = message.path("content").isTextual() ? message.get("content").asText() : null;
        if (text != null && !text.isEmpty()) {
            output.add(ResponseObject.messageItem("msg_" + id.substring(5), "completed", text));
        } else if (message.path("refusal").isTextual()) {
            ObjectNode item = ResponseObject.messageItem("msg_" + id.substring(5), "completed", null);
            ((ArrayNode) item.get("content")).addObject().put("type", "refusal").put("refusal", message.get("refusal").asText());
            output.add(item);
        }
        int n = 0;
        for (JsonNode call : message.path("tool_calls")) {
            output.add(ResponseObject.functionCallItem("fc_" + id.substring(5) + "_" + n++, call.path("id").asText(),
                    call.path("function").path("name").asText(), call.path("function").path("arguments").asText("{}"), "completed"));
        }
        ObjectNode response = ResponseObject.of(request, id, completion.path("created").asLong(System.currentTimeMillis() / 1000),
                completion.path("model").asText(""), "completed", output);
        ResponseObject.complete(response, choice.path("finish_reason").asText(null), usage(completion.path("usage")));
        return response;
    }

    private static Usage usage(JsonNode usage) {
        return new Usage(FamilyJson.count(usage.path("prompt_tokens")), FamilyJson.count(usage.path("completion_tokens")),
                FamilyJson.count(usage.path("prompt_tokens_details").path("cached_tokens")), 0,
                FamilyJson.count(usage.path("completion_tokens_details").path("reasoning_tokens")), !usage.isMissingNode());
    }
}
