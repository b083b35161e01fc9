package dev.caravan.platform.reconcile;

/**
 * Thrown from a bill record's constructor when a value binds but does not make sense; Jackson wraps
 * it with the location, and {@link JsonBill} adds {@link #field()} to the path it reports.
 */
final class FieldProblem extends IllegalArgumentException {

    private final String field;

    FieldProblem(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }

    static long nonNegative(String field, Long value) {
        if (value == null) {
            throw new FieldProblem(field, "required, got nothing");
        }
        if (value < 0) {
            throw new FieldProblem(field, "must not be negative, got " + value);
        }
        return value;
    }
}
