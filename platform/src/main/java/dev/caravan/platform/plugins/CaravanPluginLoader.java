package dev.caravan.platform.plugins;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;
import org.pf4j.util.FileUtils;

/**
 * Builds the class loader of a plugin: a plugin jar on its own, or a plugin folder with
 * {@code classes/} and the jars in {@code lib/} (PF4J's folder layout). PF4J does not read jars
 * nested inside a plugin jar, so a plugin with libraries ships as a folder (or shades them).
 */
final class CaravanPluginLoader implements PluginLoader {

    private final PluginManager manager;
    private final ClassLoader host;

    CaravanPluginLoader(PluginManager manager, ClassLoader host) {
        this.manager = manager;
        this.host = host;
    }

    @Override
    public boolean isApplicable(Path pluginPath) {
        return FileUtils.isJarFile(pluginPath) || Files.isDirectory(pluginPath);
    }

    @Override
    public ClassLoader loadPlugin(Path pluginPath, PluginDescriptor descriptor) {
        PluginClassLoader loader = new CaravanPluginClassLoader(manager, descriptor, host);
        if (Files.isDirectory(pluginPath)) {
            addIfDirectory(loader, pluginPath.resolve("classes"));
            FileUtils.getJars(pluginPath.resolve("lib")).stream()
                    .sorted(Comparator.comparing(File::getPath)) // a stable order across file systems
                    .forEach(loader::addFile);
        } else {
            loader.addFile(pluginPath.toFile());
        }
        return loader;
    }

    private static void addIfDirectory(PluginClassLoader loader, Path dir) {
        if (Files.isDirectory(dir)) {
            loader.addFile(dir.toFile());
        }
    }
}
