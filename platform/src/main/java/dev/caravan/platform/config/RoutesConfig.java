package dev.caravan.platform.config;

import java.nio.file.Path;

/**
 * {@code routes:} — the Camel YAML route files that form the public pipelines.
 *
 * @param dir    folder whose {@code *.yaml} files are loaded, not its sub-folders (default {@code <caravan home>/routes})
 * @param reload reload route files when they change (default false)
 */
public record RoutesConfig(Path dir, boolean reload) {}
