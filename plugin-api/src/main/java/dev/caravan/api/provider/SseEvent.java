package dev.caravan.api.provider;

/**
 * One server-sent event as framed on the wire: the optional {@code event:} name and the joined
 * {@code data:} lines. {@code event} is null when the upstream sent none.
 */
public record SseEvent(String event, String data) {

    public static SseEvent data(String data) {
        return new SseEvent(null, data);
    }
}
