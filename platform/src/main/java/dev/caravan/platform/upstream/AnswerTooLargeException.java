package dev.caravan.platform.upstream;

import java.io.IOException;

/**
 * An upstream answer (or one event of a stream) exceeded its provider's limit; reading stopped at
 * the limit and the upstream call was cancelled. An {@link IOException}, as the JDK client expects
 * from a body subscriber; routing tells it apart from a connection error.
 */
public final class AnswerTooLargeException extends IOException {

    private final long limit;
    private final String setting;

    public AnswerTooLargeException(long limit, String setting, String what) {
        super(what + " exceeds " + limit + " bytes (" + setting + ")", null);
        this.limit = limit;
        this.setting = setting;
    }

    public long limit() {
        return limit;
    }

    /** The provider key that sets the limit: {@code max_response_bytes} or {@code max_event_bytes}. */
    public String setting() {
        return setting;
    }
}
