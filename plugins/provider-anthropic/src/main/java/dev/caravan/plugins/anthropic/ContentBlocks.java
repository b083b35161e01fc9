package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI message {@code content} (a string or an array of parts) as Anthropic content blocks.
 * Empty text is left out: Anthropic rejects empty text blocks, and an empty string carries nothing.
 */
final class ContentBlocks {

    private ContentBlocks() {}

    /** A user message's content: text, image and PDF file parts. */
    static ArrayNode user(JsonNode content, String path) {
        ArrayNode blocks = Json.NODES.arrayNode();
        if (content.isTextual()) {
            addText(blocks, content.asText());
            return blocks;
        }
        requireArray(content, path);
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partPath = path + "[" + i + "]";
            String type = partType(part, partPath);
            switch (type) {
                case "text" -> addText(blocks, RequestFields.requiredText(part, "text", partPath + ".text"));
                case "image_url" -> blocks.add(ImageSource.block(imageUrl(part, partPath), partPath + ".image_url.url"));
                case "input_audio" -> throw RequestFields.refuse(partPath + ".type", "Anthropic does not accept audio input");
                case "file" -> blocks.add(PdfDocument.block(part, partPath));
                default -> throw RequestFields.refuse(partPath + ".type", "unknown content part type '" + type + "'");
            }
        }
        return blocks;
    }

    /**
     * Text-only content (system, developer, assistant and tool messages): the joined text of the
     * parts. Assistant {@code refusal} parts count as text: they are what the assistant said.
     */
    static String text(JsonNode content, String path) {
        if (content.isTextual()) {
            return content.asText();
        }
        requireArray(content, path);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partPath = path + "[" + i + "]";
            String type = partType(part, partPath);
            switch (type) {
                case "text" -> text.append(RequestFields.requiredText(part, "text", partPath + ".text"));
                case "refusal" -> text.append(RequestFields.requiredText(part, "refusal", partPath + ".refusal"));
                default -> throw RequestFields.refuse(partPath + ".type", "only text parts are allowed here, got '" + type + "'");
            }
        }
        return text.toString();
    }

    static void addText(ArrayNode blocks, String text) {
        if (!text.isEmpty()) {
            blocks.add(textBlock(text));
        }
    }

    static ObjectNode textBlock(String text) {
        return Json.object().put("type", "text").put("text", text);
    }

    private static void requireArray(JsonNode content, String path) {
        if (!content.isArray()) {
            throw RequestFields.refuse(path, "must be a string or an array of content parts, got " + RequestFields.typeOf(content));
        }
    }

    private static String partType(JsonNode part, String path) {
        if (!part.isObject()) {
            throw RequestFields.refuse(path, "must be an object, got " + RequestFields.typeOf(part));
        }
        return RequestFields.requiredText(part, "type", path + ".type");
    }

    private static String imageUrl(JsonNode part, String path) {
        JsonNode image = part.get("image_url");
        if (image != null && image.isTextual()) {
            return image.asText(); // some clients send the URL itself
        }
        if (image == null || !image.isObject()) {
            throw RequestFields.refuse(path + ".image_url", "required: an object with a url");
        }
        return RequestFields.requiredText(image, "url", path + ".image_url.url");
    }
}
