package dev.caravan.plugins.guardrails;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Tells whether a text is longer than a number of tokens, with jtokkit's {@code cl100k_base} or
 * {@code o200k_base} tokenizer (GPT-4 / GPT-4o families). Thread-safe: jtokkit encodings are.
 */
final class TokenCounter {

    static final Map<String, EncodingType> ENCODINGS = Map.of(
            "cl100k_base", EncodingType.CL100K_BASE,
            "o200k_base", EncodingType.O200K_BASE);

    // Lazy: a vocabulary (a few MB) is read only when a guardrail first uses it.
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final Encoding encoding;

    TokenCounter(EncodingType type) {
        this.encoding = REGISTRY.getEncoding(type); // loads the vocabulary now, at configure time
    }

    /**
     * Whether {@code text} has more than {@code max} tokens. Stops encoding after {@code max}
     * tokens, so the cost is bounded by the limit, not the text. Special-token markers such as
     * {@code <|endoftext|>} count as ordinary text.
     */
    boolean exceeds(String text, int max) {
        // Every token is at least one UTF-8 byte: a short text cannot exceed the limit.
        if ((long) text.length() * 3 <= max || text.getBytes(StandardCharsets.UTF_8).length <= max) {
            return false;
        }
        return encoding.encodeOrdinary(text, max).isTruncated();
    }
}
