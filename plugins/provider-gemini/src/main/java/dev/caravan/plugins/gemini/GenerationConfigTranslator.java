package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Translates OpenAI sampling and output parameters into Gemini's {@code generationConfig}:
 * the mapping table below, plus {@code stop} → {@code stopSequences},
 * {@code max_completion_tokens} (or the older {@code max_tokens}) → {@code maxOutputTokens} and
 * {@code response_format} → {@code responseMimeType}/{@code responseSchema}.
 */
final class GenerationConfigTranslator {

    /** OpenAI number parameter → Gemini generationConfig field, copied as is (in this order). */
    private static final Map<String, String> NUMBERS = ordered(
            "temperature", "temperature",
            "top_p", "topP",
            "presence_penalty", "presencePenalty",
            "frequency_penalty", "frequencyPenalty");
    /** OpenAI integer parameter → Gemini generationConfig field, copied as is (in this order). */
    private static final Map<String, String> INTEGERS = ordered(
            "n", "candidateCount",
            "seed", "seed");

    private GenerationConfigTranslator() {}

    /** Adds {@code generationConfig} to {@code request} when any parameter maps to it. */
    static void translate(JsonNode body, ObjectNode request) {
        ObjectNode config = Json.NODES.objectNode();
        NUMBERS.forEach((openAi, gemini) -> {
            if (!RequestFields.unset(body.get(openAi))) {
                config.set(gemini, RequestFields.number(body.get(openAi), openAi));
            }
        });
        INTEGERS.forEach((openAi, gemini) -> {
            if (!RequestFields.unset(body.get(openAi))) {
                config.set(gemini, RequestFields.integer(body.get(openAi), openAi));
            }
        });
        maxOutputTokens(body, config);
        stopSequences(body.get("stop"), config);
        responseFormat(body.get("response_format"), config);
        if (!config.isEmpty()) {
            request.set("generationConfig", config);
        }
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    private static void maxOutputTokens(JsonNode body, ObjectNode config) {
        for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
            if (!RequestFields.unset(body.get(field))) {
                config.set("maxOutputTokens", RequestFields.integer(body.get(field), field));
                return;
            }
        }
    }

    private static void stopSequences(JsonNode stop, ObjectNode config) {
        if (RequestFields.unset(stop)) {
            return;
        }
        ArrayNode sequences = config.putArray("stopSequences");
        if (stop.isTextual()) {
            sequences.add(stop.textValue());
            return;
        }
        RequestFields.array(stop, "stop");
        for (int i = 0; i < stop.size(); i++) {
            sequences.add(RequestFields.text(stop.get(i), "stop[" + i + "]"));
        }
        if (sequences.isEmpty()) {
            config.remove("stopSequences");
        }
    }

    private static void responseFormat(JsonNode format, ObjectNode config) {
        if (RequestFields.unset(format)) {
            return;
        }
        String type = RequestFields.text(RequestFields.object(format, "response_format").path("type"), "response_format.type");
        switch (type) {
            case "text" -> { }
            case "json_object" -> config.put("responseMimeType", "application/json");
            case "json_schema" -> {
                config.put("responseMimeType", "application/json");
                JsonNode schema = RequestFields.object(format.path("json_schema"), "response_format.json_schema").get("schema");
                if (!RequestFields.unset(schema)) {
                    config.set("responseSchema", SchemaTranslator.translate(schema, "response_format.json_schema.schema"));
                }
            }
            default -> throw RequestFields.unsupported("response_format.type", "must be text, json_object or json_schema");
        }
    }
}
