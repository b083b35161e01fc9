package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Translates OpenAI {@code tools} into one Gemini tool with {@code functionDeclarations}, and
 * {@code tool_choice} into {@code toolConfig.functionCallingConfig}: {@code auto} → AUTO,
 * {@code none} → NONE, {@code required} → ANY, a named function → ANY limited to that name,
 * {@code allowed_tools} in {@code required} mode → ANY limited to the listed names. Only function
 * tools exist in Gemini's function calling; other tool types are refused.
 */
final class ToolTranslator {

    private ToolTranslator() {}

    static void translate(JsonNode body, ObjectNode request) {
        JsonNode tools = body.get("tools");
        if (!RequestFields.unset(tools) && !RequestFields.array(tools, "tools").isEmpty()) {
            ArrayNode declarations = request.putArray("tools").addObject().putArray("functionDeclarations");
            for (int i = 0; i < tools.size(); i++) {
                declarations.add(declaration(tools.get(i), "tools[" + i + "]"));
            }
        }
        JsonNode choice = body.get("tool_choice");
        if (!RequestFields.unset(choice)) {
            request.putObject("toolConfig").set("functionCallingConfig", callingConfig(choice));
        }
    }

    private static ObjectNode declaration(JsonNode tool, String path) {
        RequestFields.object(tool, path);
        String type = RequestFields.text(tool.path("type"), path + ".type");
        if (!"function".equals(type)) {
            throw RequestFields.unsupported(path + ".type", "only function tools can be sent to Gemini, got '" + type + "'");
        }
        JsonNode function = RequestFields.object(tool.path("function"), path + ".function");
        ObjectNode declaration = Json.NODES.objectNode();
        declaration.put("name", RequestFields.text(function.path("name"), path + ".function.name"));
        if (!RequestFields.unset(function.get("description"))) {
            declaration.put("description", RequestFields.text(function.get("description"), path + ".function.description"));
        }
        if (!RequestFields.unset(function.get("parameters"))) {
            ObjectNode parameters = SchemaTranslator.translate(function.get("parameters"), path + ".function.parameters");
            if (!SchemaTranslator.isEmptyObject(parameters)) {
                declaration.set("parameters", parameters); // Gemini refuses an OBJECT without properties here
            }
        }
        return declaration;
    }

    private static ObjectNode callingConfig(JsonNode choice) {
        ObjectNode config = Json.NODES.objectNode();
        if (choice.isTextual()) {
            String mode = switch (choice.textValue()) {
                case "auto" -> "AUTO";
                case "none" -> "NONE";
                case "required" -> "ANY";
                default -> throw RequestFields.unsupported("tool_choice", "must be auto, none, required or an object");
            };
            return config.put("mode", mode);
        }
        RequestFields.object(choice, "tool_choice");
        String type = RequestFields.text(choice.path("type"), "tool_choice.type");
        config.put("mode", "ANY");
        ArrayNode names = config.putArray("allowedFunctionNames");
        if ("function".equals(type)) {
            names.add(RequestFields.text(choice.path("function").path("name"), "tool_choice.function.name"));
        } else if ("allowed_tools".equals(type)) {
            allowedTools(choice.path("allowed_tools"), names);
        } else {
            throw RequestFields.unsupported("tool_choice.type", "must be function or allowed_tools, got '" + type + "'");
        }
        return config;
    }

    /** Gemini limits the functions only when it must call one (ANY), so the auto mode cannot be translated. */
    private static void allowedTools(JsonNode allowed, ArrayNode names) {
        RequestFields.object(allowed, "tool_choice.allowed_tools");
        if (!"required".equals(allowed.path("mode").asText())) {
            throw RequestFields.unsupported("tool_choice.allowed_tools.mode",
                    "Gemini can restrict the callable functions only when a call is required (mode: required)");
        }
        JsonNode tools = RequestFields.array(allowed.path("tools"), "tool_choice.allowed_tools.tools");
        for (int i = 0; i < tools.size(); i++) {
            String path = "tool_choice.allowed_tools.tools[" + i + "]";
            if (!"function".equals(tools.get(i).path("type").asText())) {
                throw RequestFields.unsupported(path + ".type", "only function tools can be sent to Gemini");
            }
            names.add(RequestFields.text(tools.get(i).path("function").path("name"), path + ".function.name"));
        }
    }
}
