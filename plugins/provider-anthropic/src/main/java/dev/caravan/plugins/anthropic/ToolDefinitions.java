package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} as Anthropic
 * {@code tools} and {@code tool_choice}: a function becomes {@code {name, description,
 * input_schema}} (its {@code strict} flag is dropped); {@code auto}, {@code none}, {@code required}
 * and a named function become {@code auto}, {@code none}, {@code any} and {@code tool};
 * {@code parallel_tool_calls: false} becomes {@code disable_parallel_tool_use: true}.
 */
final class ToolDefinitions {

    private ToolDefinitions() {}

    /** Adds {@code tools} and {@code tool_choice} to {@code messages} when the chat request has tools. */
    static void translate(ObjectNode chat, ObjectNode messages) {
        JsonNode tools = chat.get("tools");
        JsonNode choice = chat.get("tool_choice");
        if (!RequestFields.present(tools) || (tools.isArray() && tools.isEmpty())) {
            refuseChoiceWithoutTools(choice);
            return;
        }
        if (!tools.isArray()) {
            throw RequestFields.refuse("tools", "must be an array of tools");
        }
        ArrayNode out = messages.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            out.add(tool(tools.get(i), "tools[" + i + "]"));
        }
        ObjectNode anthropicChoice = RequestFields.present(choice) ? choice(choice) : null;
        JsonNode parallel = chat.get("parallel_tool_calls");
        if (RequestFields.present(parallel) && !parallel.isBoolean()) {
            throw RequestFields.refuse("parallel_tool_calls", "must be a boolean");
        }
        boolean serial = RequestFields.present(parallel) && !parallel.asBoolean();
        if (serial && (anthropicChoice == null || !"none".equals(anthropicChoice.get("type").asText()))) {
            if (anthropicChoice == null) {
                anthropicChoice = Json.object().put("type", "auto");
            }
            anthropicChoice.put("disable_parallel_tool_use", true);
        }
        if (anthropicChoice != null) {
            messages.set("tool_choice", anthropicChoice);
        }
    }

    private static void refuseChoiceWithoutTools(JsonNode choice) {
        boolean harmless = !RequestFields.present(choice) || (choice.isTextual() && !"required".equals(choice.asText()));
        if (!harmless) {
            throw RequestFields.refuse("tool_choice", "requires tools");
        }
    }

    private static ObjectNode tool(JsonNode tool, String path) {
        if (!tool.isObject()) {
            throw RequestFields.refuse(path, "must be an object");
        }
        String type = RequestFields.requiredText(tool, "type", path + ".type");
        if (!"function".equals(type)) {
            throw RequestFields.refuse(path + ".type", "only function tools are translated to Anthropic, got '" + type + "'");
        }
        JsonNode function = tool.get("function");
        if (function == null || !function.isObject()) {
            throw RequestFields.refuse(path + ".function", "required: an object with a name");
        }
        ObjectNode out = Json.object().put("name", RequestFields.requiredText(function, "name", path + ".function.name"));
        JsonNode description = function.get("description");
        if (RequestFields.present(description)) {
            if (!description.isTextual()) {
                throw RequestFields.refuse(path + ".function.description", "must be a string");
            }
            out.put("description", description.asText());
        }
        out.set("input_schema", schema(function.get("parameters"), path + ".function.parameters"));
        return out;
    }

    /** Anthropic requires an object schema; OpenAI allows leaving it out for a function without parameters. */
    private static JsonNode schema(JsonNode parameters, String path) {
        if (!RequestFields.present(parameters)) {
            ObjectNode empty = Json.object().put("type", "object");
            empty.putObject("properties");
            return empty;
        }
        if (!parameters.isObject()) {
            throw RequestFields.refuse(path, "must be a JSON Schema object");
        }
        JsonNode type = parameters.get("type");
        if (RequestFields.present(type) && !"object".equals(type.asText())) {
            throw RequestFields.refuse(path + ".type", "Anthropic tool input must be an object schema, got '" + type.asText() + "'");
        }
        if (!RequestFields.present(type)) {
            ObjectNode typed = Json.object().put("type", "object");
            typed.setAll((ObjectNode) parameters);
            return typed;
        }
        return parameters;
    }

    private static ObjectNode choice(JsonNode choice) {
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> Json.object().put("type", "auto");
                case "none" -> Json.object().put("type", "none");
                case "required" -> Json.object().put("type", "any");
                default -> throw RequestFields.refuse("tool_choice", "must be auto, none, required or a function, got '" + choice.asText() + "'");
            };
        }
        if (!choice.isObject()) {
            throw RequestFields.refuse("tool_choice", "must be a string or an object");
        }
        String type = RequestFields.requiredText(choice, "type", "tool_choice.type");
        if (!"function".equals(type)) {
            throw RequestFields.refuse("tool_choice.type", "only a function choice is translated to Anthropic, got '" + type + "'");
        }
        JsonNode function = choice.get("function");
        if (function == null || !function.isObject()) {
            throw RequestFields.refuse("tool_choice.function", "required: an object with a name");
        }
        return Json.object().put("type", "tool").put("name", RequestFields.requiredText(function, "name", "tool_choice.function.name"));
    }
}
