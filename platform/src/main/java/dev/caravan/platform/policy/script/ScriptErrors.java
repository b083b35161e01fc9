package dev.caravan.platform.policy.script;

/**
 * What an operator (status listing, log) reads about a script's failure: the exception's simple
 * name and its first message line, never a stack trace, a cause chain or the gateway's class names
 * (which say how the host is built), nor the values Groovy quotes from a failed call or cast (request
 * text) or key-shaped tokens. The caller and the receipt never get even this: they see only that the
 * policy or guardrail failed (with the exception's simple name for a guardrail) or timed out. Used
 * for policy and guardrail scripts alike.
 */
final class ScriptErrors {

    private static final int MAX = 200;
    /** Key-shaped tokens ({@code sk-...}, long random-looking words) a script may have put into its message. */
    private static final java.util.regex.Pattern SECRET =
            java.util.regex.Pattern.compile("\\b(?:sk|pk|rk|key|adm)[-_][A-Za-z0-9_-]{6,}|\\b[A-Za-z0-9+/_-]{32,}={0,2}");

    private ScriptErrors() {}

    /**
     * For scripts whose every input is request or answer text (redactors, provider adapters): the
     * exception's simple name and the script line that threw, never its message, which may quote
     * that text.
     */
    static String withoutMessage(Throwable error, ScriptKind kind) {
        String line = java.util.Arrays.stream(error.getStackTrace())
                .filter(e -> e.getFileName() != null && e.getFileName().startsWith(kind.classPrefix()))
                .findFirst().map(e -> " at line " + e.getLineNumber()).orElse("");
        return error.getClass().getSimpleName() + line + " (its message is not logged: it may quote the text)";
    }

    static String describe(Throwable error) {
        String message = error.getMessage() == null ? "" : error.getMessage().lines().findFirst().orElse("");
        // Groovy quotes the values a failed call or cast was given, and those are request text:
        // "... argument types: (String) values: [<prompt>]", "Cannot cast object '<prompt>' with class ...".
        message = message.replaceAll(" values: \\[.*", " values: <hidden>").replaceAll("object '.*?' with class", "object <hidden> with class");
        message = SECRET.matcher(message).replaceAll("<secret>");
        // Host class names (dev.caravan..., org.codehaus...) and file paths are implementation detail.
        message = message.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Za-z0-9_$.]+", "<class>").replaceAll("(/[^\\s/:]+){2,}", "<path>");
        if (message.length() > MAX) {
            message = message.substring(0, MAX) + "...";
        }
        return error.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
