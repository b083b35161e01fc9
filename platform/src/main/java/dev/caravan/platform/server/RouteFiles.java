package dev.caravan.platform.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Loads the Camel YAML route files of {@code routes.dir} (the folder itself, not its
 * sub-folders, so shipped examples stay inactive until copied up). A file that does not parse or
 * whose routes cannot be built fails start-up with a {@link RouteFileException} naming the file
 * and, where the YAML parser knows it, the line.
 */
public final class RouteFiles {

    private RouteFiles() {}

    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RouteFileException(dir, "routes folder does not exist");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads every file in one call, so route configurations (error handling) apply whatever the
     * file order. On failure, each file is parsed alone to name the one at fault.
     */
    public static void load(CamelContext context, Path dir) {
        List<Path> files = list(dir);
        List<Resource> resources = files.stream().map(f -> resource(context, f)).toList();
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(resources.toArray(Resource[]::new));
        } catch (Exception e) {
            throw new RouteFileException(culprit(context, files, e), RouteFileException.describe(e));
        }
    }

    private static Path culprit(CamelContext context, List<Path> files, Exception failure) {
        String message = RouteFileException.describe(failure);
        for (Path file : files) {
            if (message.contains(file.getFileName().toString())) {
                return file;
            }
        }
        for (Path file : files) {
            try {
                PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource(context, file));
            } catch (Exception e) {
                return file;
            }
        }
        return files.isEmpty() ? Path.of(".") : files.get(0).getParent();
    }

    private static Resource resource(CamelContext context, Path file) {
        return ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath());
    }
}
