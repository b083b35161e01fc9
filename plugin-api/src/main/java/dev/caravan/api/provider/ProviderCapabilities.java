package dev.caravan.api.provider;

import dev.caravan.api.ApiFamily;
import java.util.Set;

/**
 * What one configured provider can serve. The platform checks a request against the capabilities
 * of each planned target <em>before</em> calling it: a request the target cannot serve fails fast
 * with a 400 naming the field (or falls back to the alias's next target), never with a confusing
 * upstream error.
 *
 * <p>{@link #families()} are the wire formats the adapter speaks <em>natively</em>. A chat-capable
 * adapter can still serve {@link ApiFamily#MESSAGES} and {@link ApiFamily#RESPONSES} requests: the
 * platform translates them to {@link ApiFamily#CHAT_COMPLETIONS} and back. Embeddings and images
 * are served only by adapters that list them.
 *
 * @param families  API families the adapter accepts as {@link ProviderCall#family()}
 * @param streaming whether {@code stream: true} requests can be served
 * @param tools     whether tool (function) definitions and tool calls can be served
 * @param vision    whether image inputs in messages can be served
 */
public record ProviderCapabilities(Set<ApiFamily> families, boolean streaming, boolean tools, boolean vision) {

    public ProviderCapabilities {
        families = Set.copyOf(families);
    }

    /** Everything a full chat provider offers, for the given families. */
    public static ProviderCapabilities full(Set<ApiFamily> families) {
        return new ProviderCapabilities(families, true, true, true);
    }

    public boolean serves(ApiFamily family) {
        return families.contains(family);
    }
}
