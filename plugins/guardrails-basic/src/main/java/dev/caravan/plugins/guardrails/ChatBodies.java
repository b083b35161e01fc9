package dev.caravan.plugins.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.pii.PiiMasker.Masked;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Masks the user-visible text fields of a canonical (OpenAI chat shape) body, on a copy.
 *
 * <p>Request: {@code messages[].content} when it is a string, and {@code text} of the
 * {@code messages[].content[]} parts of type {@code text}. Response: {@code choices[].message.content}.
 * Other fields (tool arguments, images, metadata) are left as they are.
 */
final class ChatBodies {

    /** A masked copy of a body, with what was masked counted per label. */
    record MaskedBody(ObjectNode body, Map<String, Integer> counts) {

        int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private ChatBodies() {}

    static MaskedBody mask(ObjectNode original, GuardPhase phase, TextMasker masker) {
        ObjectNode copy = original.deepCopy();
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (phase == GuardPhase.REQUEST) {
            for (JsonNode message : arrayOrEmpty(copy.get("messages"))) {
                maskContent(message, masker, counts);
            }
        } else {
            for (JsonNode choice : arrayOrEmpty(copy.get("choices"))) {
                maskContent(choice.get("message"), masker, counts);
            }
        }
        return new MaskedBody(copy, counts);
    }

    private static void maskContent(JsonNode message, TextMasker masker, Map<String, Integer> counts) {
        if (!(message instanceof ObjectNode m)) {
            return;
        }
        JsonNode content = m.get("content");
        if (content != null && content.isTextual()) {
            m.put("content", apply(content.asText(), masker, counts));
        } else if (content instanceof ArrayNode parts) {
            for (JsonNode part : parts) {
                if (part instanceof ObjectNode p && "text".equals(p.path("type").asText()) && p.path("text").isTextual()) {
                    p.put("text", apply(p.get("text").asText(), masker, counts));
                }
            }
        }
    }

    private static String apply(String text, TextMasker masker, Map<String, Integer> counts) {
        Masked masked = masker.mask(text);
        masked.counts().forEach((label, n) -> counts.merge(label, n, Integer::sum));
        return masked.text();
    }

    private static Iterable<JsonNode> arrayOrEmpty(JsonNode node) {
        return node != null && node.isArray() ? node : List.<JsonNode>of();
    }
}
