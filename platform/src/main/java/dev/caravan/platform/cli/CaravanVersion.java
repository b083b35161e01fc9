package dev.caravan.platform.cli;

import dev.caravan.api.PluginApi;
import picocli.CommandLine;

/** Prints the platform and plugin-api versions for {@code caravan --version}. */
public final class CaravanVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String platform = CaravanVersion.class.getPackage().getImplementationVersion();
        return new String[] {"caravan " + (platform == null ? "development" : platform), "plugin-api " + PluginApi.VERSION};
    }
}
