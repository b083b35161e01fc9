package dev.caravan.platform.families;

import dev.caravan.api.Usage;
import dev.caravan.api.provider.OpenAiUsage;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays the chat adapter's part under the bridges in unit tests: an OpenAI chat stream is already
 * canonical, so every event passes as is; usage is read from the chunk that carries it and
 * {@code [DONE]} marks the clean end (what provider-openai's translator does).
 */
final class ChatPassThrough implements StreamTranslator {

    private Usage usage = Usage.NONE;
    private boolean done;

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        if (SseEvents.isDone(upstreamEvent)) {
            done = true;
        } else {
            Usage reported = OpenAiUsage.fromNode(FamilyJson.parseObject(upstreamEvent.data()).path("usage"));
            if (reported.reported()) {
                usage = reported;
            }
        }
        return List.of(upstreamEvent);
    }

    @Override
    public List<SseEvent> onComplete() {
        return List.of();
    }

    @Override
    public boolean endedCleanly() {
        return done;
    }

    @Override
    public Usage usage() {
        return usage;
    }

    /** Feeds {@code chunks} (JSON strings, or {@code [DONE]}) through {@code translator} and returns all it sent. */
    static List<SseEvent> run(StreamTranslator translator, String... chunks) {
        List<SseEvent> out = new ArrayList<>();
        for (String chunk : chunks) {
            out.addAll(translator.onEvent(SseEvent.data(chunk)));
        }
        out.addAll(translator.onComplete());
        return out;
    }

    static String chunk(String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    static final String USAGE = "{\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":7,"
            + "\"total_tokens\":27,\"prompt_tokens_details\":{\"cached_tokens\":5}}}";
}
