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

    public static void load(CamelContext context, Path dir) {
        for (Path file : list(dir)) {
            Resource resource = ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath());
            try {
                PluginHelper.getRoutesLoader(context).loadRoutes(resource);
            } catch (Exception e) {
                throw new RouteFileException(file, RouteFileException.describe(e));
            }
        }
    }
}
