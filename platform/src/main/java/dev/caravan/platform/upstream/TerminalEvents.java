package dev.caravan.platform.upstream;

import dev.caravan.api.provider.SseEvent;

/**
 * The events that end a complete stream in the client's wire format: {@code data: [DONE]}
 * (OpenAI chat completions), {@code message_stop} (Anthropic Messages), {@code response.completed}
 * (OpenAI Responses). A client that was handed one has the whole answer.
 */
final class TerminalEvents {

    private TerminalEvents() {}

    static boolean isTerminal(SseEvent event) {
        String name = event.event();
        if (name != null) {
            return name.equals("message_stop") || name.equals("response.completed");
        }
        String data = event.data();
        return data != null && data.length() < 16 && data.strip().equals("[DONE]");
    }
}
