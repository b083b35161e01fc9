package dev.caravan.platform.config;

import static dev.caravan.platform.config.ConfigFixtures.HOME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String FULL = """
            server:
              host: 127.0.0.1
              port: 9090
              max_body_bytes: 1048576
              io_threads: 2
              worker_threads: 32
            storage:
              url: jdbc:postgresql://db:5432/caravan
              user: caravan
              password: ${DB_PASSWORD}
              pool_size: 20
            admin:
              token: ${CARAVAN_ADMIN_TOKEN}
            routes:
              dir: /srv/routes
              reload: true
            plugins:
              dir: /srv/plugins
            receipts:
              queue_capacity: 1000
              batch_size: 100
              flush_interval_ms: 50
              spill_file: /srv/spill.jsonl
            providers:
              - id: openai
                plugin: openai
                base_url: https://api.openai.com/v1/
                api_key: ${OPENAI_API_KEY}
                timeout_ms: 30000
                headers: { OpenAI-Organization: org-1 }
                options: { any: { nested: [1, 2] } }
            models:
              - alias: fast
                strategy: single
                targets: [ { provider: openai, model: gpt-4o-mini } ]
            keys:
              - { name: dev, key: "${CARAVAN_DEV_KEY}", tenant: acme, models: [ fast ] }
            """;

    private static final Map<String, String> ENV = Map.of(
            "DB_PASSWORD", "db-pass",
            "CARAVAN_ADMIN_TOKEN", "admin-token-0123456789",
            "OPENAI_API_KEY", "sk-upstream",
            "CARAVAN_DEV_KEY", "sk-caravan-dev-0123456789");

    @Test
    void should_bind_every_section_when_full_example_is_given() {
        CaravanConfig c = ConfigFixtures.parse(FULL, ENV);

        assertEquals(new ServerConfig("127.0.0.1", 9090, 1_048_576, 2, 32), c.server());
        assertEquals(new StorageConfig("jdbc:postgresql://db:5432/caravan", "caravan", Secret.of("db-pass"), 20), c.storage());
        assertEquals(Secret.of("admin-token-0123456789"), c.admin().token());
        assertEquals(new RoutesConfig(Path.of("/srv/routes"), true), c.routes());
        assertEquals(Path.of("/srv/plugins"), c.plugins().dir());
        assertEquals(new ReceiptsConfig(1000, 100, Duration.ofMillis(50), Path.of("/srv/spill.jsonl")), c.receipts());
        ProviderConfig p = c.providers().get(0);
        assertEquals(List.of("openai", "openai", URI.create("https://api.openai.com/v1"), Secret.of("sk-upstream"), Duration.ofSeconds(30)),
                List.of(p.id(), p.plugin(), p.baseUrl(), p.apiKey(), p.timeout()));
        assertEquals(Map.of("OpenAI-Organization", "org-1"), p.headers());
        assertEquals(2, p.options().at("/any/nested/1").asInt());
        assertEquals(ModelAlias.single("fast", TargetConfig.of("openai", "gpt-4o-mini")), c.alias("fast").orElseThrow());
        assertEquals(new KeyConfig("dev", Secret.of("sk-caravan-dev-0123456789"), "acme", List.of("fast")), c.keys().get(0));
    }

    @Test
    void should_apply_documented_defaults_when_file_is_empty() {
        CaravanConfig c = ConfigFixtures.parse("");

        assertEquals(new ServerConfig("0.0.0.0", 8080, 8L << 20, Runtime.getRuntime().availableProcessors(), 16), c.server());
        assertEquals(new StorageConfig("jdbc:h2:file:./data/caravan", "", Secret.empty(), 10), c.storage());
        assertTrue(c.admin().token().isEmpty());
        assertEquals(new RoutesConfig(HOME.resolve("routes"), false), c.routes());
        assertEquals(HOME.resolve("plugins"), c.plugins().dir());
        assertEquals(new ReceiptsConfig(65536, 500, Duration.ofMillis(200), Path.of("./data/receipts-spill.jsonl")), c.receipts());
        assertEquals(List.of(), c.providers());
        assertEquals(List.of(), c.models());
        assertEquals(List.of(), c.keys());
    }

    @Test
    void should_equal_empty_file_when_defaults_are_asked() {
        assertEquals(ConfigFixtures.parse("# nothing\n"), ConfigLoader.defaults(HOME));
    }

    @Test
    void should_return_defaults_when_no_file_is_given() {
        assertEquals(ConfigLoader.defaults(HOME), ConfigLoader.load(null, Map.of(), HOME));
    }

    @Test
    void should_apply_item_defaults_when_optional_item_keys_are_absent() {
        CaravanConfig c = ConfigFixtures.parse(ConfigFixtures.VALID);

        ProviderConfig p = c.providers().get(0);
        assertEquals(Duration.ofSeconds(60), p.timeout());
        assertTrue(p.apiKey().isEmpty());
        assertEquals(Map.of(), p.headers());
        assertTrue(p.options().isObject() && p.options().isEmpty());
        assertEquals("single", c.models().get(0).strategy());
        assertEquals("default", c.keys().get(0).tenant());
        assertEquals(List.of(), c.keys().get(0).models());
    }

    @Test
    void should_read_file_when_path_is_given(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("caravan.yaml"), "server: { port: 9999 }\n");

        assertEquals(9999, ConfigLoader.load(file, Map.of(), HOME).server().port());
    }

    @Test
    void should_name_file_when_it_does_not_exist(@TempDir Path dir) {
        Path file = dir.resolve("absent.yaml");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), HOME));

        assertEquals(List.of(file + ": file not found"), e.problems());
    }

    @Test
    void should_keep_relative_paths_relative_to_working_directory_when_written_relative() {
        CaravanConfig c = ConfigFixtures.parse("routes: { dir: my-routes }\nplugins: { dir: ./my-plugins }\n");

        assertEquals(Path.of("my-routes").toAbsolutePath(), c.routes().dir().toAbsolutePath());
        assertFalse(c.plugins().dir().isAbsolute());
    }

    @Test
    void should_parse_shipped_example_when_no_variable_is_set() {
        CaravanConfig c = ConfigLoader.load(Path.of("src/dist/caravan.example.yaml"), Map.of(), HOME);

        assertEquals(8080, c.server().port());
        assertEquals("openai", c.models().get(0).targets().get(0).provider());
    }

    @Test
    void should_accept_size_with_unit_when_max_body_bytes_is_a_string() {
        assertEquals(8L << 20, ConfigFixtures.parse("server: { max_body_bytes: 8MiB }").server().maxBodyBytes());
        assertEquals(512_000, ConfigFixtures.parse("server: { max_body_bytes: 512 KB }").server().maxBodyBytes());
    }
}
