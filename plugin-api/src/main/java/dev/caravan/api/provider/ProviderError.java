package dev.caravan.api.provider;

/**
 * An upstream failure translated to the canonical (OpenAI) error shape. The platform returns
 * {@code status} to the client with an OpenAI error body built from the other fields, unless
 * {@code passThroughBody} is set, in which case that body is returned as is.
 *
 * @param status          HTTP status to return to the client
 * @param type            OpenAI error {@code type}, e.g. {@code invalid_request_error}
 * @param code            OpenAI error {@code code}, may be null
 * @param param           the request field the error is about, may be null
 * @param message         human-readable message, never containing credentials
 * @param passThroughBody the upstream body when it is already in the client's wire format, else null
 */
public record ProviderError(int status, String type, String code, String param, String message, byte[] passThroughBody) {}
