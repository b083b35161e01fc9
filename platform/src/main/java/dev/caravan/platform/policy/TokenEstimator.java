package dev.caravan.platform.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;
import java.util.Set;

/**
 * Counts a request's tokens before it goes upstream, for limits that must hold before the provider
 * says what it used (budget reservations, tokens-per-minute). Text is counted with OpenAI's
 * {@code o200k_base} BPE (jtokkit), plus the chat format's per-message overhead and a fixed charge
 * per image part ({@link ImageTokens}); other providers' tokenizers differ by a few percent, so callers reserve with
 * a margin and settle on the provider's own count.
 *
 * <p>No field can be missed by construction: every string value and every object key anywhere in
 * the body is counted (messages, names, tool calls and their arguments, {@code tools},
 * {@code functions}, {@code response_format} schemas, {@code prediction}, {@code metadata}, fields
 * no API had when this was written...), nested numbers too, so what a provider bills as prompt is
 * never reserved as empty. Only top-level numbers and booleans (sampling settings) are left out.
 * Image parts are charged by their {@code detail} and the models the request may reach
 * ({@link ImageTokens}; {@link #PER_IMAGE} each when the models are not known); file, document and audio parts whose content is
 * data the gateway cannot count are reported by {@link Estimate#unestimable()} so a budget can
 * refuse them. Thread-safe.
 */
public final class TokenEstimator {

    /** Tokens OpenAI's chat format adds per message (role and separators). */
    static final int PER_MESSAGE = 4;
    /** Tokens that prime the reply. */
    static final int REPLY_PRIMING = 3;
    /**
     * An upper bound per image: OpenAI's GPT-4o high detail peaks at 1,445 tokens (a 2048×768 image,
     * 8 tiles × 170 + 85), Anthropic at about 1,600 (images are downscaled to ~1.15 megapixels,
     * tokens ≈ width × height / 750).
     */
    public static final int PER_IMAGE = ImageTokens.ANY_MODEL;
    private static final List<String> COMPLETION_CAPS = List.of("max_completion_tokens", "max_tokens", "max_output_tokens");
    private static final Set<String> IMAGE_TYPES = Set.of("image_url", "image", "input_image");
    private static final Set<String> FILE_TYPES = Set.of("file", "input_file", "document", "input_audio");

    /**
     * A request's prompt-side estimate.
     *
     * @param tokens      the prompt tokens counted
     * @param unestimable the first field (a path such as {@code messages[0].content[1]}) holding
     *                    content the gateway cannot count (a file, a PDF, audio), or null
     */
    public record Estimate(long tokens, String unestimable) {}

    /**
     * The vocabulary is ~30 MB of live heap once loaded: one copy for every estimator, loaded on the
     * first count, so a gateway without token limits or policies never carries it.
     */
    private static final class Vocabulary {
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    /** Prompt tokens of {@code body}, as the model will likely count them (at least). */
    public long promptTokens(ObjectNode body) {
        return estimate(body).tokens();
    }

    /** The prompt-side estimate of {@code body}, with the first field it could not count, for models not known. */
    public Estimate estimate(ObjectNode body) {
        return estimate(body, ImageTokens.UNKNOWN_MODELS);
    }

    /** {@link #estimate(ObjectNode)} with image parts charged as {@code images} says. */
    public Estimate estimate(ObjectNode body, ImageTokens images) {
        Walk walk = new Walk(images);
        body.fields().forEachRemaining(field -> {
            String name = field.getKey();
            JsonNode value = field.getValue();
            walk.tokens += count(name);
            if (name.equals("messages") && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    walk.tokens += PER_MESSAGE;
                    walk.node(value.get(i), "messages[" + i + "]");
                }
                walk.tokens += REPLY_PRIMING;
            } else if (value.isContainerNode() || value.isTextual()) {
                walk.node(value, name);
            }
        });
        return new Estimate(walk.tokens, walk.unestimable);
    }

    /** One pass over a body: the running count and the first field that could not be counted. */
    private static final class Walk {
        final ImageTokens images;
        long tokens;
        String unestimable;

        Walk(ImageTokens images) {
            this.images = images;
        }

        void node(JsonNode node, String path) {
            if (node == null || node.isNull() || node.isBoolean() || node.isMissingNode()) {
                return;
            }
            if (node.isTextual()) {
                tokens += count(node.textValue());
            } else if (node.isNumber()) {
                tokens += count(node.asText());
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    node(node.get(i), path + "[" + i + "]");
                }
            } else if (node.isObject()) {
                String type = node.path("type").asText("");
                if (IMAGE_TYPES.contains(type)) {
                    // Chat puts detail in image_url {url, detail}; Responses' input_image beside image_url.
                    JsonNode detail = node.path("image_url").isObject() ? node.path("image_url").path("detail") : node.path("detail");
                    tokens += images.charge(detail.isTextual() ? detail.textValue() : null);
                } else if (FILE_TYPES.contains(type) && !textDocument(node)) {
                    if (unestimable == null) {
                        unestimable = path;
                    }
                } else {
                    node.fields().forEachRemaining(f -> {
                        tokens += count(f.getKey());
                        node(f.getValue(), path + "." + f.getKey());
                    });
                }
            }
        }

        /** An Anthropic document whose source is plain text or content blocks: countable like any text. */
        private static boolean textDocument(JsonNode node) {
            String source = node.path("source").path("type").asText("");
            return node.path("type").asText("").equals("document") && (source.equals("text") || source.equals("content"));
        }
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

    /**
     * How many completions the request is billed for: {@code n} choices (Chat, legacy Completions),
     * or {@code best_of} when larger (legacy Completions generates and bills them all). At least 1;
     * the parse stages refuse values that are not integers in 1..128.
     */
    public static long choices(ObjectNode body) {
        long n = body.path("n").canConvertToLong() ? body.path("n").asLong() : 1;
        long bestOf = body.path("best_of").canConvertToLong() ? body.path("best_of").asLong() : 1;
        return Math.max(1, Math.max(n, bestOf));
    }

    /** Tokens of generated text (o200k), for usage the upstream never reported. */
    public static long textTokens(String text) {
        return text.isEmpty() ? 0 : count(text);
    }

    private static int count(String text) {
        return Vocabulary.O200K.countTokensOrdinary(text);
    }
}
