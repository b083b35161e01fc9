package dev.caravan.plugins.anthropic;

/** Anthropic's {@code stop_reason} as OpenAI's {@code finish_reason}. */
final class FinishReason {

    private FinishReason() {}

    /**
     * {@code end_turn}, {@code stop_sequence} and {@code pause_turn} (a server tool paused the turn)
     * → {@code stop}; {@code max_tokens} and {@code model_context_window_exceeded} → {@code length};
     * {@code tool_use} → {@code tool_calls}; {@code refusal} → {@code content_filter}. Reasons added
     * to the API later read as {@code stop}, the answer having ended normally as far as the client can tell.
     */
    static String of(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }
}
