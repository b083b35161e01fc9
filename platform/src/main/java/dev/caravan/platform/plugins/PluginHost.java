package dev.caravan.platform.plugins;

import dev.caravan.api.PluginApi;
import dev.caravan.api.provider.ProviderAdapter;
import dev.caravan.api.provider.ProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.pf4j.PluginState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the PF4J plugins of the distribution's {@code plugins/} folder and hands out their
 * extensions.
 *
 * <p>Start-up never fails because of one plugin: a plugin that cannot be read, requires another
 * plugin-api version ({@code Plugin-Requires} is checked against {@link PluginApi#VERSION}), fails
 * to start or clashes with another one is left out and described in {@link #problems()}; the
 * others load. Plugins get {@code dev.caravan.api}, {@code org.pf4j}, {@code org.slf4j} and
 * {@code com.fasterxml.jackson} from the host and every other class from their own jar first
 * (see {@link CaravanPluginClassLoader}).
 *
 * <p>Threading: {@link #start} and {@link #close} are called once each; every other method is
 * safe to call from any thread and returns what was decided at start.
 */
@SuppressWarnings("deprecation") // loads old-style ProviderAdapters too
public final class PluginHost implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    private final CaravanPluginManager manager; // null when there is no plugins folder
    private final PluginProblems problems;
    private final PluginExtensions extensions;
    private final Map<String, ProviderFactory> providers;
    private final Map<String, ProviderAdapter> providerAdapters; // the old-style ones among them
    private final List<LoadedPlugin> plugins; // as they were when start-up finished
    private volatile boolean closed;

    private PluginHost(CaravanPluginManager manager, PluginProblems problems, PluginExtensions extensions) {
        this.manager = manager;
        this.problems = problems;
        this.extensions = extensions;
        Map<String, ProviderAdapter> oldStyle = new LinkedHashMap<>();
        this.providers = indexProviders(extensions, problems, oldStyle);
        this.providerAdapters = Collections.unmodifiableMap(oldStyle);
        this.plugins = manager == null ? List.of() : describe(manager);
    }

    /**
     * Loads and starts every plugin jar and plugin folder in {@code pluginsDir}. A missing folder
     * means no plugins. Never throws because of a plugin: see {@link #problems()}.
     */
    public static PluginHost start(Path pluginsDir) {
        PluginProblems problems = new PluginProblems();
        if (!Files.isDirectory(pluginsDir)) {
            log.info("No plugins folder at {}: starting without plugins", pluginsDir.toAbsolutePath());
            return new PluginHost(null, problems, PluginExtensions.empty());
        }
        CaravanPluginManager manager = new CaravanPluginManager(pluginsDir, problems);
        manager.loadPlugins();
        manager.startPlugins();
        PluginHost host = new PluginHost(manager, problems, PluginExtensions.create(manager, problems));
        log.info("Plugins in {} (plugin-api {}): {}; {} problem(s)",
                pluginsDir.toAbsolutePath(), PluginApi.VERSION, host.plugins(), host.problems().size());
        return host;
    }

    /** One line per plugin that was rejected or failed, e.g. {@code plugin 'x' (x-1.0.jar) requires plugin-api >=2.0.0, but this Caravan provides 0.1.0}. */
    public List<String> problems() {
        return problems.snapshot();
    }

    /**
     * The provider kinds of the started plugins, by id: every {@link ProviderFactory}, then every
     * old-style {@link ProviderAdapter} served as one ({@link LegacyProviderFactory}); the first of
     * two with one id wins.
     */
    public Map<String, ProviderFactory> providers() {
        return providers;
    }

    /** The old-style provider adapters among {@link #providers()}, by {@link ProviderAdapter#id()}. */
    public Map<String, ProviderAdapter> providerAdapters() {
        return providerAdapters;
    }

    /** The extensions of the started plugins that implement {@code type}: one shared instance per extension class. */
    public <T> List<T> extensions(Class<T> type) {
        return extensions.of(type).stream().map(c -> type.cast(c.instance())).toList();
    }

    /** Every plugin found, with its state, in file name order. */
    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    /**
     * The extension points each started plugin implements (simple interface names such as
     * {@code ProviderFactory}, sorted), by plugin id: what {@code caravan plugins list} shows.
     */
    public Map<String, java.util.SortedSet<String>> extensionPoints() {
        Map<String, java.util.SortedSet<String>> byPlugin = new LinkedHashMap<>();
        for (PluginExtensions.Contribution c : extensions.of(Object.class)) {
            java.util.SortedSet<String> points = byPlugin.computeIfAbsent(c.pluginId(), id -> new java.util.TreeSet<>());
            for (Class<?> type = c.instance().getClass(); type != null; type = type.getSuperclass()) {
                collectPoints(type, points);
            }
        }
        return Collections.unmodifiableMap(byPlugin);
    }

    private static void collectPoints(Class<?> type, java.util.Set<String> points) {
        for (Class<?> face : type.getInterfaces()) {
            if (face != org.pf4j.ExtensionPoint.class && org.pf4j.ExtensionPoint.class.isAssignableFrom(face)) {
                points.add(face.getSimpleName());
            }
            collectPoints(face, points);
        }
    }

    /** Started, not closed, and no plugin in the FAILED state. */
    public boolean ready() {
        return !closed && plugins.stream().noneMatch(p -> PluginState.FAILED.equals(p.state()));
    }

    /** Stops and unloads every plugin and closes their class loaders. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (manager != null) {
            manager.shutdown();
        }
    }

    private static Map<String, ProviderFactory> indexProviders(PluginExtensions extensions, PluginProblems problems,
            Map<String, ProviderAdapter> oldStyle) {
        Map<String, ProviderFactory> byId = new LinkedHashMap<>();
        Map<String, PluginExtensions.Contribution> owners = new LinkedHashMap<>();
        for (PluginExtensions.Contribution c : extensions.of(ProviderFactory.class)) {
            ProviderFactory factory = (ProviderFactory) c.instance();
            String id = providerId(factory::id, factory, c, problems);
            if (id != null && firstOwner(id, factory, c, owners, problems)) {
                byId.put(id, factory);
            }
        }
        for (PluginExtensions.Contribution c : extensions.of(ProviderAdapter.class)) {
            ProviderAdapter adapter = (ProviderAdapter) c.instance();
            String id = providerId(adapter::id, adapter, c, problems);
            if (id != null && firstOwner(id, adapter, c, owners, problems)) {
                byId.put(id, new LegacyProviderFactory(adapter));
                oldStyle.put(id, adapter);
            }
        }
        return Collections.unmodifiableMap(byId);
    }

    private static boolean firstOwner(String id, Object extension, PluginExtensions.Contribution c,
            Map<String, PluginExtensions.Contribution> owners, PluginProblems problems) {
        PluginExtensions.Contribution first = owners.putIfAbsent(id, c);
        if (first != null) {
            problems.add(c.pluginLabel() + " provides provider adapter '" + id + "' (" + extension.getClass().getName()
                    + "), already provided by " + first.pluginLabel() + "; the first one is used");
            return false;
        }
        return true;
    }

    private static List<LoadedPlugin> describe(CaravanPluginManager manager) {
        return manager.getPlugins().stream()
                .map(p -> new LoadedPlugin(p.getPluginId(), p.getDescriptor().getVersion(),
                        p.getPluginState().toString(), p.getPluginPath()))
                .sorted(Comparator.comparing(p -> p.path().getFileName().toString()))
                .toList();
    }

    private static String providerId(Supplier<String> idOf, Object extension, PluginExtensions.Contribution c,
            PluginProblems problems) {
        try {
            String id = idOf.get();
            if (id == null || id.isBlank()) {
                problems.add(c.pluginLabel() + " provides provider adapter " + extension.getClass().getName() + " with an empty id; it is ignored");
                return null;
            }
            return id;
        } catch (RuntimeException | LinkageError e) {
            problems.add(c.pluginLabel() + " provides provider adapter " + extension.getClass().getName()
                    + " whose id() failed: " + PluginProblems.describe(e) + "; it is ignored");
            return null;
        }
    }
}
