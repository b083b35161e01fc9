package dev.caravan.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this plugin API, which plugins name in their {@code Plugin-Requires}. */
public final class PluginApi {

    /** Semantic version of the extension points in this jar, e.g. {@code 0.1.0}. */
    public static final String VERSION = readVersion();

    private PluginApi() {}

    private static String readVersion() {
        try (InputStream in = PluginApi.class.getResourceAsStream("/META-INF/caravan-plugin-api.properties")) {
            if (in == null) {
                throw new IllegalStateException("plugin-api jar lacks META-INF/caravan-plugin-api.properties");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
