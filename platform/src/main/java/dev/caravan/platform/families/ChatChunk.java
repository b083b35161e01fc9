package dev.caravan.platform.families;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of one OpenAI {@code chat.completion.chunk} the stream translators use.
 *
 * @param toolCalls tool-call deltas: a new call has an id and name, later deltas only arguments
 */
record ChatChunk(String id, String model, long created, String text, List<ToolDelta> toolCalls, String finishReason,
        JsonNode usage) {

    record ToolDelta(int index, String id, String name, String arguments) {}

    /** The chunk in {@code data}, or null for anything that is not a chunk object. */
    static ChatChunk parse(String data) {
        ObjectNode chunk = FamilyJson.parseObject(data);
        if (chunk == null) {
            return null;
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        List<ToolDelta> calls = new ArrayList<>(0);
        for (JsonNode call : delta.path("tool_calls")) {
            JsonNode function = call.path("function");
            calls.add(new ToolDelta(call.path("index").asInt(0), textOrNull(call.get("id")), textOrNull(function.get("name")),
                    function.path("arguments").asText("")));
        }
        String text = delta.path("content").isTextual() ? delta.get("content").asText() : null;
        if ((text == null || text.isEmpty()) && delta.path("refusal").isTextual()) {
            text = delta.get("refusal").asText();
        }
        JsonNode usage = chunk.get("usage");
        return new ChatChunk(chunk.path("id").asText(""), chunk.path("model").asText(""), chunk.path("created").asLong(0),
                text, calls, textOrNull(choice.get("finish_reason")), usage == null || usage.isNull() ? null : usage);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || !node.isTextual() ? null : node.asText();
    }
}
