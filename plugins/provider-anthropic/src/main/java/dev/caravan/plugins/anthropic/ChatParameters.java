package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * What happens to each top-level field of an OpenAI chat request sent to Anthropic. One table, so
 * the documentation (docs/providers.md) and the code say the same thing:
 * <ul>
 *   <li>{@link #TRANSLATED}: mapped to a Messages field by {@link ChatRequestTranslator};</li>
 *   <li>{@link #DROPPED}: no Anthropic equivalent and harmless to leave out (a best-effort hint or
 *       OpenAI-side storage), so ignored;</li>
 *   <li>{@link #DEFAULT_ONLY}: accepted only with their no-op value (what clients send by default),
 *       refused otherwise, because Anthropic would silently answer differently;</li>
 *   <li>everything else: refused, naming the field, so a client never gets an answer that ignored
 *       what it asked for.</li>
 * </ul>
 */
final class ChatParameters {

    static final Set<String> TRANSLATED = Set.of("model", "messages", "max_tokens", "max_completion_tokens",
            "temperature", "top_p", "stop", "stream", "stream_options", "tools", "tool_choice",
            "parallel_tool_calls", "user", "safety_identifier", "response_format");

    static final Set<String> DROPPED = Set.of("seed", "store", "metadata", "service_tier", "prediction",
            "prompt_cache_key", "prompt_cache_retention");

    /** Field → why a value other than the no-op one is refused. */
    private static final Map<String, String> DEFAULT_ONLY = Map.of(
            "n", "Anthropic returns one choice per request; only n = 1 is supported",
            "logprobs", "Anthropic does not return log probabilities",
            "top_logprobs", "Anthropic does not return log probabilities",
            "logit_bias", "Anthropic has no logit bias",
            "frequency_penalty", "Anthropic has no frequency penalty; only 0 is supported",
            "presence_penalty", "Anthropic has no presence penalty; only 0 is supported",
            "modalities", "Anthropic answers with text only; only [\"text\"] is supported");

    private static final Map<String, String> REFUSED = Map.of(
            "audio", "Anthropic has no audio output",
            "functions", "legacy functions are not translated; send tools instead",
            "function_call", "legacy function_call is not translated; send tool_choice instead",
            "reasoning_effort", "not translated to Anthropic extended thinking; call /v1/messages with thinking instead",
            "verbosity", "Anthropic has no verbosity setting",
            "web_search_options", "web search is not translated; call /v1/messages with Anthropic's web search tool instead");

    private ChatParameters() {}

    /** Refuses the first field of {@code chat} that cannot be served faithfully. */
    static void check(ObjectNode chat) {
        for (Map.Entry<String, JsonNode> field : chat.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (TRANSLATED.contains(name) || DROPPED.contains(name) || !RequestFields.present(value)) {
                continue;
            }
            if (DEFAULT_ONLY.containsKey(name)) {
                if (!isNoOp(name, value)) {
                    throw RequestFields.refuse(name, DEFAULT_ONLY.get(name));
                }
            } else if (REFUSED.containsKey(name)) {
                throw RequestFields.refuse(name, REFUSED.get(name));
            } else {
                throw RequestFields.refuse(name, "unknown parameter; the anthropic adapter does not know how to translate it");
            }
        }
    }

    private static boolean isNoOp(String name, JsonNode value) {
        return switch (name) {
            case "n" -> value.isIntegralNumber() && value.asLong() == 1;
            case "logprobs" -> value.isBoolean() && !value.asBoolean();
            case "top_logprobs" -> value.isIntegralNumber() && value.asLong() == 0;
            case "logit_bias" -> value.isObject() && value.isEmpty();
            case "frequency_penalty", "presence_penalty" -> value.isNumber() && value.asDouble() == 0;
            case "modalities" -> value.isArray() && value.size() == 1 && "text".equals(value.get(0).asText());
            default -> false;
        };
    }
}
