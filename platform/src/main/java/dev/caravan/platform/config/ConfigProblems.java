package dev.caravan.platform.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found while binding a config, so the operator fixes them all in one go
 * instead of one restart per typo. Each entry reads {@code path: message}.
 */
final class ConfigProblems {

    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    void add(String path, String message) {
        problems.add(path + ": " + message);
    }

    /** A form that still works but has a replacement: logged once at start-up, never fatal. */
    void warn(String path, String message) {
        warnings.add(path + ": " + message);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    int count() {
        return problems.size();
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
