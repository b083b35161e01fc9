package dev.caravan.platform.policy.script;

/**
 * What an operator (status listing, log) reads about a script's failure: the exception's simple
 * name and its first message line, never a stack trace, a cause chain or the gateway's class names
 * (which say how the host is built). The caller and the receipt never get even this: they see only
 * that the policy failed or timed out.
 */
final class ScriptErrors {

    private static final int MAX = 200;

    private ScriptErrors() {}

    static String describe(Throwable error) {
        String message = error.getMessage() == null ? "" : error.getMessage().lines().findFirst().orElse("");
        // Host class names (dev.caravan..., org.codehaus...) and file paths are implementation detail.
        message = message.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Za-z0-9_$.]+", "<class>").replaceAll("(/[^\\s/:]+){2,}", "<path>");
        if (message.length() > MAX) {
            message = message.substring(0, MAX) + "...";
        }
        return error.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
