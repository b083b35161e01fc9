package dev.caravan.platform.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code caravan}: the gateway's command line. */
@Command(name = "caravan",
        mixinStandardHelpOptions = true,
        versionProvider = CaravanVersion.class,
        description = "Caravan: a self-hosted AI API gateway with an OpenAI-compatible endpoint.",
        subcommands = {ServeCommand.class, DemoCommand.class, InitCommand.class, KeysCommand.class, VerifyCommand.class, ReconcileCommand.class, PricingCommand.class,
                ConfigCommand.class, ReceiptsCommand.class, UsageCommand.class, BudgetsCommand.class, AuditCommand.class,
                LogsCommand.class, PluginsCommand.class, PilotCommand.class, BillCommand.class, CommandLine.HelpCommand.class})
public final class CaravanCli implements Runnable {

    /** Exit code for an invalid configuration or route file. */
    public static final int EXIT_BAD_CONFIG = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        JvmDefaults.apply();
        System.exit(new CommandLine(new CaravanCli()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
