package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * An OpenAI {@code file} part (chat completions accept PDFs only) as an Anthropic {@code document}
 * block with a {@code base64} PDF source; the {@code filename} becomes the document's {@code title}.
 * A {@code file_id} names a file uploaded to OpenAI, which Anthropic cannot read: refused.
 */
final class PdfDocument {

    private static final String PREFIX = "data:application/pdf;base64,";

    private PdfDocument() {}

    static ObjectNode block(JsonNode part, String path) {
        JsonNode file = part.get("file");
        if (file == null || !file.isObject()) {
            throw RequestFields.refuse(path + ".file", "required: an object with file_data");
        }
        if (RequestFields.present(file.get("file_id")) && !RequestFields.present(file.get("file_data"))) {
            throw RequestFields.refuse(path + ".file.file_id", "OpenAI file ids cannot be read by Anthropic; send file_data instead");
        }
        String data = RequestFields.requiredText(file, "file_data", path + ".file.file_data");
        if (!data.substring(0, Math.min(data.length(), PREFIX.length())).toLowerCase(Locale.ROOT).equals(PREFIX)
                || data.length() == PREFIX.length()) {
            throw RequestFields.refuse(path + ".file.file_data", "must be a PDF as a base64 data: URL (data:application/pdf;base64,...)");
        }
        ObjectNode block = Json.object().put("type", "document");
        block.putObject("source").put("type", "base64").put("media_type", "application/pdf").put("data", data.substring(PREFIX.length()));
        JsonNode filename = file.get("filename");
        if (filename != null && filename.isTextual() && !filename.asText().isBlank()) {
            block.put("title", filename.asText());
        }
        return block;
    }
}
