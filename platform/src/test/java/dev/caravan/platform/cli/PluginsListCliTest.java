package dev.caravan.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.it.TestGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caravan plugins list}: the distribution's plugins folder read with the host {@code serve} uses, no server. */
class PluginsListCliTest {

    @TempDir
    Path tmp;

    @Test
    void should_list_id_version_state_and_extension_points_of_the_bundled_plugins() {
        CliRun run = CliRun.of("plugins", "list", "--plugins-dir", TestGateway.pluginsDir().toString());

        assertEquals(0, run.exit(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(1).matches("id\\s+version\\s+state\\s+extension_points\\s+file"), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("provider-openai\\s+\\S+\\s+STARTED\\s+\\S*Provider\\S*\\s+\\S+")), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("budget-standard\\s+\\S+\\s+STARTED\\s+\\S*RequestPolicy\\S*\\s+\\S+")), run.out());
        assertTrue(lines.stream().noneMatch(l -> l.equals("Problems:")), run.out());
    }

    @Test
    void should_print_the_problem_and_exit_1_when_a_plugin_jar_cannot_be_read() throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        try (Stream<Path> bundled = Files.list(TestGateway.pluginsDir())) {
            Path one = bundled.filter(p -> p.getFileName().toString().startsWith("provider-openai")).findFirst().orElseThrow();
            Files.copy(one, plugins.resolve(one.getFileName()));
        }
        Files.writeString(plugins.resolve("broken-1.0.jar"), "not a zip");

        CliRun run = CliRun.of("plugins", "list", "--plugins-dir", plugins.toString());

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("provider-openai ") && l.contains("STARTED")), run.out());
        List<String> lines = run.out().lines().toList();
        int problems = lines.indexOf("Problems:");
        assertTrue(problems > 0, run.out());
        assertTrue(lines.get(problems + 1).contains("broken-1.0.jar"), run.out());
    }

    @Test
    void should_exit_2_naming_the_path_when_the_configuration_is_broken() throws IOException {
        Path config = tmp.resolve("caravan.yaml");
        Files.writeString(config, "plugins: { dri: x }\n");

        CliRun run = CliRun.of("plugins", "list", "--config", config.toString());

        assertEquals(2, run.exit(), run.toString());
    }
}
