package dev.caravan.platform.policy.script;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ChatChunks;
import dev.caravan.api.provider.OpenAiUsage;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream of a provider script: each upstream event (an SSE event's data, or one line) goes
 * through the script's {@code streamEvent}, and what it returns becomes OpenAI chat chunks. The
 * stream ended cleanly only when the script said {@code finish(..)}; a script failure ends it
 * with an error event (the relay's translation error).
 */
final class ScriptStreamTranslator implements StreamTranslator {

    private final ProviderCall call;
    private final ScriptProviderCall view; // one per stream: every event's handler sees the same call
    private final ScriptProviderTranslator translator;
    private final ChatChunks chunks;
    private boolean roleSent;
    private boolean ended;
    private Usage usage = Usage.NONE;

    ScriptStreamTranslator(ProviderCall call, ScriptProviderTranslator translator) {
        this.call = call;
        this.view = new ScriptProviderCall(call, ScriptProviderTranslator.JSON);
        this.translator = translator;
        this.chunks = new ChatChunks(System.currentTimeMillis() / 1000, ChatChunks.usageRequested(call.body()));
        chunks.identify("chatcmpl-" + call.context().traceId(), call.targetModel());
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        if (ended || upstreamEvent.data() == null || upstreamEvent.data().isBlank()) {
            return List.of();
        }
        ScriptStreamStep step = translator.step(call, view, upstreamEvent.data());
        List<SseEvent> out = new ArrayList<>(3);
        if (step.text() != null && !step.text().isEmpty()) {
            out.add(chunks.delta(delta().put("content", step.text()), null));
        }
        if (step.end() != null) {
            ended = true;
            ScriptAnswer end = step.end();
            if (end.reported()) {
                usage = Usage.of(end.promptTokens(), end.completionTokens());
            }
            out.add(chunks.delta(roleSent ? JsonNodeFactory.instance.objectNode() : delta(), end.finishReason()));
            if (chunks.includeUsage()) {
                out.add(chunks.usage(OpenAiUsage.toNode(usage)));
            }
            out.add(ChatChunks.DONE);
        }
        return out;
    }

    /** The first delta carries the role, as OpenAI's first chunk does. */
    private ObjectNode delta() {
        ObjectNode delta = JsonNodeFactory.instance.objectNode();
        if (!roleSent) {
            delta.put("role", "assistant");
            roleSent = true;
        }
        return delta;
    }

    @Override
    public List<SseEvent> onComplete() {
        return List.of();
    }

    @Override
    public boolean endedCleanly() {
        return ended;
    }

    @Override
    public Usage usage() {
        return usage;
    }
}
