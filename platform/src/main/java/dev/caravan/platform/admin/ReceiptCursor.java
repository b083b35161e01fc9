package dev.caravan.platform.admin;

import dev.caravan.platform.storage.ReceiptQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The {@code next_cursor} of the admin receipt list: the position of a page's last receipt
 * ({@code received_at} and {@code trace_id}) as an opaque URL-safe token. Clients pass it back
 * unchanged; its content is not an API.
 */
final class ReceiptCursor {

    private static final char SEPARATOR = '|';

    private ReceiptCursor() {}

    static String encode(ReceiptQuery.Position position) {
        String plain = position.receivedAt() + String.valueOf(SEPARATOR) + position.traceId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when {@code cursor} is not one {@link #encode} made */
    static ReceiptQuery.Position decode(String cursor) {
        String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int separator = plain.indexOf(SEPARATOR);
        if (separator < 0 || separator == plain.length() - 1) {
            throw new IllegalArgumentException("no position in cursor");
        }
        try {
            return new ReceiptQuery.Position(Instant.parse(plain.substring(0, separator)), plain.substring(separator + 1));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("no instant in cursor", e);
        }
    }
}
