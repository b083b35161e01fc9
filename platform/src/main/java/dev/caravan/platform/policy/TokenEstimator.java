package dev.caravan.platform.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;

/**
 * Counts a request's tokens before it goes upstream, for limits that must hold before the provider
 * says what it used (budget reservations, tokens-per-minute). Text is counted with OpenAI's
 * {@code o200k_base} BPE (jtokkit), plus the chat format's per-message overhead and a fixed charge
 * per image part; other providers' tokenizers differ by a few percent, so callers reserve with
 * a margin and settle on the provider's own count. Works on every API family's body: it reads the
 * text wherever a family puts it ({@code messages}, {@code system}, {@code input},
 * {@code instructions}, {@code prompt}) and the tool definitions. Thread-safe.
 */
public final class TokenEstimator {

    /** Tokens OpenAI's chat format adds per message (role and separators). */
    static final int PER_MESSAGE = 4;
    /** Tokens that prime the reply. */
    static final int REPLY_PRIMING = 3;
    /** A high-detail 1024×1024 image on OpenAI's vision models; an upper estimate for smaller ones. */
    static final int PER_IMAGE = 765;
    private static final List<String> TEXT_FIELDS = List.of("system", "input", "instructions", "prompt");
    private static final List<String> COMPLETION_CAPS = List.of("max_completion_tokens", "max_tokens", "max_output_tokens");

    /**
     * The vocabulary is ~30 MB of live heap once loaded: one copy for every estimator, loaded on the
     * first count, so a gateway without token limits or policies never carries it.
     */
    private static final class Vocabulary {
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    /** Prompt tokens of {@code body}, as the model will likely count them. */
    public long promptTokens(ObjectNode body) {
        long tokens = 0;
        JsonNode messages = body.get("messages");
        if (messages != null && messages.isArray()) {
            for (JsonNode message : messages) {
                tokens += PER_MESSAGE + content(message);
            }
            tokens += REPLY_PRIMING;
        }
        for (String field : TEXT_FIELDS) {
            tokens += content(body.get(field));
        }
        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isEmpty()) {
            tokens += count(tools.toString());
        }
        return tokens;
    }

    /**
     * The most completion tokens the request allows: its own cap ({@code max_completion_tokens},
     * {@code max_tokens} or {@code max_output_tokens}) when it sets one, else {@code fallback} (the
     * model's output limit as the operator configured it).
     */
    public static long completionCap(ObjectNode body, long fallback) {
        for (String field : COMPLETION_CAPS) {
            JsonNode cap = body.get(field);
            if (cap != null && cap.canConvertToLong() && cap.asLong() > 0) {
                return cap.asLong();
            }
        }
        return fallback;
    }

    private static int count(String text) {
        return Vocabulary.O200K.countTokensOrdinary(text);
    }

    /** Tokens of any content shape: a string, an array of parts or blocks, or an object holding them. */
    private long content(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (node.isTextual()) {
            return count(node.textValue());
        }
        long tokens = 0;
        if (node.isArray()) {
            for (JsonNode part : node) {
                tokens += content(part);
            }
            return tokens;
        }
        if (node.isObject()) {
            String type = node.path("type").asText("");
            if (type.equals("image_url") || type.equals("image") || type.equals("input_image")) {
                return PER_IMAGE;
            }
            for (String field : List.of("content", "text", "input", "arguments", "output")) {
                tokens += content(node.get(field));
            }
            JsonNode calls = node.get("tool_calls");
            if (calls != null) {
                tokens += count(calls.toString());
            }
        }
        return tokens;
    }
}
