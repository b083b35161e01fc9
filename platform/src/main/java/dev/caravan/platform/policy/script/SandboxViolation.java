package dev.caravan.platform.policy.script;

/** A script names something the sandbox refuses; the message says what and on which line. */
final class SandboxViolation extends SecurityException {

    SandboxViolation(int line, String message) {
        super((line > 0 ? "line " + line + ": " : "") + message);
    }
}
