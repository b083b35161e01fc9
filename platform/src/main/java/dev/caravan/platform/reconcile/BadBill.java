package dev.caravan.platform.reconcile;

/**
 * A bill that cannot be read: the message names the line and the field (a JSON path such as
 * {@code data[0].results[1].amount.value}) and, when the format itself is not recognised, the
 * formats that are.
 */
public final class BadBill extends Exception {

    public BadBill(String message) {
        super(message);
    }

    public static BadBill at(int line, String field, String problem) {
        return new BadBill("line " + line + ", field " + (field == null || field.isEmpty() ? "(document)" : field) + ": " + problem);
    }

    public static BadBill unknownFormat(String why) {
        return new BadBill(why + "; known formats: " + BillFormats.describeKnown());
    }
}
