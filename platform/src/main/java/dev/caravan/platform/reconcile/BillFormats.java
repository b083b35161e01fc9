package dev.caravan.platform.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The bill formats Caravan reads, and the choice among them by the document's own discriminating
 * fields (OpenAI's result {@code object}), so the operator does not have to say which export it is.
 */
public final class BillFormats {

    /** Bills larger than this are refused rather than held in memory. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    static final List<BillReader> READERS = List.of(new OpenAiCostsReader(), new OpenAiUsageReader(),
            new AnthropicUsageReader(), new AnthropicCostReader());

    private BillFormats() {
    }

    public record Bill(String format, List<BillRow> rows) {
    }

    public static Bill read(String text) throws BadBill {
        JsonNode document;
        try {
            document = JsonBill.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw BadBill.unknownFormat("line " + line + ", field (document): not JSON ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        }
        if (document == null || !document.isObject()) {
            throw BadBill.unknownFormat("line 1, field (document): not a JSON object");
        }
        for (BillReader reader : READERS) {
            if (reader.recognises(document)) {
                return new Bill(reader.id(), reader.read(text));
            }
        }
        if (document.path("data").isArray() && document.path("data").findValues("results").stream().allMatch(r -> r.isEmpty())) {
            return new Bill("empty", List.of());
        }
        throw BadBill.unknownFormat("line 1, field data[0].results[0].object: not a result type Caravan reads (got "
                + (firstResultObject(document) == null ? "nothing" : "'" + firstResultObject(document) + "'") + ")");
    }

    public static String describeKnown() {
        return READERS.stream().map(r -> r.id() + " (" + r.description() + ")").collect(Collectors.joining(", "));
    }

    /** The {@code object} of the first result of the first non-empty bucket, or null. */
    static String firstResultObject(JsonNode document) {
        for (JsonNode bucket : document.path("data")) {
            for (JsonNode result : bucket.path("results")) {
                JsonNode object = result.get("object");
                return object == null || !object.isTextual() ? null : object.textValue();
            }
        }
        return null;
    }
}
