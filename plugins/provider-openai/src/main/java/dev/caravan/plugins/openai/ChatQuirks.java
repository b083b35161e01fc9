package dev.caravan.plugins.openai;

import java.util.Map;
import java.util.Set;

/**
 * How a host's {@code /chat/completions} differs from OpenAI's on the wire.
 *
 * @param host              the host's name for messages, e.g. {@code Groq}
 * @param askForStreamUsage whether the host accepts {@code stream_options.include_usage}; when it
 *                          does not, the gateway neither adds {@code stream_options} nor forwards the
 *                          client's (the host reports stream usage without being asked)
 * @param dropped           fields the host rejects that only carry bookkeeping for OpenAI (they do
 *                          not change the answer): removed from the upstream body
 * @param renamed           fields the host knows under another name with the same meaning
 * @param refused           fields the host rejects that would change the answer, with the reason:
 *                          the request is refused with a 400 naming the field
 * @param singleChoice      whether the host accepts only {@code n: 1}
 * @param namelessMessages  whether the host rejects {@code messages[].name}
 */
record ChatQuirks(
        String host,
        boolean askForStreamUsage,
        Set<String> dropped,
        Map<String, String> renamed,
        Map<String, String> refused,
        boolean singleChoice,
        boolean namelessMessages) {

    static final ChatQuirks NONE = new ChatQuirks("this provider", true, Set.of(), Map.of(), Map.of(), false, false);

    /** console.groq.com/docs/openai: these fields "will result in a 400 error", n must be 1. */
    static final ChatQuirks GROQ = new ChatQuirks("Groq", true, Set.of(), Map.of(),
            Map.of("logprobs", "not supported by Groq",
                    "logit_bias", "not supported by Groq",
                    "top_logprobs", "not supported by Groq"),
            true, true);

    /**
     * Mistral's API forbids unknown fields (422 {@code extra_forbidden}); it rejects
     * {@code stream_options}, {@code store}, {@code user} and {@code max_completion_tokens}, and
     * calls the latter {@code max_tokens}.
     */
    static final ChatQuirks MISTRAL = new ChatQuirks("Mistral", false, Set.of("store", "user"),
            Map.of("max_completion_tokens", "max_tokens"), Map.of(), false, false);
}
