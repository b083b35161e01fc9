package dev.caravan.api.provider;

import dev.caravan.api.Usage;

/**
 * A complete (non-streamed) upstream answer translated to the canonical form of its family.
 *
 * @param body  the canonical response body (for chat: an OpenAI chat completion object), UTF-8
 *              JSON; an adapter for an OpenAI-shaped upstream may return the upstream bytes as is
 * @param usage token counts parsed from the answer, or {@link Usage#NONE}
 */
public record ProviderResponse(byte[] body, Usage usage) {}
