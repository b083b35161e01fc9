package dev.caravan.platform.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.pf4j.CompoundPluginDescriptorFinder;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PropertiesPluginDescriptorFinder;
import org.pf4j.util.FileUtils;

/**
 * Reads a plugin's descriptor: the jar manifest ({@code Plugin-Id}, {@code Plugin-Version},
 * {@code Plugin-Requires}...) for a plugin jar; {@code plugin.properties} or a manifest for a
 * plugin folder. Unlike PF4J's compound finder, a jar that cannot be read fails with the reason
 * (not "No PluginDescriptorFinder"), and a jar without a manifest fails instead of throwing a
 * NullPointerException.
 */
final class PluginDescriptorReader implements PluginDescriptorFinder {

    private final PluginDescriptorFinder jarFinder = new JarManifestFinder();
    private final PluginDescriptorFinder folderFinder = new CompoundPluginDescriptorFinder()
            .add(new PropertiesPluginDescriptorFinder())
            .add(new ManifestPluginDescriptorFinder());

    @Override
    public boolean isApplicable(Path pluginPath) {
        return FileUtils.isJarFile(pluginPath) || Files.isDirectory(pluginPath);
    }

    @Override
    public PluginDescriptor find(Path pluginPath) {
        return Files.isDirectory(pluginPath) ? folderFinder.find(pluginPath) : jarFinder.find(pluginPath);
    }

    private static final class JarManifestFinder extends ManifestPluginDescriptorFinder {

        @Override
        protected Manifest readManifestFromJar(Path jarPath) {
            try (JarFile jar = new JarFile(jarPath.toFile())) {
                Manifest manifest = jar.getManifest();
                if (manifest == null) {
                    throw new PluginRuntimeException("the jar has no META-INF/MANIFEST.MF with a Plugin-Id");
                }
                return manifest;
            } catch (IOException e) {
                throw new PluginRuntimeException(e, "not a readable jar");
            }
        }
    }
}
