package dev.caravan.platform.policy;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The most one image part is billed, in prompt tokens, by its {@code detail} and the models a
 * request may reach. OpenAI documents GPT-4o, GPT-4.1 and GPT-4.5 images as 85 base tokens, plus
 * 170 per 512-pixel tile at high detail: {@code detail: "low"} is 85 tokens; high (and
 * {@code auto}, or no detail, which the model may treat as high) is at most 85 + 8 × 170 = 1,445,
 * since the image is fitted into 2048 × 2048 and its short side scaled to 768 (at most 2 × 4 tiles).
 * Any other model (GPT-4o mini, which multiplies image tokens; Anthropic, which has no detail
 * and bills about 1,600 for a downscaled image; models the gateway does not know) is charged the
 * conservative {@link #ANY_MODEL} whatever the detail. Immutable.
 */
public final class ImageTokens {

    /** Per image when not every reachable model is of the tiled GPT-4o family. */
    public static final int ANY_MODEL = 1_600;
    static final int TILED_LOW = 85;
    static final int TILED_HIGH = 85 + 8 * 170;
    /**
     * GPT-4o snapshots (not GPT-4o mini, which multiplies image tokens). GPT-4.1 is not tiled: it
     * bills 32-pixel patches, up to 1,536 per image, more than the tiled worst case.
     */
    private static final Pattern TILED = Pattern.compile("(gpt-4o|chatgpt-4o-latest)(-\\d{4}-\\d{2}-\\d{2})?");

    /** When the models are unknown (token limits, the count-tokens endpoint). */
    public static final ImageTokens UNKNOWN_MODELS = new ImageTokens(false);

    private final boolean tiled;

    private ImageTokens(boolean tiled) {
        this.tiled = tiled;
    }

    /** For a request that may be served by any of {@code models} (upstream model names); none known: unknown. */
    public static ImageTokens forModels(Collection<String> models) {
        boolean all = !models.isEmpty() && models.stream().allMatch(m -> m != null && TILED.matcher(m.toLowerCase(Locale.ROOT)).matches());
        return new ImageTokens(all);
    }

    /** The charge for one image part with {@code detail} (null when the part sets none). */
    public int charge(String detail) {
        if (!tiled) {
            return ANY_MODEL;
        }
        return "low".equals(detail) ? TILED_LOW : TILED_HIGH;
    }
}
