package dev.caravan.platform.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The user-visible text a guardrail inspects, read from the body of each API family by its shape:
 * OpenAI chat ({@code messages[].content} as a string or {@code text} parts), Anthropic messages
 * (the same plus {@code system}), OpenAI Responses ({@code instructions}, {@code input} as a string
 * or items with {@code input_text} parts); and on the way back the answer text of each family's
 * body or stream events. Pieces are joined with newlines so a phrase never spans two messages.
 * The same places can be rewritten ({@link #maskRequest}, {@link #maskResponse}), so a redaction
 * covers exactly the text that was inspected.
 */
public final class GuardText {

    /** One string field holding user-visible text. */
    private record Slot(ObjectNode owner, String field) {
        String text() {
            return owner.get(field).textValue();
        }
    }

    private GuardText() {}

    /** The prompt text of a request body. */
    public static String ofRequest(JsonNode body) {
        return join(requestSlots(body));
    }

    /** The answer text of a complete (non-streamed) response body. */
    public static String ofResponse(JsonNode body) {
        return join(responseSlots(body));
    }

    /** A copy of a request body whose every prompt text went through {@code mask}. */
    public static ObjectNode maskRequest(ObjectNode body, UnaryOperator<String> mask) {
        ObjectNode copy = body.deepCopy();
        requestSlots(copy).forEach(slot -> slot.owner().put(slot.field(), mask.apply(slot.text())));
        return copy;
    }

    /** A copy of a complete response body whose every answer text went through {@code mask}. */
    public static ObjectNode maskResponse(ObjectNode body, UnaryOperator<String> mask) {
        ObjectNode copy = body.deepCopy();
        responseSlots(copy).forEach(slot -> slot.owner().put(slot.field(), mask.apply(slot.text())));
        return copy;
    }

    private static List<Slot> requestSlots(JsonNode body) {
        List<Slot> slots = new ArrayList<>();
        if (!(body instanceof ObjectNode root)) {
            return slots;
        }
        addContent(slots, root, "system");
        addContent(slots, root, "instructions");
        for (JsonNode message : iterable(root.get("messages"))) {
            addContent(slots, message, "content");
        }
        JsonNode input = root.get("input");
        if (input != null && input.isTextual()) {
            slots.add(new Slot(root, "input"));
        } else {
            for (JsonNode item : iterable(input)) {
                addContent(slots, item, item.has("content") ? "content" : "text");
            }
        }
        return slots;
    }

    private static List<Slot> responseSlots(JsonNode body) {
        List<Slot> slots = new ArrayList<>();
        if (!(body instanceof ObjectNode root)) {
            return slots;
        }
        for (JsonNode choice : iterable(root.get("choices"))) {          // OpenAI chat
            addContent(slots, choice.path("message"), "content");
            addContent(slots, choice, "text");                            // legacy text completions
        }
        if (root.has("type") && "message".equals(root.path("type").asText())) { // Anthropic
            addContent(slots, root, "content");
        }
        for (JsonNode item : iterable(root.get("output"))) {             // OpenAI Responses
            addContent(slots, item, "content");
        }
        return slots;
    }

    /** The answer text one stream event adds (a chat chunk's delta, an Anthropic text delta, a Responses text delta). */
    public static String ofStreamEvent(JsonNode event) {
        if (event == null || !event.isObject()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode choice : iterable(event.get("choices"))) {
            JsonNode content = choice.path("delta").get("content");
            if (content != null && content.isTextual()) {
                text.append(content.textValue());
            } else if (choice.path("text").isTextual()) {                // legacy text completions
                text.append(choice.path("text").textValue());
            }
        }
        String type = event.path("type").asText("");
        if (type.equals("content_block_delta") && event.path("delta").path("text").isTextual()) {
            text.append(event.path("delta").path("text").textValue());
        } else if (type.equals("response.output_text.delta") && event.path("delta").isTextual()) {
            text.append(event.path("delta").textValue());
        }
        return text.toString();
    }

    /** {@code owner.field} as a string, or the {@code text} of each of its parts. */
    private static void addContent(List<Slot> slots, JsonNode owner, String field) {
        if (!(owner instanceof ObjectNode object) || object.get(field) == null) {
            return;
        }
        JsonNode content = object.get(field);
        if (content.isTextual()) {
            slots.add(new Slot(object, field));
            return;
        }
        for (JsonNode part : iterable(content)) {
            if (part instanceof ObjectNode partObject && part.path("text").isTextual()) {
                slots.add(new Slot(partObject, "text"));
            }
        }
    }

    private static String join(List<Slot> slots) {
        StringBuilder text = new StringBuilder();
        for (Slot slot : slots) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(slot.text());
        }
        return text.toString();
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node != null && node.isArray() ? node : List.of();
    }
}
