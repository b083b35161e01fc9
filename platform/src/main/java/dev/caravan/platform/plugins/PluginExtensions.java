package dev.caravan.platform.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.pf4j.AbstractExtensionFinder;
import org.pf4j.Extension;
import org.pf4j.PluginWrapper;

/**
 * The extension instances of the started plugins: one instance per extension class, created once
 * when the host starts and shared afterwards (PF4J's default factory would create a new instance on
 * every look-up). A plugin with an extension that cannot be created is marked failed, so a plugin
 * either contributes all its extensions or none.
 */
final class PluginExtensions {

    /** One extension instance and the plugin it came from. */
    record Contribution(String pluginId, Path pluginPath, Object instance, int ordinal) {

        String pluginLabel() {
            return PluginProblems.label(pluginId, pluginPath);
        }
    }

    private final List<Contribution> contributions;

    private PluginExtensions(List<Contribution> contributions) {
        this.contributions = List.copyOf(contributions);
    }

    static PluginExtensions empty() {
        return new PluginExtensions(List.of());
    }

    static PluginExtensions create(CaravanPluginManager manager, PluginProblems problems) {
        List<Contribution> all = new ArrayList<>();
        List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
        started.sort(Comparator.comparing(p -> p.getPluginPath().getFileName().toString()));
        for (PluginWrapper plugin : started) {
            List<Contribution> ofPlugin = new ArrayList<>();
            try {
                for (String className : new TreeSet<>(manager.getExtensionClassNames(plugin.getPluginId()))) {
                    ofPlugin.add(instantiate(manager, plugin, className));
                }
                all.addAll(ofPlugin);
            } catch (ExtensionFailure e) {
                problems.add(CaravanPluginManager.label(plugin) + " cannot create its extension " + e.className + ": "
                        + PluginProblems.describe(e.getCause()));
                manager.fail(plugin, e.getCause());
            }
        }
        return new PluginExtensions(all);
    }

    /** The extensions implementing {@code type}, by {@link Extension#ordinal()}, then plugin file name. */
    List<Contribution> of(Class<?> type) {
        return contributions.stream()
                .filter(c -> type.isInstance(c.instance()))
                .sorted(Comparator.comparingInt(Contribution::ordinal)) // stable: keeps file-name order
                .toList();
    }

    private static Contribution instantiate(CaravanPluginManager manager, PluginWrapper plugin, String className) {
        try {
            Class<?> type = plugin.getPluginClassLoader().loadClass(className);
            Object instance = manager.getExtensionFactory().create(type);
            Extension annotation = AbstractExtensionFinder.findExtensionAnnotation(type);
            int ordinal = annotation == null ? 0 : annotation.ordinal();
            return new Contribution(plugin.getPluginId(), plugin.getPluginPath(), instance, ordinal);
        } catch (Exception | LinkageError e) {
            throw new ExtensionFailure(className, e);
        }
    }

    private static final class ExtensionFailure extends RuntimeException {

        private final String className;

        ExtensionFailure(String className, Throwable cause) {
            super(cause);
            this.className = className;
        }
    }
}
