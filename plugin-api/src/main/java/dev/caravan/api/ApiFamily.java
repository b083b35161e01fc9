package dev.caravan.api;

/** The public API families a client may call; a provider adapter declares which it can serve. */
public enum ApiFamily {
    CHAT_COMPLETIONS,
    MESSAGES,
    RESPONSES,
    EMBEDDINGS,
    IMAGES
}
