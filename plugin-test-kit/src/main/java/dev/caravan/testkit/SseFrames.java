package dev.caravan.testkit;

import dev.caravan.api.provider.SseEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a server-sent event stream as written on the wire into {@link SseEvent}s, framed as the
 * gateway hands them to a {@code StreamTranslator}: the {@code event:} name (or null) and the
 * {@code data:} lines joined with {@code \n}; comments and blocks without data are dropped.
 */
public final class SseFrames {

    private SseFrames() {}

    public static List<SseEvent> split(String stream) {
        List<SseEvent> events = new ArrayList<>();
        for (String block : stream.replace("\r\n", "\n").split("\n\n")) {
            String event = null;
            List<String> data = new ArrayList<>();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).stripLeading());
                }
            }
            if (!data.isEmpty()) {
                events.add(new SseEvent(event, String.join("\n", data)));
            }
        }
        return events;
    }

    /** The events as they go on the wire: {@code event:} and {@code data:} lines, a blank line after each. */
    public static String join(List<SseEvent> events) {
        StringBuilder out = new StringBuilder();
        for (SseEvent e : events) {
            if (e.event() != null) {
                out.append("event: ").append(e.event()).append('\n');
            }
            for (String line : e.data().split("\n", -1)) {
                out.append("data: ").append(line).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
