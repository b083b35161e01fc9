package dev.caravan.platform.it;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Chat requests with mock-upstream options, and what a client reads from a streamed answer: for the guardrail tests. */
final class GuardrailChats {

    private GuardrailChats() {}

    /** A chat body for {@code model} with one user message; {@code mockOptions} are the fields of the mock's {@code mock} object. */
    static String chat(String model, String userText, String mockOptions, boolean stream) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", model);
        body.put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", userText);
        body.set("mock", TestGateway.json("{" + mockOptions + "}"));
        return body.toString();
    }

    /** The payloads of an SSE body's {@code data:} lines. */
    static List<String> dataLines(String body) {
        return body.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    }

    /** The answer text the chunks of a chat stream carry. */
    static String streamedText(List<String> data) {
        StringBuilder text = new StringBuilder();
        for (String line : data) {
            if (line.startsWith("{")) {
                TestGateway.json(line).path("choices").forEach(c -> text.append(c.path("delta").path("content").asText("")));
            }
        }
        return text.toString();
    }
}
