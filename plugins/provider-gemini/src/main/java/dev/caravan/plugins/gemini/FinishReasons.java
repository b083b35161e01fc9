package dev.caravan.plugins.gemini;

import java.util.Set;

/**
 * Gemini's {@code finishReason} as an OpenAI {@code finish_reason}. Blocks by any of Google's
 * filters are {@code content_filter}; a stop after function calls is {@code tool_calls}, as OpenAI
 * reports it; reasons OpenAI has no word for ({@code OTHER}, {@code LANGUAGE},
 * {@code MALFORMED_FUNCTION_CALL}, ...) are {@code stop}.
 */
final class FinishReasons {

    private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY");

    private FinishReasons() {}

    static String toOpenAi(String geminiReason, boolean calledFunctions) {
        if ("MAX_TOKENS".equals(geminiReason)) {
            return "length";
        }
        if (FILTERED.contains(geminiReason)) {
            return "content_filter";
        }
        return calledFunctions ? "tool_calls" : "stop";
    }
}
