package dev.caravan.platform.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Reads one provider export format into {@link BillRow}s. A reader is stateless; {@link BillFormats}
 * asks each one in turn whether it recognises a document, then lets the first that does read it.
 */
public interface BillReader {

    /** The format's name as {@code --format}-style users see it, such as {@code openai-costs}. */
    String id();

    /** Where the format comes from, for the "known formats" list. */
    String description();

    /** True when the parsed document has this format's shape (its discriminating fields). */
    boolean recognises(JsonNode document);

    /** Binds and validates the whole document; a problem names its line and field. */
    List<BillRow> read(String text) throws BadBill;
}
