package dev.caravan.platform.plugins;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.LegacyExtensionFinder;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * Class loader of one plugin: the shared contract comes from the host, everything else from the
 * plugin first.
 *
 * <p>Classes in {@link #PARENT_FIRST_PACKAGES} are loaded by the host so that a plugin's
 * {@code ProviderAdapter}, {@code ObjectNode} or slf4j {@code Logger} is the very class the platform
 * uses; a plugin that bundles its own copy of those packages cannot break that identity. JDK classes
 * come from the JDK. Every other class is looked up in the plugin (its jar, or {@code classes/} and
 * {@code lib/*.jar} of a plugin folder), then in the plugins it depends on, and only then in the
 * host, so a plugin may ship a different version of any other library than the platform.
 */
final class CaravanPluginClassLoader extends PluginClassLoader {

    /** Packages every plugin shares with the host (prefixes of class names). */
    static final List<String> PARENT_FIRST_PACKAGES =
            List.of("dev.caravan.api.", "org.pf4j.", "org.slf4j.", "com.fasterxml.jackson.");

    /** Packages of the JDK outside {@code java.*}; resolved by the platform class loader. */
    private static final List<String> JDK_PACKAGES =
            List.of("javax.", "jdk.", "sun.", "com.sun.", "org.w3c.dom.", "org.xml.sax.", "org.ietf.jgss.");

    private static final ClassLoader JDK = ClassLoader.getPlatformClassLoader();

    CaravanPluginClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader host) {
        // Plugin, then plugin dependencies, then host: child-first for everything not listed above.
        super(manager, descriptor, host, ClassLoadingStrategy.PDA);
    }

    @Override
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        if (startsWithAny(name, PARENT_FIRST_PACKAGES)) {
            try {
                return getParent().loadClass(name);
            } catch (ClassNotFoundException notInHost) {
                // e.g. a Jackson module the platform does not ship: the plugin may bring it
                return super.loadClass(name);
            }
        }
        if (startsWithAny(name, JDK_PACKAGES)) {
            try {
                return JDK.loadClass(name);
            } catch (ClassNotFoundException notInJdk) {
                // a library that merely uses a javax.* name (javax.inject...): child-first as usual
            }
        }
        return super.loadClass(name);
    }

    /**
     * The extension index is read from the plugin itself only: PF4J would otherwise fall back to
     * the host's index and make a plugin without extensions appear to contain the host's ones.
     */
    @Override
    public URL getResource(String name) {
        if (LegacyExtensionFinder.EXTENSIONS_RESOURCE.equals(name)) {
            return findResource(name);
        }
        return super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (LegacyExtensionFinder.EXTENSIONS_RESOURCE.equals(name)) {
            return findResources(name);
        }
        return super.getResources(name);
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
