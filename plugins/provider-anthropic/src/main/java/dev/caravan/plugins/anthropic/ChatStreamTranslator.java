package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ChatChunks;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An Anthropic Messages event stream as an OpenAI chat completion stream:
 * <ul>
 *   <li>the first content block → the role chunk ({@code role: assistant}, with {@code content: null}
 *       when that block is a {@code tool_use}, as OpenAI starts a tool-call answer, else
 *       {@code content: ""}); it waits for that block because a client such as the AI SDK opens an
 *       empty text part when a tool-call stream starts with {@code ""};</li>
 *   <li>{@code text_delta} → a content chunk;</li>
 *   <li>a {@code tool_use} block start → a tool call chunk with its {@code index} (counted from 0
 *       among the message's tool calls), {@code id}, {@code type} and {@code name}, then each
 *       {@code input_json_delta} → an {@code arguments} fragment for that index;</li>
 *   <li>{@code message_delta} → the chunk with {@code finish_reason};</li>
 *   <li>{@code message_stop} → the usage chunk (only when the client asked
 *       {@code stream_options.include_usage}), then {@code [DONE]}.</li>
 * </ul>
 * For a JSON mode ({@link JsonMode}) the forced tool's {@code input_json_delta} fragments are
 * {@code content} chunks instead, no tool call is announced, and {@code tool_use} ends as {@code stop}.
 * Thinking, signature and citation deltas, {@code ping}, block stops and event types added to the
 * API later produce nothing. An {@code error} event, or an end without {@code message_stop}, leaves
 * {@link #endedCleanly()} false, so the platform ends the client's stream with an error.
 */
final class ChatStreamTranslator implements StreamTranslator {

    private final ChatChunks chunks;
    private final UsageTally usage = new UsageTally();
    private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
    private final boolean jsonMode;
    private boolean rolePending;
    private boolean finished;
    private boolean done;
    private boolean failed;

    ChatStreamTranslator(long created, boolean includeUsage) {
        this(created, includeUsage, false);
    }

    ChatStreamTranslator(long created, boolean includeUsage, boolean jsonMode) {
        this.chunks = new ChatChunks(created, includeUsage);
        this.jsonMode = jsonMode;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        if (done || failed || upstreamEvent.data() == null) {
            return List.of();
        }
        ObjectNode data = Json.objectOrNull(upstreamEvent.data());
        if (data == null) {
            return List.of(); // not an Anthropic event (a comment, a keep-alive): nothing to tell the client
        }
        String type = data.path("type").asText(upstreamEvent.event() == null ? "" : upstreamEvent.event());
        return switch (type) {
            case "message_start" -> messageStart(data.path("message"));
            case "content_block_start" -> blockStart(data.path("index").asInt(-1), data.path("content_block"));
            case "content_block_delta" -> blockDelta(data.path("index").asInt(-1), data.path("delta"));
            case "message_delta" -> messageDelta(data);
            case "message_stop" -> messageStop();
            case "error" -> {
                failed = true;
                yield List.of();
            }
            default -> List.of(); // ping, content_block_stop, future event types
        };
    }

    private List<SseEvent> messageStart(JsonNode message) {
        chunks.identify(message.path("id").asText(""), message.path("model").asText(""));
        usage.add(message.get("usage"));
        rolePending = true;
        return List.of();
    }

    private List<SseEvent> blockStart(int blockIndex, JsonNode block) {
        String type = block.path("type").asText();
        List<SseEvent> out = new ArrayList<>(2);
        if (jsonMode) {
            roleChunk(false, out);
            if ("tool_use".equals(type) && toolIndexByBlock.isEmpty()) {
                toolIndexByBlock.put(blockIndex, 0); // the forced tool: its input is the content
            }
            return out;
        }
        roleChunk("tool_use".equals(type), out);
        if ("text".equals(type) && !block.path("text").asText("").isEmpty()) {
            out.add(content(block.path("text").asText()));
        }
        if (!"tool_use".equals(type)) {
            return out;
        }
        int toolIndex = toolIndexByBlock.size();
        toolIndexByBlock.put(blockIndex, toolIndex);
        ObjectNode call = toolCallDelta(toolIndex);
        call.put("id", block.path("id").asText("")).put("type", "function");
        call.putObject("function").put("name", block.path("name").asText("")).put("arguments", "");
        out.add(chunks.delta(wrap(call), null));
        return out;
    }

    /** The role chunk, once, before the first piece of the answer. */
    private void roleChunk(boolean toolCallFirst, List<SseEvent> out) {
        if (!rolePending) {
            return;
        }
        rolePending = false;
        ObjectNode delta = Json.object().put("role", "assistant");
        if (toolCallFirst) {
            delta.putNull("content");
        } else {
            delta.put("content", "");
        }
        out.add(chunks.delta(delta, null));
    }

    private List<SseEvent> blockDelta(int blockIndex, JsonNode delta) {
        String type = delta.path("type").asText();
        if ("text_delta".equals(type)) {
            String text = delta.path("text").asText("");
            return text.isEmpty() ? List.of() : List.of(content(text));
        }
        Integer toolIndex = toolIndexByBlock.get(blockIndex);
        if ("input_json_delta".equals(type) && toolIndex != null) {
            String fragment = delta.path("partial_json").asText("");
            if (fragment.isEmpty()) {
                return List.of();
            }
            if (jsonMode) {
                return List.of(content(fragment));
            }
            ObjectNode call = toolCallDelta(toolIndex);
            call.putObject("function").put("arguments", fragment);
            return List.of(chunks.delta(wrap(call), null));
        }
        return List.of(); // thinking_delta, signature_delta, citations_delta...
    }

    private List<SseEvent> messageDelta(ObjectNode data) {
        usage.add(data.get("usage"));
        if (finished) {
            return List.of();
        }
        finished = true;
        String reason = ChatResponseTranslator.textOrNull(data.path("delta").get("stop_reason"));
        List<SseEvent> out = new ArrayList<>(2);
        roleChunk(false, out); // an answer with no content block still starts with its role chunk
        out.add(chunks.delta(Json.object(), jsonMode ? JsonMode.finishReason(reason) : FinishReason.of(reason)));
        return out;
    }

    private List<SseEvent> messageStop() {
        done = true;
        List<SseEvent> out = new ArrayList<>(4);
        roleChunk(false, out);
        if (!finished) { // a message_delta always comes first; if not, the client still gets a finish reason
            finished = true;
            out.add(chunks.delta(Json.object(), FinishReason.of(null)));
        }
        if (chunks.includeUsage()) {
            out.add(chunks.usage(usage.toOpenAi()));
        }
        out.add(ChatChunks.DONE);
        return out;
    }

    private SseEvent content(String text) {
        return chunks.delta(Json.object().put("content", text), null);
    }

    private static ObjectNode toolCallDelta(int toolIndex) {
        return Json.object().put("index", toolIndex);
    }

    private static ObjectNode wrap(ObjectNode toolCall) {
        ObjectNode delta = Json.object();
        delta.putArray("tool_calls").add(toolCall);
        return delta;
    }

    @Override
    public List<SseEvent> onComplete() {
        return List.of(); // without message_stop the platform closes the stream with its error event
    }

    @Override
    public boolean endedCleanly() {
        return done && !failed;
    }

    @Override
    public Usage usage() {
        return usage.usage();
    }
}
