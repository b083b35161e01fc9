package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What one Gemini candidate (or one streamed piece of it) says, in OpenAI terms: the answer text
 * (text parts joined; parts marked {@code thought: true} are the model's thinking and are left out)
 * and the function calls.
 *
 * @param text          the answer text, possibly empty
 * @param functionCalls the parts holding a {@code functionCall}, in order
 */
record CandidateParts(String text, List<JsonNode> functionCalls) {

    static CandidateParts of(JsonNode candidate) {
        StringBuilder text = new StringBuilder();
        List<JsonNode> calls = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) {
                continue;
            }
            if (part.path("functionCall").isObject()) {
                calls.add(part);
            } else if (part.path("text").isTextual()) {
                text.append(part.get("text").textValue());
            }
        }
        return new CandidateParts(text.toString(), calls);
    }

    /** An OpenAI tool call for a function-call part, with the id {@code call_<index>}. */
    static ObjectNode toolCall(JsonNode part, int index) {
        JsonNode call = part.get("functionCall");
        ObjectNode toolCall = Json.NODES.objectNode();
        toolCall.put("id", "call_" + index);
        toolCall.put("type", "function");
        JsonNode args = call.path("args");
        toolCall.putObject("function")
                .put("name", call.path("name").asText())
                .put("arguments", Json.text(args.isObject() ? args : Json.NODES.objectNode()));
        ThoughtSignatures.toToolCall(part, toolCall);
        return toolCall;
    }
}
