package dev.caravan.plugins.openai;

import static dev.caravan.api.ApiFamily.CHAT_COMPLETIONS;
import static dev.caravan.api.ApiFamily.EMBEDDINGS;
import static dev.caravan.api.ApiFamily.IMAGES;
import static dev.caravan.api.ApiFamily.RESPONSES;

import dev.caravan.api.ApiFamily;
import dev.caravan.api.provider.ProviderCapabilities;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An OpenAI-compatible host ({@code options.preset}): which API families it serves, whether it
 * serves tools and image inputs, and how its chat endpoint differs on the wire. Each fact comes from
 * the host's public documentation (see {@code docs/providers.md}, which says which were verified).
 */
enum Preset {
    OPENAI(Set.of(CHAT_COMPLETIONS, RESPONSES, EMBEDDINGS, IMAGES), true, ChatQuirks.NONE),
    AZURE(Set.of(CHAT_COMPLETIONS, RESPONSES, EMBEDDINGS, IMAGES), true, ChatQuirks.NONE),
    OLLAMA(Set.of(CHAT_COMPLETIONS, RESPONSES, EMBEDDINGS), true, ChatQuirks.NONE),
    VLLM(Set.of(CHAT_COMPLETIONS, RESPONSES, EMBEDDINGS), true, ChatQuirks.NONE),
    GROQ(Set.of(CHAT_COMPLETIONS, RESPONSES), true, ChatQuirks.GROQ),
    TOGETHER(Set.of(CHAT_COMPLETIONS, EMBEDDINGS, IMAGES), true, ChatQuirks.NONE),
    MISTRAL(Set.of(CHAT_COMPLETIONS, EMBEDDINGS), true, ChatQuirks.MISTRAL),
    DEEPSEEK(Set.of(CHAT_COMPLETIONS, RESPONSES), false, ChatQuirks.NONE);

    /** Every family some preset serves: what the adapter speaks natively at all. */
    static final Set<ApiFamily> ALL_FAMILIES = Set.of(CHAT_COMPLETIONS, RESPONSES, EMBEDDINGS, IMAGES);

    private final Set<ApiFamily> families;
    private final boolean vision;
    private final ChatQuirks chat;

    Preset(Set<ApiFamily> families, boolean vision, ChatQuirks chat) {
        this.families = families;
        this.vision = vision;
        this.chat = chat;
    }

    /** Streaming and tools are served by every preset; families and image inputs differ. */
    ProviderCapabilities capabilities() {
        return new ProviderCapabilities(families, true, true, vision);
    }

    boolean serves(ApiFamily family) {
        return families.contains(family);
    }

    ChatQuirks chat() {
        return chat;
    }

    /** The name operators write, e.g. {@code groq}. */
    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The preset named {@code name}, or null when there is none. */
    static Preset named(String name) {
        for (Preset preset : values()) {
            if (preset.configName().equals(name)) {
                return preset;
            }
        }
        return null;
    }

    static String names() {
        return Arrays.stream(values()).map(Preset::configName).collect(Collectors.joining(", "));
    }
}
