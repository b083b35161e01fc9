package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ChatChunks;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates Gemini's {@code streamGenerateContent?alt=sse} stream (each {@code data:} a complete
 * {@code GenerateContentResponse} holding the next piece, no end marker) into OpenAI
 * {@code chat.completion.chunk}s: per candidate a role chunk first, then content and tool-call
 * deltas, then a chunk with the {@code finish_reason}; after the upstream ends, the usage chunk (only
 * if the client asked with {@code stream_options.include_usage}) and {@code [DONE]}.
 *
 * <p>Gemini has no end-of-stream event, so the stream ended cleanly only if a candidate's
 * {@code finishReason} arrived (or the prompt was blocked, which is a complete answer). Usage is
 * taken from the last event carrying {@code usageMetadata}, which Gemini sends with its totals.
 */
final class GenerateContentStreamTranslator implements StreamTranslator {

    private final ProviderCall call;
    private final ChatChunks chunks;
    private final Map<Integer, ChoiceState> choices = new HashMap<>();
    private String id;
    private Usage usage = Usage.NONE;
    private boolean finished;

    GenerateContentStreamTranslator(ProviderCall call) {
        this.call = call;
        this.chunks = new ChatChunks(CompletionIds.created(call), ChatChunks.usageRequested(call.body()));
    }

    /** What the client has been sent for one candidate so far. */
    private static final class ChoiceState {
        int toolCalls;
        boolean finished;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        JsonNode response = upstreamEvent.data() == null ? null : Json.parseOrNull(upstreamEvent.data());
        if (response == null || !response.isObject() || response.has("error")) {
            return List.of(); // not a piece of the answer; without a finish reason the stream counts as truncated
        }
        if (id == null) {
            id = CompletionIds.id(call, response);
            chunks.identify(id, CompletionIds.model(call, response));
        }
        Usage reported = UsageTranslator.fromMetadata(response.get("usageMetadata"));
        if (reported.reported()) {
            usage = reported;
        }
        List<SseEvent> out = new ArrayList<>();
        JsonNode candidates = response.path("candidates");
        if (candidates.isEmpty() && response.path("promptFeedback").path("blockReason").isTextual()) {
            blocked(response.path("promptFeedback").get("blockReason").textValue(), out);
        }
        for (int i = 0; i < candidates.size(); i++) {
            candidate(candidates.get(i), candidates.get(i).path("index").asInt(i), out);
        }
        return out;
    }

    private void candidate(JsonNode candidate, int index, List<SseEvent> out) {
        ChoiceState state = choices.get(index);
        CandidateParts parts = CandidateParts.of(candidate);
        if (state == null) {
            state = new ChoiceState();
            choices.put(index, state);
            out.add(chunk(index, roleDelta(parts), null));
        }
        if (state.finished) {
            return; // Gemini does not continue a finished candidate; anything after it is ignored
        }
        if (!parts.text().isEmpty()) {
            out.add(chunk(index, delta().put("content", parts.text()), null));
        }
        for (JsonNode call : parts.functionCalls()) {
            ObjectNode delta = delta();
            ObjectNode toolCall = CandidateParts.toolCall(call, state.toolCalls);
            delta.putArray("tool_calls").addObject().put("index", state.toolCalls).setAll(toolCall);
            state.toolCalls++;
            out.add(chunk(index, delta, null));
        }
        String reason = candidate.path("finishReason").asText("");
        if (!reason.isEmpty() && !"FINISH_REASON_UNSPECIFIED".equals(reason)) {
            state.finished = true;
            finished = true;
            out.add(chunk(index, delta(), FinishReasons.toOpenAi(reason, state.toolCalls > 0)));
        }
    }

    /**
     * The first chunk of a candidate: OpenAI starts a tool-call answer with {@code content: null}
     * and a text answer with {@code content: ""}; a client (the AI SDK) that sees {@code ""} opens
     * an empty text part before the call.
     */
    private ObjectNode roleDelta(CandidateParts parts) {
        ObjectNode delta = delta().put("role", "assistant");
        if (parts.text().isEmpty() && !parts.functionCalls().isEmpty()) {
            return delta.putNull("content");
        }
        return delta.put("content", "");
    }

    private void blocked(String blockReason, List<SseEvent> out) {
        choices.computeIfAbsent(0, i -> new ChoiceState()).finished = true;
        out.add(chunk(0, delta().put("role", "assistant").putNull("content")
                .put("refusal", CompletionIds.blockMessage(blockReason)), null));
        out.add(chunk(0, delta(), "content_filter"));
        finished = true;
    }

    @Override
    public List<SseEvent> onComplete() {
        if (!finished) {
            return List.of(); // the platform ends the client's stream with an error event
        }
        List<SseEvent> out = new ArrayList<>();
        if (chunks.includeUsage() && usage.reported()) {
            out.add(chunks.usage(UsageTranslator.toOpenAi(usage)));
        }
        out.add(ChatChunks.DONE);
        return out;
    }

    @Override
    public boolean endedCleanly() {
        return finished;
    }

    @Override
    public Usage usage() {
        return usage;
    }

    private SseEvent chunk(int index, ObjectNode delta, String finishReason) {
        return chunks.delta(index, delta, finishReason);
    }

    private static ObjectNode delta() {
        return Json.NODES.objectNode();
    }
}
