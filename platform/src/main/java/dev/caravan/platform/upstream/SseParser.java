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

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

    private final long maxEventBytes;
    private long eventBytes; // of the event being read, comment lines included
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastWasCr;
    private String eventName;
    private String data; // the first data line of the event; null when it has none yet
    private StringBuilder moreData; // all data lines joined, once there is a second one
    private boolean lines; // line-delimited framing (NDJSON): each non-empty line is one event's data

    /** A parser that holds events of any size: for trusted input only (tests, fixtures). */
    public SseParser() {
        this(Long.MAX_VALUE);
    }

    /**
     * @param maxEventBytes the largest event (all its lines, up to the blank line that ends it) this
     *                      parser holds; a larger one fails {@link #feed} with {@link EventTooLargeException}
     */
    public SseParser(long maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * A parser of line-delimited streams (NDJSON, as some in-house model servers send): each
     * non-empty line is the data of one event, with no name; {@code maxEventBytes} bounds a line.
     */
    public static SseParser lines(long maxEventBytes) {
        SseParser parser = new SseParser(maxEventBytes);
        parser.lines = true;
        return parser;
    }

    /** @throws EventTooLargeException when an event grows past the limit; the parser is then unusable */
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
        if (++eventBytes > maxEventBytes) {
            throw new EventTooLargeException(maxEventBytes);
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
    }

    private void endLine(List<SseEvent> events) {
        int length = lineLength;
        lineLength = 0;
        if (lines) {
            if (length > 0) {
                events.add(SseEvent.data(new String(line, 0, length, StandardCharsets.UTF_8)));
            }
            eventBytes = 0;
            return;
        }
        if (length == 0) {
            dispatch(events);
            return;
        }
        if (line[0] == ':') {
            return; // a comment
        }
        // Only the value of a field we keep becomes a String: this runs for every line of every stream.
        int colon = 0;
        while (colon < length && line[colon] != ':') {
            colon++;
        }
        int valueStart = colon < length ? colon + 1 : length;
        if (valueStart < length && line[valueStart] == ' ') {
            valueStart++;
        }
        if (isField(DATA, colon)) {
            String value = new String(line, valueStart, length - valueStart, StandardCharsets.UTF_8);
            if (data == null) {
                data = value;
            } else {
                moreData = (moreData == null ? new StringBuilder(data) : moreData).append('\n').append(value);
            }
        } else if (isField(EVENT, colon)) {
            eventName = new String(line, valueStart, length - valueStart, StandardCharsets.UTF_8);
        }
    }

    private boolean isField(byte[] name, int nameLength) {
        return nameLength == name.length && Arrays.equals(line, 0, nameLength, name, 0, nameLength);
    }

    private void dispatch(List<SseEvent> events) {
        if (data != null) {
            events.add(new SseEvent(eventName, moreData != null ? moreData.toString() : data));
        }
        data = null;
        moreData = null;
        eventName = null;
        eventBytes = 0;
    }

    /** One event was larger than the parser's limit: what was read of it is dropped. */
    public static final class EventTooLargeException extends RuntimeException {

        private final long limit;

        EventTooLargeException(long limit) {
            super("an upstream stream event exceeds " + limit + " bytes (max_event_bytes)", null, false, false);
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }
}
