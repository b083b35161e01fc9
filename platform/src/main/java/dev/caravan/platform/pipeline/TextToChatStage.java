package dev.caravan.platform.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code textToChat}, for custom pipelines: turns {@code {"model": "...", "text": "..."}}
 * into a chat request whose system message is the route's exchange property
 * {@code caravan.instruction} and whose user message is the text. The standard stages then run
 * on it as on any chat request. Optional {@code max_tokens} and {@code temperature} pass through.
 */
public final class TextToChatStage implements Processor {

    public static final String INSTRUCTION = "caravan.instruction";

    private final ObjectMapper json;

    public TextToChatStage(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        ObjectNode input = ChatRequestStage.readObject(json, IngressStage.request(exchange));
        String model = ChatRequestStage.requireString(input, "model", "name the alias to use");
        String text = ChatRequestStage.requireString(input, "text", "send the text to work on");
        String instruction = exchange.getProperty(INSTRUCTION, String.class);
        if (instruction == null || instruction.isBlank()) {
            throw new IllegalStateException("route sets no '" + INSTRUCTION + "' property before textToChat");
        }
        ObjectNode chat = json.createObjectNode().put("model", model);
        var messages = chat.putArray("messages");
        messages.addObject().put("role", "system").put("content", instruction);
        messages.addObject().put("role", "user").put("content", text);
        for (String passThrough : new String[] {"max_tokens", "temperature"}) {
            JsonNode value = input.get(passThrough);
            if (value != null) {
                chat.set(passThrough, value);
            }
        }
        exchange.setProperty(ChatRequestStage.PREPARED_BODY, chat);
    }
}
