package dev.caravan.platform.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of the commands that call a running gateway's admin API: {@code --url}/{@code --token},
 * output to picocli's writers (so tests and scripts capture it), and one place that turns a
 * {@link CliFailure} into {@code caravan: <message>} on stderr and its exit code.
 */
abstract class AdminCommand implements Callable<Integer> {

    @Mixin
    AdminApiOptions api;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            run(api.client());
            out().flush();
            return 0;
        } catch (CliFailure e) {
            out().flush();
            err().println("caravan: " + e.getMessage());
            err().flush();
            return e.exitCode();
        }
    }

    /** Does the work; throws {@link CliFailure} to stop with a message. */
    protected abstract void run(AdminClient client);

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
