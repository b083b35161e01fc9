package dev.caravan.plugins.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.provider.UnsupportedRequestException;
import java.util.Iterator;
import java.util.Map;

/**
 * Adapts a chat body (already a copy) to the host: refuses what the host would reject and that
 * would change the answer if dropped, drops bookkeeping fields the host rejects, renames fields
 * the host knows under another name, and asks for stream usage where the host accepts the option.
 */
final class ChatBodyAdapter {

    private ChatBodyAdapter() {}

    static void adapt(ObjectNode body, boolean stream, ChatQuirks quirks) {
        refuse(body, quirks);
        quirks.dropped().forEach(body::remove);
        quirks.renamed().forEach((from, to) -> rename(body, from, to));
        if (!quirks.askForStreamUsage()) {
            body.remove(StreamUsageOption.STREAM_OPTIONS); // the host reports stream usage unasked
        } else if (stream) {
            askForUsage(body);
        }
    }

    private static void refuse(ObjectNode body, ChatQuirks quirks) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next(); // in the client's order: the first offender is named
            String reason = quirks.refused().get(field.getKey());
            if (reason != null && present(field.getValue())) {
                throw new UnsupportedRequestException(field.getKey(), field.getKey() + ": " + reason);
            }
        }
        JsonNode n = body.get("n");
        if (quirks.singleChoice() && present(n) && !(n.isIntegralNumber() && n.asLong() == 1)) {
            throw new UnsupportedRequestException("n", "n: " + quirks.host() + " serves only n: 1");
        }
        if (quirks.namelessMessages()) {
            JsonNode messages = body.path("messages");
            for (int i = 0; i < messages.size(); i++) {
                if (present(messages.get(i).get("name"))) {
                    String param = "messages[" + i + "].name";
                    throw new UnsupportedRequestException(param, param + ": not supported by " + quirks.host());
                }
            }
        }
    }

    private static void rename(ObjectNode body, String from, String to) {
        JsonNode value = body.remove(from);
        if (!present(value)) {
            return;
        }
        if (present(body.get(to))) {
            throw new UnsupportedRequestException(from, from + ": send either " + from + " or " + to + ", not both");
        }
        body.set(to, value);
    }

    private static void askForUsage(ObjectNode body) {
        if (StreamUsageOption.requestedByClient(body)) {
            return;
        }
        JsonNode options = body.get(StreamUsageOption.STREAM_OPTIONS);
        if (options == null || options.isNull()) {
            body.putObject(StreamUsageOption.STREAM_OPTIONS).put(StreamUsageOption.INCLUDE_USAGE, true);
        } else if (options instanceof ObjectNode object) {
            object.put(StreamUsageOption.INCLUDE_USAGE, true); // keeps the client's other stream options
        } else {
            throw new UnsupportedRequestException(StreamUsageOption.STREAM_OPTIONS, "stream_options must be an object");
        }
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }
}
