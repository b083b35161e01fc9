package dev.caravan.plugins.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;

/**
 * An OpenAI {@code image_url} part as an Anthropic {@code image} block: a {@code data:} URL becomes
 * a {@code base64} source (Anthropic accepts JPEG, PNG, GIF and WebP), an http(s) URL a {@code url}
 * source that Anthropic fetches itself. OpenAI's {@code detail} has no equivalent and is dropped.
 */
final class ImageSource {

    static final Set<String> MEDIA_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");
    private static final String BASE64_MARK = ";base64,";

    private ImageSource() {}

    static ObjectNode block(String url, String path) {
        ObjectNode block = Json.object().put("type", "image");
        String lower = url.substring(0, Math.min(url.length(), 16)).toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            block.set("source", base64(url, path));
        } else if (lower.startsWith("https://") || lower.startsWith("http://")) {
            block.putObject("source").put("type", "url").put("url", url);
        } else {
            throw RequestFields.refuse(path, "must be an http(s) URL or a base64 data: URL");
        }
        return block;
    }

    private static ObjectNode base64(String url, String path) {
        int mark = url.indexOf(BASE64_MARK);
        if (mark < 0) {
            throw RequestFields.refuse(path, "a data: URL must be base64-encoded (data:image/png;base64,...)");
        }
        String mediaType = url.substring("data:".length(), mark).strip().toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPES.contains(mediaType)) {
            throw RequestFields.refuse(path, "Anthropic accepts image/jpeg, image/png, image/gif and image/webp, got '"
                    + abbreviate(mediaType) + "'");
        }
        String data = url.substring(mark + BASE64_MARK.length());
        if (data.isEmpty()) {
            throw RequestFields.refuse(path, "the data: URL has no data");
        }
        return Json.object().put("type", "base64").put("media_type", mediaType).put("data", data);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
