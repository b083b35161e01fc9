package dev.caravan.platform.plugins;

import java.io.File;
import java.util.Comparator;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.pf4j.BasePluginRepository;

/**
 * The plugin candidates in the plugins folder: every {@code *.jar} file and every folder that is not
 * hidden, in name order so that "first wins" rules (duplicate ids) do not depend on file times.
 * Zip files are not unpacked: the plugins folder may be read-only in production.
 */
final class PluginFolderRepository extends BasePluginRepository {

    PluginFolderRepository(Path pluginsDir) {
        super(List.of(pluginsDir), PluginFolderRepository::isCandidate);
        setComparator(Comparator.comparing(File::getName));
    }

    private static boolean isCandidate(File file) {
        if (file.isHidden() || file.getName().startsWith(".")) {
            return false;
        }
        return file.isDirectory() || (file.isFile() && file.getName().toLowerCase(Locale.ROOT).endsWith(".jar"));
    }
}
