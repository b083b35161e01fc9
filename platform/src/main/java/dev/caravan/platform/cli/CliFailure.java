package dev.caravan.platform.cli;

/**
 * A command that cannot finish: the message for stderr and the exit code ({@code 1}: the server
 * said no or could not be reached; {@code 2}: the input is wrong). Thrown by the admin-API commands
 * and turned into output once, by {@link AdminCommand#call()}.
 */
final class CliFailure extends RuntimeException {

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
