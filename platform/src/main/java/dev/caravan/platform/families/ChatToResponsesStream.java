package dev.caravan.platform.families;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.platform.upstream.FailureEvents;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat chunks → Responses API stream events, each numbered by {@code sequence_number}:
 * {@code response.created}, {@code response.in_progress}; for text {@code output_item.added},
 * {@code content_part.added}, {@code output_text.delta}… and the matching {@code .done} events;
 * for a tool call a {@code function_call} item with {@code function_call_arguments.delta}/{@code .done};
 * at {@code [DONE]} {@code response.completed} (or {@code response.incomplete}) with the whole
 * response and usage. One instance per stream, called from one thread at a time.
 */
final class ChatToResponsesStream extends ChatStreamBridge implements FailureEvents {

    private final ObjectNode request;
    private final ArrayNode output = FamilyJson.MAPPER.createArrayNode();
    private ObjectNode response;
    private String id;
    private int sequence;
    private boolean finished;
    private String finishReason;
    /** The output item being streamed: a message (text) or a function call; null between items. */
    private ObjectNode item;
    private StringBuilder itemText;
    private int itemToolIndex = -1;

    ChatToResponsesStream(StreamTranslator chat, ObjectNode request) {
        super(chat);
        this.request = request;
    }

    @Override
    void translate(SseEvent event, List<SseEvent> out) {
        if (finished || event.data() == null) {
            return;
        }
        if (SseEvents.isDone(event)) {
            start(null, out);
            finish(out);
            return;
        }
        ChatChunk chunk = ChatChunk.parse(event.data());
        if (chunk == null) {
            return;
        }
        start(chunk, out);
        if (chunk.text() != null && !chunk.text().isEmpty()) {
            text(chunk.text(), out);
        }
        for (ChatChunk.ToolDelta call : chunk.toolCalls()) {
            toolCall(call, out);
        }
        if (chunk.finishReason() != null) {
            finishReason = chunk.finishReason();
        }
    }

    private void start(ChatChunk chunk, List<SseEvent> out) {
        if (response != null) {
            return;
        }
        id = ResponseObject.responseId(chunk == null ? "" : chunk.id());
        long created = chunk == null || chunk.created() == 0 ? System.currentTimeMillis() / 1000 : chunk.created();
        String model = chunk == null || chunk.model().isEmpty() ? request.path("model").asText() : chunk.model();
        response = ResponseObject.of(request, id, created, model, "in_progress", FamilyJson.MAPPER.createArrayNode());
        out.add(event("response.created").set("response", response.deepCopy()));
        out.add(event("response.in_progress").set("response", response.deepCopy()));
    }

    private void text(String text, List<SseEvent> out) {
        if (item == null || itemText == null) {
            closeItem(out);
            item = ResponseObject.messageItem("msg_" + id.substring(5) + "_" + output.size(), "in_progress", null);
            itemText = new StringBuilder();
            out.add(itemEvent("response.output_item.added"));
            out.add(partEvent("response.content_part.added", ResponseObject.outputText("")));
        }
        itemText.append(text);
        out.add(inItem("response.output_text.delta").put("content_index", 0).put("delta", text).set("logprobs", FamilyJson.MAPPER.createArrayNode()));
    }

    private void toolCall(ChatChunk.ToolDelta call, List<SseEvent> out) {
        if (item == null || itemText != null || call.index() != itemToolIndex) {
            closeItem(out);
            item = ResponseObject.functionCallItem("fc_" + id.substring(5) + "_" + output.size(),
                    call.id() == null ? "call_" + call.index() : call.id(), call.name() == null ? "" : call.name(), "", "in_progress");
            itemToolIndex = call.index();
            out.add(itemEvent("response.output_item.added"));
        }
        if (!call.arguments().isEmpty()) {
            item.put("arguments", item.path("arguments").asText() + call.arguments());
            out.add(inItem("response.function_call_arguments.delta").put("delta", call.arguments()).done());
        }
    }

    private void closeItem(List<SseEvent> out) {
        if (item == null) {
            return;
        }
        if (itemText != null) {
            String text = itemText.toString();
            out.add(inItem("response.output_text.done").put("content_index", 0).put("text", text).set("logprobs", FamilyJson.MAPPER.createArrayNode()));
            out.add(partEvent("response.content_part.done", ResponseObject.outputText(text)));
            ((ArrayNode) item.get("content")).add(ResponseObject.outputText(text));
        } else {
            out.add(inItem("response.function_call_arguments.done").put("name", item.path("name").asText())
                    .put("arguments", item.path("arguments").asText()).done());
        }
        item.put("status", "completed");
        out.add(itemEvent("response.output_item.done"));
        output.add(item);
        item = null;
        itemText = null;
        itemToolIndex = -1;
    }

    private void finish(List<SseEvent> out) {
        closeItem(out);
        finished = true;
        response.set("output", output);
        ResponseObject.complete(response, finishReason, chat.usage());
        String type = "incomplete".equals(response.path("status").asText()) ? "response.incomplete" : "response.completed";
        out.add(event(type).set("response", response));
    }

    private ObjectNode node(String type) {
        return FamilyJson.object().put("type", type).put("sequence_number", sequence++);
    }

    private SseEvent event(String type, java.util.function.Consumer<ObjectNode> fill) {
        ObjectNode node = node(type);
        fill.accept(node);
        return SseEvents.typed(node);
    }

    private EventBuilder event(String type) {
        return new EventBuilder(node(type));
    }

    private EventBuilder inItem(String type) {
        EventBuilder event = event(type);
        event.node.put("item_id", item.path("id").asText()).put("output_index", output.size());
        return event;
    }

    private SseEvent itemEvent(String type) {
        return event(type, node -> node.put("output_index", output.size()).set("item", item.deepCopy()));
    }

    private SseEvent partEvent(String type, ObjectNode part) {
        return inItem(type).put("content_index", 0).set("part", part);
    }

    /** A little fluent wrapper so an event is built and framed in one expression. */
    private static final class EventBuilder {
        private final ObjectNode node;

        EventBuilder(ObjectNode node) {
            this.node = node;
        }

        EventBuilder put(String field, String value) {
            node.put(field, value);
            return this;
        }

        EventBuilder put(String field, int value) {
            node.put(field, value);
            return this;
        }

        SseEvent set(String field, com.fasterxml.jackson.databind.JsonNode value) {
            node.set(field, value);
            return SseEvents.typed(node);
        }

        SseEvent done() {
            return SseEvents.typed(node);
        }
    }

    @Override
    public List<SseEvent> failureEvents(String message) {
        ObjectNode error = node("error").put("code", "upstream_stream_error").put("message", message);
        error.putNull("param");
        return List.of(SseEvents.typed(error));
    }

    @Override
    public boolean endedCleanly() {
        return chat.endedCleanly() && finished;
    }

    @Override
    public Usage usage() {
        return chat.usage();
    }
}
