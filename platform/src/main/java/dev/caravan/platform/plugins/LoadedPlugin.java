package dev.caravan.platform.plugins;

import java.nio.file.Path;

/**
 * A plugin the host knows about.
 *
 * @param id      its {@code Plugin-Id}
 * @param version its {@code Plugin-Version}
 * @param state   PF4J's state: {@code STARTED}, {@code DISABLED} (rejected or disabled by the
 *                operator), {@code FAILED}...
 * @param path    the plugin jar or folder
 */
public record LoadedPlugin(String id, String version, String state, Path path) {}
