package dev.caravan.platform.config;

import java.util.List;

/**
 * An invalid configuration. Each problem names the exact path in the file, e.g.
 * {@code models[1].targets[0].provider: unknown provider 'opneai'}. Start-up exits with code 2.
 */
public class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String path, String message) {
        this(List.of(path + ": " + message));
    }

    public List<String> problems() {
        return problems;
    }
}
