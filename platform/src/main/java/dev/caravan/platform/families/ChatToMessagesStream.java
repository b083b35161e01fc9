package dev.caravan.platform.families;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.platform.upstream.FailureEvents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI chat chunks → Anthropic's event sequence: {@code message_start}, {@code ping}, then per
 * content block {@code content_block_start}, {@code content_block_delta} ({@code text_delta} or
 * {@code input_json_delta}) and {@code content_block_stop}, and at {@code [DONE]}
 * {@code message_delta} (stop reason, usage) and {@code message_stop}. One instance per stream,
 * called from one thread at a time. OpenAI reports usage only at the end, so
 * {@code message_start} carries zero input tokens and {@code message_delta} the real counts.
 */
final class ChatToMessagesStream extends ChatStreamBridge implements FailureEvents {

    private final String requestedModel;
    private final Map<Integer, Integer> blockOfToolCall = new HashMap<>();
    private boolean started;
    private boolean finished;
    private int openBlock = -1;
    private boolean openIsText;
    private int nextBlock;
    private String stopReason;

    ChatToMessagesStream(StreamTranslator chat, String requestedModel) {
        super(chat);
        this.requestedModel = requestedModel;
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
            stopReason = ChatToMessage.stopReason(chunk.finishReason());
        }
    }

    private void start(ChatChunk chunk, List<SseEvent> out) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode message = FamilyJson.object();
        message.put("id", ChatToMessage.messageId(chunk == null ? "" : chunk.id()));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", chunk == null || chunk.model().isEmpty() ? requestedModel : chunk.model());
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
        ObjectNode start = FamilyJson.object().put("type", "message_start");
        start.set("message", message);
        out.add(SseEvents.typed(start));
        out.add(SseEvents.typed(FamilyJson.object().put("type", "ping")));
    }

    private void text(String text, List<SseEvent> out) {
        if (openBlock < 0 || !openIsText) {
            ObjectNode block = FamilyJson.object().put("type", "text").put("text", "");
            openBlock(block, true, out);
        }
        ObjectNode delta = FamilyJson.object().put("type", "text_delta").put("text", text);
        out.add(delta(delta));
    }

    private void toolCall(ChatChunk.ToolDelta call, List<SseEvent> out) {
        Integer block = blockOfToolCall.get(call.index());
        if (block == null || call.id() != null && block != openBlock) {
            ObjectNode toolUse = FamilyJson.object().put("type", "tool_use")
                    .put("id", call.id() == null ? "toolu_" + call.index() : call.id())
                    .put("name", call.name() == null ? "" : call.name());
            toolUse.putObject("input");
            blockOfToolCall.put(call.index(), openBlock(toolUse, false, out));
        }
        if (!call.arguments().isEmpty()) {
            out.add(delta(FamilyJson.object().put("type", "input_json_delta").put("partial_json", call.arguments())));
        }
    }

    private int openBlock(ObjectNode contentBlock, boolean text, List<SseEvent> out) {
        closeBlock(out);
        openBlock = nextBlock++;
        openIsText = text;
        ObjectNode start = FamilyJson.object().put("type", "content_block_start").put("index", openBlock);
        start.set("content_block", contentBlock);
        out.add(SseEvents.typed(start));
        return openBlock;
    }

    private SseEvent delta(ObjectNode delta) {
        ObjectNode event = FamilyJson.object().put("type", "content_block_delta").put("index", openBlock);
        event.set("delta", delta);
        return SseEvents.typed(event);
    }

    private void closeBlock(List<SseEvent> out) {
        if (openBlock >= 0) {
            out.add(SseEvents.typed(FamilyJson.object().put("type", "content_block_stop").put("index", openBlock)));
            openBlock = -1;
        }
    }

    private void finish(List<SseEvent> out) {
        closeBlock(out);
        finished = true;
        Usage usage = chat.usage();
        ObjectNode delta = FamilyJson.object().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", stopReason == null ? "end_turn" : stopReason).putNull("stop_sequence");
        delta.putObject("usage")
                .put("input_tokens", Math.max(0, usage.promptTokens() - usage.cachedTokens() - usage.cacheWriteTokens()))
                .put("cache_creation_input_tokens", usage.cacheWriteTokens())
                .put("cache_read_input_tokens", usage.cachedTokens())
                .put("output_tokens", usage.completionTokens());
        out.add(SseEvents.typed(delta));
        out.add(SseEvents.typed(FamilyJson.object().put("type", "message_stop")));
    }

    @Override
    public List<SseEvent> failureEvents(String message) {
        return List.of(AnthropicStreamError.event("api_error", message));
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
