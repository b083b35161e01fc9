package dev.caravan.plugins.guardrails;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.RequestContext;
import dev.caravan.api.guardrail.GuardInput;
import dev.caravan.api.guardrail.GuardPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds guard inputs the way the platform does: the body plus its user-visible text. */
final class Inputs {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final RequestContext CONTEXT = new RequestContext("trace-1", "acme", "key-1", "dev key", "gpt-4o-mini", Map.of(), Instant.EPOCH);

    private Inputs() {}

    static JsonNode json(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode object(String json) {
        return (ObjectNode) json(json);
    }

    /** A chat request with one user message. */
    static GuardInput userSays(String content) {
        ObjectNode body = MAPPER.createObjectNode().put("model", "gpt-4o-mini");
        body.putArray("messages").addObject().put("role", "user").put("content", content);
        return request(body);
    }

    /** A request body; its text is the message contents and text parts joined by new lines. */
    static GuardInput request(ObjectNode body) {
        List<String> texts = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            JsonNode c = m.path("content");
            if (c.isTextual()) {
                texts.add(c.asText());
            }
            for (JsonNode part : c.isArray() ? c : MAPPER.createArrayNode()) {
                if ("text".equals(part.path("type").asText())) {
                    texts.add(part.path("text").asText());
                }
            }
        }
        return new GuardInput(GuardPhase.REQUEST, CONTEXT, body, String.join("\n", texts), true);
    }

    /** A non-streamed chat completion whose first choice says {@code answer}. */
    static GuardInput answer(String answer) {
        ObjectNode body = MAPPER.createObjectNode().put("object", "chat.completion");
        body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                .putObject("message").put("role", "assistant").put("content", answer);
        return new GuardInput(GuardPhase.RESPONSE, CONTEXT, body, answer, true);
    }

    /** A streamed answer so far: no body. */
    static GuardInput streamed(String textSoFar, boolean complete) {
        return new GuardInput(GuardPhase.RESPONSE, CONTEXT, null, textSoFar, complete);
    }
}
