package dev.caravan.platform.config;

import java.nio.file.Path;

/**
 * {@code routes:} — the Camel YAML route files that form the public pipelines.
 *
 * @param dir    folder whose {@code *.yaml} files are loaded, not its sub-folders (default {@code <caravan home>/routes})
 * @param reload reload route files when they change (default false)
 * @param unmappedHeaders request headers (lower case) that routes never see, beyond the credentials
 *                        that are never mapped (docs/pipelines.md, "Request headers in routes")
 */
public record RoutesConfig(Path dir, boolean reload, java.util.List<String> unmappedHeaders) {

    public RoutesConfig {
        unmappedHeaders = java.util.List.copyOf(unmappedHeaders);
    }

    public RoutesConfig(Path dir, boolean reload) {
        this(dir, reload, java.util.List.of());
    }
}
