package dev.caravan.platform.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caravan init}: writes a commented {@code caravan.yaml} for real providers; never overwrites one unless told to. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a commented caravan.yaml for real providers (OpenAI; Anthropic and Azure commented out).")
public final class InitCommand implements Callable<Integer> {

    static final String TEMPLATE = "/init/caravan.yaml";

    @Option(names = {"-o", "--output"}, defaultValue = "caravan.yaml", paramLabel = "FILE",
            description = "Where to write it (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--force", description = "Replace an existing file.")
    boolean force;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Files.exists(output) && !force) {
            err.println("caravan init: " + output + " exists; not replaced (use --force to replace it)");
            return 1;
        }
        try (InputStream template = InitCommand.class.getResourceAsStream(TEMPLATE)) {
            if (template == null) {
                throw new IllegalStateException("the init template " + TEMPLATE + " is missing from the distribution");
            }
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.copy(template, output, StandardCopyOption.REPLACE_EXISTING);
        }
        out.println("Wrote " + output + ". Set OPENAI_API_KEY and CARAVAN_DEV_KEY (any secret of 16+ characters), then:");
        out.println("  caravan serve --config " + output);
        return 0;
    }
}
