package dev.caravan.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.it.TestGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caravan config validate FILE}: the loader {@code serve} uses, then the plugin checks, with no server. */
class ConfigValidateCliTest {

    @TempDir
    Path tmp;

    private Path write(String yaml) throws IOException {
        Path file = tmp.resolve("caravan.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String plugins() {
        return "plugins: { dir: \"" + TestGateway.pluginsDir() + "\" }\n";
    }

    @Test
    void should_print_every_problem_with_its_path_and_exit_2_when_the_file_is_broken() throws IOException {
        Path file = write("""
                server: { port: abc, hots: x }
                providers: [ { id: openai, plugin: openai } ]
                models: [ { alias: fast, targets: [ { provider: opneai, model: m } ] } ]
                keys: [ { name: dev, key: short } ]
                """);

        CliRun run = CliRun.of("config", "validate", file.toString());

        assertEquals(2, run.exit(), run.toString());
        List<String> lines = run.err().lines().toList();
        assertEquals(List.of(
                "caravan: server.hots: unknown key (did you mean 'host'?)",
                "caravan: server.port: must be an integer between 1 and 65535, got 'abc'",
                "caravan: providers[0].base_url: required",
                "caravan: models[0].targets[0].provider: unknown provider 'opneai'",
                "caravan: keys[0].key: must be at least 16 characters",
                file + ": 5 problems"), lines);
        assertEquals("", run.out());
    }

    @Test
    void should_name_the_provider_path_when_its_plugin_is_not_in_the_plugins_folder() throws IOException {
        Path file = write(plugins() + """
                providers: [ { id: acme, plugin: opneai, base_url: "http://127.0.0.1:9/v1" } ]
                models: [ { alias: fast, targets: [ { provider: acme, model: m } ] } ]
                """);

        CliRun run = CliRun.of("config", "validate", file.toString());

        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("caravan: providers[0].plugin: no provider plugin 'opneai' is loaded (loaded: "), run.err());
        assertTrue(run.err().contains(file + ": 1 problem"), run.err());
    }

    @Test
    void should_name_the_redactor_path_when_no_plugin_provides_it() throws IOException {
        Path file = write(plugins() + "logging: { default_redactors: [ pii-nope ] }\n");

        CliRun run = CliRun.of("config", "validate", file.toString());

        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("caravan: logging.default_redactors[0]: no log redactor 'pii-nope' is loaded"), run.err());
    }

    @Test
    void should_print_a_one_line_summary_and_exit_0_when_the_file_is_valid() throws IOException {
        Path file = write(plugins() + """
                providers: [ { id: mock, plugin: openai, base_url: "http://127.0.0.1:9/v1" } ]
                models:
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                  - { alias: smart, targets: [ { provider: mock, model: gpt-4o } ] }
                keys: [ { name: dev, key: "sk-test-caravan-dev-0001" } ]
                """);

        CliRun run = CliRun.of("config", "validate", file.toString());

        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().matches(java.util.regex.Pattern.quote(file.toString())
                + ": valid \\(1 providers, 2 aliases, 1 keys, 0 budgets, [1-9]\\d* plugins loaded\\)\\R"), run.out());
    }

    @Test
    void should_exit_2_naming_the_file_when_it_does_not_exist() {
        CliRun run = CliRun.of("config", "validate", tmp.resolve("nope.yaml").toString());

        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("caravan: " + tmp.resolve("nope.yaml") + ": file not found"), run.err());
    }
}
