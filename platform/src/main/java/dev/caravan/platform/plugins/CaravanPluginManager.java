package dev.caravan.platform.plugins;

import dev.caravan.api.PluginApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.DefaultPluginFactory;
import org.pf4j.DefaultPluginManager;
import org.pf4j.InvalidPluginDescriptorException;
import org.pf4j.Plugin;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.RuntimeMode;
import org.pf4j.util.StringUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PF4J's manager, adapted to Caravan: jar plugins and plugin folders from one folder, Caravan's
 * class loader, always {@link RuntimeMode#DEPLOYMENT}, the plugin-api version as system version,
 * and every plugin that cannot be used recorded in {@link PluginProblems} instead of only logged
 * (or, for some PF4J failures, aborting the whole load).
 *
 * <p>Note: PF4J calls the {@code create*} factory methods from its constructor, before this
 * class's fields are assigned, so they must not use {@link #problems}.
 */
final class CaravanPluginManager extends DefaultPluginManager {

    private static final Logger log = LoggerFactory.getLogger(CaravanPluginManager.class);

    private final PluginProblems problems;

    CaravanPluginManager(Path pluginsDir, PluginProblems problems) {
        super(pluginsDir);
        this.problems = problems;
        setSystemVersion(PluginApi.VERSION);
        // A plugin whose Plugin-Dependencies cannot be met is dropped; the others still load.
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    @Override
    public RuntimeMode getRuntimeMode() {
        return RuntimeMode.DEPLOYMENT; // never switched by the pf4j.mode system property
    }

    @Override
    protected PluginRepository createPluginRepository() {
        return new PluginFolderRepository(getPluginsRoot());
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CaravanPluginLoader(this, CaravanPluginManager.class.getClassLoader());
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new PluginDescriptorReader();
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return new ExplicitPluginFactory();
    }

    /** Loads every candidate; one that cannot be loaded is recorded and skipped. */
    @Override
    public void loadPlugins() {
        for (Path path : pluginRepository.getPluginPaths()) {
            try {
                loadPluginFromPath(path);
            } catch (RuntimeException | LinkageError e) {
                problems.add(PluginProblems.label(null, path) + " cannot be loaded: " + PluginProblems.describe(e));
            }
        }
        resolveAndReport();
    }

    /** Starts the resolved plugins; each one that fails is recorded. */
    @Override
    public void startPlugins() {
        super.startPlugins();
        for (PluginWrapper plugin : getPlugins()) {
            if (plugin.getPluginState() == PluginState.FAILED) {
                problems.add(label(plugin) + " failed to start: " + PluginProblems.describe(plugin.getFailedException()));
            }
        }
    }

    /** Checks {@code Plugin-Requires} against the plugin-api version (PF4J's check) and records a rejection. */
    @Override
    protected boolean isPluginValid(PluginWrapper plugin) {
        String requires = plugin.getDescriptor().getRequires().trim();
        try {
            if (super.isPluginValid(plugin)) {
                return true;
            }
            problems.add(label(plugin) + " requires plugin-api " + requires + ", but this Caravan provides " + getSystemVersion());
        } catch (RuntimeException e) { // jsemver rejects the expression itself
            problems.add(label(plugin) + " has an invalid Plugin-Requires '" + requires + "': " + PluginProblems.describe(e));
        }
        return false;
    }

    @Override
    protected void validatePluginDescriptor(PluginDescriptor descriptor) {
        if (StringUtils.isNullOrEmpty(descriptor.getPluginId())) {
            throw new InvalidPluginDescriptorException("its descriptor has no Plugin-Id");
        }
        if (StringUtils.isNullOrEmpty(descriptor.getVersion())) {
            throw new InvalidPluginDescriptorException("its descriptor has no Plugin-Version");
        }
        PluginWrapper loaded = getPlugin(descriptor.getPluginId());
        if (loaded != null) {
            throw new InvalidPluginDescriptorException("plugin id '" + descriptor.getPluginId()
                    + "' is already used by '" + loaded.getPluginPath().getFileName() + "'");
        }
    }

    /** Marks a started plugin failed after the host found it unusable (e.g. an extension cannot be created). */
    void fail(PluginWrapper plugin, Throwable cause) {
        try {
            stopPlugin(plugin.getPluginId());
        } catch (RuntimeException | LinkageError e) {
            log.warn("{} did not stop cleanly", label(plugin), e);
        }
        plugin.setPluginState(PluginState.FAILED);
        plugin.setFailedException(cause);
    }

    /** Stops the started plugins in reverse order and unloads every plugin, closing its class loader. */
    void shutdown() {
        List<PluginWrapper> started = new ArrayList<>(getStartedPlugins());
        Collections.reverse(started);
        for (PluginWrapper plugin : started) {
            try {
                stopPlugin(plugin.getPluginId());
            } catch (RuntimeException | LinkageError e) {
                log.warn("{} did not stop cleanly", label(plugin), e);
            }
        }
        for (PluginWrapper plugin : getPlugins()) {
            try {
                unloadPlugin(plugin.getPluginId());
            } catch (RuntimeException | LinkageError e) {
                log.warn("{} did not unload cleanly", label(plugin), e);
            }
        }
    }

    static String label(PluginWrapper plugin) {
        return PluginProblems.label(plugin.getPluginId(), plugin.getPluginPath());
    }

    private void resolveAndReport() {
        Map<String, Path> loaded = new HashMap<>();
        getPlugins().forEach(p -> loaded.put(p.getPluginId(), p.getPluginPath()));
        try {
            resolvePlugins();
        } catch (RuntimeException e) { // a dependency cycle: PF4J cannot order the plugins at all
            problems.add("plugins not started: " + PluginProblems.describe(e));
            return;
        }
        loaded.keySet().removeAll(plugins.keySet());
        loaded.forEach((id, path) -> problems.add(PluginProblems.label(id, path)
                + " was not loaded: a plugin named in its Plugin-Dependencies is missing, rejected or of the wrong version"));
    }

    /** PF4J's factory returns null (and only logs) when the Plugin-Class cannot be created; fail the start with its name instead. */
    private static final class ExplicitPluginFactory extends DefaultPluginFactory {

        @Override
        public Plugin create(PluginWrapper pluginWrapper) {
            Plugin plugin = super.create(pluginWrapper);
            if (plugin == null) {
                throw new PluginRuntimeException("cannot create its Plugin-Class '{}'", pluginWrapper.getDescriptor().getPluginClass());
            }
            return plugin;
        }
    }
}
