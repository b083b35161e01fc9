package dev.caravan.plugins.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The packaged plugin jar carries the relocated detectors and nothing the host provides. */
class ShadedJarIT {

    private static JarFile jar() throws IOException {
        Path path = Path.of(System.getProperty("plugin.jar", "target/redaction-pii.jar"));
        assertTrue(Files.isRegularFile(path), "no plugin jar at " + path + ": run through Maven (failsafe, after package)");
        return new JarFile(path.toFile());
    }

    @Test
    void should_contain_no_host_or_unrelocated_classes_when_packaged() throws IOException {
        List<String> forbidden = List.of("com/fasterxml/", "org/pf4j/", "org/slf4j/", "dev/caravan/api/", "dev/caravan/pii/");
        try (JarFile jar = jar()) {
            List<String> leaked = jar.stream().map(ZipEntry::getName).filter(n -> forbidden.stream().anyMatch(n::startsWith)).toList();

            assertEquals(List.of(), leaked);
        }
    }

    @Test
    void should_bundle_the_relocated_detectors_and_index_the_redactor_when_packaged() throws IOException {
        try (JarFile jar = jar()) {
            assertNotNull(jar.getEntry("dev/caravan/plugins/redaction/internal/pii/PiiMasker.class"));
            assertEquals("redaction-pii", jar.getManifest().getMainAttributes().getValue("Plugin-Id"));
            String index = new String(jar.getInputStream(jar.getEntry("META-INF/extensions.idx")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(index.contains("dev.caravan.plugins.redaction.PiiLogRedactor"), index);
        }
    }
}
