package dev.caravan.platform.upstream;

import dev.caravan.api.provider.SseEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental server-sent-events parser: feed it bytes as they arrive (event boundaries and even
 * UTF-8 characters may be split across buffers) and get whole events back. Follows the WHATWG
 * framing: lines end in LF, CRLF or CR; {@code data:} lines join with LF; comments are skipped.
 * One instance per stream; not thread-safe.
 */
public final class SseParser {

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastWasCr;
    private String eventName;
    private StringBuilder data;

    public List<SseEvent> feed(ByteBuffer bytes) {
        List<SseEvent> events = new ArrayList<>(2);
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                endLine(events);
            } else {
                append(b);
            }
        }
        return events;
    }

    /** Whether bytes of an unfinished event are pending (the stream ended mid-event). */
    public boolean hasPartialEvent() {
        return lineLength > 0 || data != null;
    }

    private void append(byte b) {
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
    }

    private void endLine(List<SseEvent> events) {
        if (lineLength == 0) {
            dispatch(events);
            return;
        }
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (text.startsWith(":")) {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            if (data == null) {
                data = new StringBuilder(value);
            } else {
                data.append('\n').append(value);
            }
        } else if (field.equals("event")) {
            eventName = value;
        }
    }

    private void dispatch(List<SseEvent> events) {
        if (data != null) {
            events.add(new SseEvent(eventName, data.toString()));
        }
        data = null;
        eventName = null;
    }
}
