package dev.caravan.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * Translates the {@code content} of one OpenAI message (a string or an array of content parts) into
 * Gemini {@code parts}: text → {@code text}; images as data URLs → {@code inlineData}, as http(s)
 * URLs → {@code fileData} (with the MIME type when the file extension tells it); {@code input_audio}
 * and {@code file} parts with inline data → {@code inlineData}. Anything Gemini cannot receive
 * (a {@code file_id} of OpenAI's Files API, an unknown part type) is refused with its path.
 */
final class ContentParts {

    private static final Map<String, String> IMAGE_TYPES = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "webp", "image/webp",
            "heic", "image/heic", "heif", "image/heif", "gif", "image/gif");
    private static final Map<String, String> AUDIO_TYPES = Map.of("wav", "audio/wav", "mp3", "audio/mp3");

    private ContentParts() {}

    /** Appends the parts of {@code content} (path {@code messages[i].content}) to {@code parts}. */
    static void append(JsonNode content, String path, ArrayNode parts) {
        if (RequestFields.unset(content)) {
            return;
        }
        if (content.isTextual()) {
            if (!content.textValue().isEmpty()) {
                parts.addObject().put("text", content.textValue());
            }
            return;
        }
        RequestFields.array(content, path);
        for (int i = 0; i < content.size(); i++) {
            parts.add(part(content.get(i), path + "[" + i + "]"));
        }
    }

    /** The text of a content that may only hold text (system and tool messages). */
    static String textOnly(JsonNode content, String path) {
        if (RequestFields.unset(content)) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        StringBuilder text = new StringBuilder();
        RequestFields.array(content, path);
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = RequestFields.object(content.get(i), path + "[" + i + "]");
            if (!"text".equals(part.path("type").asText())) {
                throw RequestFields.unsupported(path + "[" + i + "].type", "only text parts are allowed here");
            }
            text.append(RequestFields.text(part.path("text"), path + "[" + i + "].text"));
        }
        return text.toString();
    }

    private static ObjectNode part(JsonNode part, String path) {
        RequestFields.object(part, path);
        String type = RequestFields.text(part.path("type"), path + ".type");
        ObjectNode out = Json.NODES.objectNode();
        switch (type) {
            case "text" -> out.put("text", RequestFields.text(part.path("text"), path + ".text"));
            case "refusal" -> out.put("text", RequestFields.text(part.path("refusal"), path + ".refusal"));
            case "image_url" -> image(part.path("image_url"), path + ".image_url", out);
            case "input_audio" -> audio(part.path("input_audio"), path + ".input_audio", out);
            case "file" -> file(part.path("file"), path + ".file", out);
            default -> throw RequestFields.unsupported(path + ".type", "content part type '" + type + "' cannot be sent to Gemini");
        }
        return out;
    }

    private static void image(JsonNode image, String path, ObjectNode out) {
        JsonNode urlNode = image.isTextual() ? image : RequestFields.object(image, path).path("url");
        String url = RequestFields.text(urlNode, path + ".url");
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon + 1).toLowerCase(Locale.ROOT);
        if (scheme.equals("data:")) {
            inline(DataUrl.parse(url, path + ".url"), out);
        } else if (scheme.equals("https:") || scheme.equals("http:")) {
            ObjectNode fileData = out.putObject("fileData");
            String mimeType = IMAGE_TYPES.get(extension(url));
            if (mimeType != null) {
                fileData.put("mimeType", mimeType);
            }
            fileData.put("fileUri", url);
        } else {
            throw RequestFields.unsupported(path + ".url", "must be a data: URL or an http(s) URL");
        }
    }

    private static void audio(JsonNode audio, String path, ObjectNode out) {
        RequestFields.object(audio, path);
        String format = RequestFields.text(audio.path("format"), path + ".format");
        String mimeType = AUDIO_TYPES.get(format);
        if (mimeType == null) {
            throw RequestFields.unsupported(path + ".format", "must be wav or mp3");
        }
        inline(new DataUrl(mimeType, RequestFields.text(audio.path("data"), path + ".data")), out);
    }

    private static void file(JsonNode file, String path, ObjectNode out) {
        RequestFields.object(file, path);
        if (!RequestFields.unset(file.get("file_data"))) {
            inline(DataUrl.parse(RequestFields.text(file.get("file_data"), path + ".file_data"), path + ".file_data"), out);
        } else if (!RequestFields.unset(file.get("file_id"))) {
            throw RequestFields.unsupported(path + ".file_id", "OpenAI file ids cannot be sent to Gemini; send file_data instead");
        } else {
            throw RequestFields.unsupported(path + ".file_data", "required");
        }
    }

    private static void inline(DataUrl data, ObjectNode out) {
        out.putObject("inlineData").put("mimeType", data.mimeType()).put("data", data.base64());
    }

    /** The lower-case extension of a URL's path, ignoring query and fragment. */
    private static String extension(String url) {
        String path = url.replaceFirst("[?#].*$", "");
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** A base64 {@code data:} URL split into its MIME type and payload. */
    record DataUrl(String mimeType, String base64) {

        static DataUrl parse(String url, String path) {
            int comma = url.indexOf(',');
            String header = comma < 0 ? "" : url.substring("data:".length(), comma);
            if (!url.regionMatches(true, 0, "data:", 0, 5) || comma < 0 || !header.toLowerCase(Locale.ROOT).endsWith(";base64")) {
                throw RequestFields.unsupported(path, "data URLs must be base64 (data:<mime type>;base64,<data>)");
            }
            String mimeType = header.substring(0, header.length() - ";base64".length()).split(";", 2)[0].strip();
            if (mimeType.isEmpty()) {
                throw RequestFields.unsupported(path, "the data URL has no MIME type");
            }
            return new DataUrl(mimeType.toLowerCase(Locale.ROOT), url.substring(comma + 1));
        }
    }
}
