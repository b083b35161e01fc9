package dev.caravan.platform.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found while binding a config, so the operator fixes them all in one go
 * instead of one restart per typo. Each entry reads {@code path: message}.
 */
final class ConfigProblems {

    private final List<String> problems = new ArrayList<>();

    void add(String path, String message) {
        problems.add(path + ": " + message);
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
