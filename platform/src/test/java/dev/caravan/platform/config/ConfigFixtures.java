package dev.caravan.platform.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Shared helpers: parse a YAML snippet, or collect the problems it is rejected with. */
final class ConfigFixtures {

    static final Path HOME = Path.of("/opt/caravan");

    /** A valid provider/model/key trio that error tests extend. */
    static final String VALID = """
            providers:
              - { id: openai, plugin: openai, base_url: https://api.openai.com/v1 }
            models:
              - { alias: fast, targets: [ { provider: openai, model: gpt-4o-mini } ] }
            keys:
              - { name: dev, key: sk-caravan-dev-0123456789 }
            """;

    private ConfigFixtures() {}

    static CaravanConfig parse(String yaml) {
        return ConfigLoader.fromYaml(yaml, Map.of(), HOME);
    }

    static CaravanConfig parse(String yaml, Map<String, String> env) {
        return ConfigLoader.fromYaml(yaml, env, HOME);
    }

    static List<String> problems(String yaml) {
        return problems(yaml, Map.of());
    }

    static List<String> problems(String yaml, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(yaml, env, HOME)).problems();
    }
}
