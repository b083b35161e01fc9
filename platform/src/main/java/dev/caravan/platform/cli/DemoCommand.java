package dev.caravan.platform.cli;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.server.Gateway;
import dev.caravan.platform.server.ListenException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code caravan demo}: the gateway on the embedded default with the bundled mock provider standing
 * in for OpenAI and Anthropic, aliases and a demo key, so a fresh machine answers a first request
 * with no provider account. Prints a working {@code curl} and the SDK lines. Loopback only unless
 * {@code --host} says otherwise; nothing leaves the machine.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start the gateway with a built-in mock provider, demo aliases and a demo key, and print how to call it.",
                "Nothing leaves this machine. For real providers: 'caravan init', then 'caravan serve'."})
public final class DemoCommand implements Callable<Integer> {

    /** The demo's virtual key: printed, well known, and only as safe as the loopback address it listens on. */
    static final String DEMO_KEY = "sk-caravan-demo-0000000000000000";
    static final String DEMO_ADMIN_TOKEN = "adm-caravan-demo-000000000000000";

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--data", defaultValue = "./data/demo", paramLabel = "DIR",
            description = "Where the demo keeps its H2 database, receipts and evidence key (default: ${DEFAULT-VALUE}).")
    Path data;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        MockUpstream mock = MockUpstream.start(MockOptions.defaults());
        Gateway gateway;
        try {
            gateway = Gateway.start(config(mock));
        } catch (ConfigException e) {
            mock.close();
            err.println("caravan demo: invalid demo configuration:");
            e.problems().forEach(p -> err.println("  " + p));
            return CaravanCli.EXIT_BAD_CONFIG;
        } catch (ListenException e) {
            mock.close();
            err.println("caravan demo: " + e.getMessage() + " (choose another with --port)");
            return 1;
        }
        // As caravan serve: drain, then exit 0; the mock goes last, after the streams it feeds.
        ShutdownSignals stopped = ShutdownSignals.install(() -> {
            gateway.drainAndClose();
            mock.close();
        }, gateway::cutDrainShort);
        String base = gateway.baseUrl().toString();
        out.println("Caravan listening on " + base + "  (OpenAI base URL: " + base + "/v1)");
        out.println();
        out.println("Demo mode: a built-in mock provider answers for OpenAI and Anthropic models; nothing leaves this machine.");
        out.println("Aliases: fast (gpt-4o-mini), smart (gpt-4o), claude (claude-sonnet-4-5), embed (text-embedding-3-small)");
        out.println("Demo key: " + DEMO_KEY);
        out.println();
        out.println("Try it:");
        out.println("  curl -s " + base + "/v1/chat/completions -H \"Authorization: Bearer " + DEMO_KEY + "\" \\");
        out.println("    -H \"Content-Type: application/json\" -d '{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'");
        out.println();
        out.println("OpenAI SDK (Python):    OpenAI(base_url=\"" + base + "/v1\", api_key=\"" + DEMO_KEY + "\")");
        out.println("OpenAI SDK (Node):      new OpenAI({ baseURL: \"" + base + "/v1\", apiKey: \"" + DEMO_KEY + "\" })");
        out.println("Anthropic SDK (Python): Anthropic(base_url=\"" + base + "\", api_key=\"" + DEMO_KEY + "\")  # model=\"claude\"");
        out.println();
        out.println("Every answer has an x-caravan-trace-id header; its receipt (who, which route and why, tokens, exact cost):");
        out.println("  curl -s " + base + "/v1/receipts/<trace id> -H \"Authorization: Bearer " + DEMO_KEY + "\"");
        out.println("Admin API (token " + DEMO_ADMIN_TOKEN + "):");
        out.println("  curl -s \"" + base + "/admin/v1/usage?group_by=alias\" -H \"Authorization: Bearer " + DEMO_ADMIN_TOKEN + "\"");
        out.println();
        out.println("For real providers: caravan init (writes a commented caravan.yaml), then caravan serve. Ctrl-C stops the demo.");
        if (!host.startsWith("127.") && !host.equals("localhost")) {
            out.println("WARNING: listening on " + host + " with a published demo key and admin token: anyone who can reach it can use it.");
        }
        out.flush();
        stopped.await();
        return 0;
    }

    private CaravanConfig config(MockUpstream mock) {
        String yaml = """
                server: { host: "%s", port: %d }
                storage: { url: "jdbc:h2:file:%s/caravan" }
                admin: { token: "%s" }
                receipts: { spill_file: "%s/receipts-spill.jsonl", evidence: { node_id: demo } }
                providers:
                  - { id: mock-openai, plugin: openai, base_url: "%s", api_key: "sk-mock-not-a-real-key" }
                  - { id: mock-anthropic, plugin: anthropic, base_url: "%s", api_key: "sk-ant-mock-not-a-real-key" }
                models:
                  - { alias: fast, targets: [ { provider: mock-openai, model: gpt-4o-mini } ] }
                  - { alias: smart, targets: [ { provider: mock-openai, model: gpt-4o } ] }
                  - { alias: claude, targets: [ { provider: mock-anthropic, model: claude-sonnet-4-5 } ] }
                  - { alias: embed, targets: [ { provider: mock-openai, model: text-embedding-3-small } ] }
                keys:
                  - { name: demo, key: "%s", tenant: demo }
                """.formatted(host, port, abs(data), DEMO_ADMIN_TOKEN, abs(data), mock.baseUrl(),
                mock.baseUrl(), DEMO_KEY);
        return ConfigLoader.fromYaml(yaml, Map.of(), ConfigOption.home());
    }

    private static String abs(Path dir) {
        return dir.toAbsolutePath().normalize().toString().replace("\\", "/");
    }
}
