package dev.caravan.platform.stage;

/**
 * Why a custom stage gave no decision, as {@code on_error} and the caller's error tell it apart. The
 * message is the gateway's own wording (for the log and the receipt), never the stage's exception text.
 */
public final class StageFailure extends RuntimeException {

    /** TIMEOUT: stopped at its limit or never started (pool full); UNAVAILABLE: not loaded; ERROR: it threw or answered wrongly. */
    public enum Kind {
        TIMEOUT,
        UNAVAILABLE,
        ERROR
    }

    private final Kind kind;

    public StageFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
