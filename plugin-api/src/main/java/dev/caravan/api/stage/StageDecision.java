package dev.caravan.api.stage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link Stage} decided (since plugin-api 0.1.4): the request goes on, possibly with another
 * alias, more metadata and extra response headers, or it is refused with a status and a message
 * (rendered in the caller's API shape: OpenAI's error body, or Anthropic's on Anthropic routes).
 *
 * @param outcome  {@link Outcome#PROCEED} or {@link Outcome#REJECT}
 * @param status   the HTTP status of a rejection (400..599), 0 otherwise
 * @param code     the error's {@code code} of a rejection (e.g. {@code team_required}), or null
 * @param message  the message a rejection shows the caller, or null
 * @param alias    the alias the request goes to (one the calling key may use), or null to keep it
 * @param metadata metadata to set on the request (goes to receipts and later policies)
 * @param headers  headers to add to the response, rejections included; the gateway's own
 *                 ({@code x-caravan-*}, {@code x-ratelimit-*}, {@code retry-after}) and the
 *                 framing headers ({@code content-*}, {@code connection} …) are refused
 */
public record StageDecision(Outcome outcome, int status, String code, String message, String alias,
        Map<String, String> metadata, Map<String, String> headers) {

    public enum Outcome {
        PROCEED,
        REJECT
    }

    public StageDecision {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** Go on unchanged. */
    public static StageDecision proceed() {
        return new StageDecision(Outcome.PROCEED, 0, null, null, null, Map.of(), Map.of());
    }

    /** Refuse the request with {@code status} (400..599), an error {@code code} (or null) and a message for the caller. */
    public static StageDecision reject(int status, String code, String message) {
        return new StageDecision(Outcome.REJECT, status, code, message, null, Map.of(), Map.of());
    }

    /** This decision, sending the request to {@code newAlias}. */
    public StageDecision withAlias(String newAlias) {
        return new StageDecision(outcome, status, code, message, newAlias, metadata, headers);
    }

    /** This decision, with metadata {@code name} set to {@code value}. */
    public StageDecision withMetadata(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(metadata);
        more.put(name, value);
        return new StageDecision(outcome, status, code, message, alias, more, headers);
    }

    /** This decision, adding response header {@code name: value}. */
    public StageDecision withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new StageDecision(outcome, status, code, message, alias, metadata, more);
    }
}
