package dev.caravan.platform.policy.script;

/** A provider script's translation of an upstream error: the client's status, an optional code and the message. */
public final class ScriptFailure {

    private final int status;
    private final String code;
    private final String message;

    ScriptFailure(int status, String code, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("failure(status, ...): status must be 400..599, got " + status);
        }
        this.status = status;
        this.code = code;
        this.message = message;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String message() {
        return message;
    }
}
