package dev.caravan.platform.families;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.Usage;

/**
 * Builds the Responses API {@code response} object: the fields the SDKs require, the request's
 * settings echoed back as OpenAI does, the status and the {@code output} items.
 */
final class ResponseObject {

    private ResponseObject() {}

    static ObjectNode of(ObjectNode request, String id, long createdAt, String model, String status, ArrayNode output) {
        ObjectNode response = FamilyJson.object();
        response.put("id", id);
        response.put("object", "response");
        response.put("created_at", createdAt);
        response.put("status", status);
        response.putNull("error");
        response.putNull("incomplete_details");
        echo(request, "instructions", response);
        echo(request, "max_output_tokens", response);
        response.put("model", model);
        response.set("output", output);
        response.put("parallel_tool_calls", request.path("parallel_tool_calls").asBoolean(true));
        response.putNull("previous_response_id");
        echo(request, "temperature", response);
        JsonNode choice = request.get("tool_choice");
        response.set("tool_choice", choice == null || choice.isNull() ? FamilyJson.MAPPER.getNodeFactory().textNode("auto") : choice);
        JsonNode tools = request.get("tools");
        response.set("tools", echoedTools(tools));
        echo(request, "top_p", response);
        JsonNode metadata = request.get("metadata");
        response.set("metadata", metadata != null && metadata.isObject() ? metadata : FamilyJson.object());
        JsonNode text = request.get("text");
        response.set("text", text != null && text.isObject() ? text : textDefault());
        response.put("store", false);
        // The schema types user as a string and usage as ResponseUsage, neither nullable: left out
        // until known (usage arrives with response.completed), as OpenAI's own in-progress objects do.
        JsonNode user = request.get("user");
        if (user != null && user.isTextual()) {
            response.set("user", user);
        }
        return response;
    }

    static void complete(ObjectNode response, String finishReason, Usage usage) {
        if ("length".equals(finishReason) || "content_filter".equals(finishReason)) {
            response.put("status", "incomplete");
            response.putObject("incomplete_details").put("reason",
                    "length".equals(finishReason) ? "max_output_tokens" : "content_filter");
        } else {
            response.put("status", "completed");
        }
        response.set("usage", usage(usage));
    }

    static ObjectNode usage(Usage usage) {
        ObjectNode out = FamilyJson.object();
        out.put("input_tokens", usage.promptTokens());
        out.putObject("input_tokens_details").put("cached_tokens", usage.cachedTokens())
                .put("cache_write_tokens", usage.cacheWriteTokens()); // required by ResponseUsage
        out.put("output_tokens", usage.completionTokens());
        out.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        out.put("total_tokens", usage.totalTokens());
        return out;
    }

    static ObjectNode messageItem(String id, String status, String text) {
        ObjectNode item = FamilyJson.object().put("id", id).put("type", "message").put("status", status).put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(outputText(text));
        }
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = FamilyJson.object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode functionCallItem(String id, String callId, String name, String arguments, String status) {
        return FamilyJson.object().put("id", id).put("type", "function_call").put("status", status)
                .put("arguments", arguments).put("call_id", callId).put("name", name);
    }

    static String responseId(String chatId) {
        return "resp_" + (chatId.isEmpty() ? Long.toHexString(System.nanoTime()) : chatId.replace("chatcmpl-", ""));
    }

    private static ObjectNode textDefault() {
        ObjectNode text = FamilyJson.object();
        text.putObject("format").put("type", "text");
        return text;
    }

    /**
     * The request's tools as the response echoes them: the schema's FunctionTool requires
     * {@code strict} and {@code parameters} (nullable), so a function tool sent without them gets
     * {@code null}, meaning "not given". The request body itself is left untouched.
     */
    private static ArrayNode echoedTools(JsonNode tools) {
        ArrayNode out = FamilyJson.MAPPER.createArrayNode();
        if (tools == null || !tools.isArray()) {
            return out;
        }
        for (JsonNode tool : tools) {
            if (tool.isObject() && "function".equals(tool.path("type").asText())
                    && (!tool.has("strict") || !tool.has("parameters"))) {
                ObjectNode copy = ((ObjectNode) tool).deepCopy();
                if (!copy.has("strict")) {
                    copy.putNull("strict");
                }
                if (!copy.has("parameters")) {
                    copy.putNull("parameters");
                }
                out.add(copy);
            } else {
                out.add(tool);
            }
        }
        return out;
    }

    private static void echo(ObjectNode request, String field, ObjectNode response) {
        JsonNode value = request.get(field);
        response.set(field, value == null ? FamilyJson.MAPPER.getNodeFactory().nullNode() : value);
    }
}
