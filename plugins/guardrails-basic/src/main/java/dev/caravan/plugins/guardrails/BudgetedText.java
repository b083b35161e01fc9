package dev.caravan.plugins.guardrails;

/**
 * A text that stops a regular expression that reads it too often. Operators' patterns may
 * backtrack catastrophically on some inputs; the matcher reads the input only through
 * {@link #charAt}, so counting those reads bounds the work of any pattern to a multiple of the
 * text's length. Not thread-safe: one instance per evaluation.
 */
final class BudgetedText implements CharSequence {

    /** Thrown when the budget is spent; the guardrail turns it into a verdict. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("regular expression evaluation budget exhausted", null, false, false);
        }
    }

    private final String text;
    private final int offset;
    private final int length;
    private final long[] budget; // shared by subSequence views

    BudgetedText(String text, long budget) {
        this(text, 0, text.length(), new long[] {budget});
    }

    private BudgetedText(String text, int offset, int length, long[] budget) {
        this.text = text;
        this.offset = offset;
        this.length = length;
        this.budget = budget;
    }

    @Override
    public char charAt(int index) {
        if (--budget[0] < 0) {
            throw new Exhausted();
        }
        return text.charAt(offset + index);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BudgetedText(text, offset + start, end - start, budget);
    }

    @Override
    public String toString() {
        return text.substring(offset, offset + length);
    }
}
