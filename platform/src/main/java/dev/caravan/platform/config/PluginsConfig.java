package dev.caravan.platform.config;

import java.nio.file.Path;

/** {@code plugins:} — folder of PF4J plugin jars (default {@code <caravan home>/plugins}). */
public record PluginsConfig(Path dir) {}
