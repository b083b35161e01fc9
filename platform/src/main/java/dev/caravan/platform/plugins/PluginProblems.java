package dev.caravan.platform.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins that were rejected or failed, one operator-readable line each. Each line is logged
 * once, here, when it is recorded.
 */
final class PluginProblems {

    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    private final List<String> lines = new ArrayList<>();

    synchronized void add(String line) {
        log.warn(line);
        lines.add(line);
    }

    synchronized List<String> snapshot() {
        return List.copyOf(lines);
    }

    /** {@code plugin 'provider-x' (provider-x-1.0.jar)}, or {@code plugin file 'x.jar'} before the id is known. */
    static String label(String pluginId, Path path) {
        String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        return pluginId == null ? "plugin file '" + file + "'" : "plugin '" + pluginId + "' (" + file + ")";
    }

    /** The messages along a cause chain, without repeats: "Cannot read manifest from x.jar: zip END header not found". */
    static String describe(Throwable error) {
        Set<String> messages = new LinkedHashSet<>();
        for (Throwable t = error; t != null && messages.size() < 4; t = t.getCause()) {
            String message = t.getMessage();
            if (t.getCause() != null && t.getCause().toString().equals(message)) {
                continue; // a wrapper that only repeats its cause (new RuntimeException(cause))
            }
            messages.add(message == null || message.isBlank() ? t.getClass().getSimpleName() : message.strip());
        }
        return String.join(": ", messages);
    }
}
