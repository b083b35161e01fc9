package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * OpenAI request fields Gemini has no equivalent for. Those that change what the client gets back
 * are refused with a 400 naming the field, so the client never silently receives less than it asked
 * for: {@code logprobs}/{@code top_logprobs}, {@code logit_bias}, audio output ({@code audio},
 * {@code modalities} other than text), {@code web_search_options}, and the deprecated
 * {@code functions}/{@code function_call}. Fields that only tune OpenAI's own service
 * ({@code user}, {@code metadata}, {@code store}, {@code service_tier}, {@code parallel_tool_calls},
 * {@code reasoning_effort}, {@code prediction}, ...) are dropped, as is any field not named here.
 */
final class RequestFieldPolicy {

    private RequestFieldPolicy() {}

    static void check(JsonNode body) {
        if (body.path("logprobs").asBoolean(false)) {
            throw RequestFields.unsupported("logprobs", "token log probabilities are not translated from Gemini");
        }
        if (body.path("top_logprobs").asInt(0) > 0) {
            throw RequestFields.unsupported("top_logprobs", "token log probabilities are not translated from Gemini");
        }
        if (body.path("logit_bias").isObject() && !body.get("logit_bias").isEmpty()) {
            throw RequestFields.unsupported("logit_bias", "Gemini has no logit bias");
        }
        if (!RequestFields.unset(body.get("audio"))) {
            throw RequestFields.unsupported("audio", "audio output is not translated for Gemini");
        }
        for (JsonNode modality : body.path("modalities")) {
            if (!"text".equals(modality.asText())) {
                throw RequestFields.unsupported("modalities", "only text output is translated for Gemini");
            }
        }
        for (String field : new String[] {"web_search_options", "functions", "function_call"}) {
            if (!RequestFields.unset(body.get(field))) {
                throw RequestFields.unsupported(field, "not translated for Gemini"
                        + (field.startsWith("function") ? "; use tools and tool_choice" : ""));
            }
        }
    }
}
