package dev.caravan.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code caravan init} writes a config that loads once its two secrets are set, and never overwrites one by accident. */
class InitCommandTest {

    @TempDir
    Path tmp;

    private int init(String... args) {
        CommandLine cli = new CommandLine(new CaravanCli());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(new StringWriter()));
        String[] all = new String[args.length + 1];
        all[0] = "init";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    @Test
    void should_write_a_config_that_loads_with_the_provider_key_and_a_dev_key_set() throws Exception {
        Path file = tmp.resolve("caravan.yaml");
        assertEquals(0, init("--output", file.toString()));

        CaravanConfig config = ConfigLoader.fromYaml(Files.readString(file),
                Map.of("OPENAI_API_KEY", "sk-real-provider-key-000", "CARAVAN_DEV_KEY", "sk-my-dev-key-0123456789"), tmp);

        assertEquals("openai", config.providers().get(0).id());
        assertTrue(config.alias("fast").isPresent() && config.alias("smart").isPresent());
        assertEquals("dev", config.keys().get(0).name());
    }

    @Test
    void should_name_the_missing_secret_when_it_is_not_set() throws Exception {
        Path file = tmp.resolve("caravan.yaml");
        init("--output", file.toString());

        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.fromYaml(Files.readString(file), Map.of("OPENAI_API_KEY", "sk-real-provider-key-000"), tmp));

        assertTrue(e.problems().toString().contains("CARAVAN_DEV_KEY"), e.problems().toString());
    }

    @Test
    void should_refuse_to_replace_an_existing_file_unless_forced() throws Exception {
        Path file = Files.writeString(tmp.resolve("caravan.yaml"), "# mine\n");

        assertEquals(1, init("--output", file.toString()));
        assertEquals("# mine\n", Files.readString(file));
        assertEquals(0, init("--output", file.toString(), "--force"));
        assertTrue(Files.readString(file).contains("providers:"));
    }
}
