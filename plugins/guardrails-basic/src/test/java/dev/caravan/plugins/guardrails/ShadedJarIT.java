package dev.caravan.plugins.guardrails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The packaged plugin jar is self-contained and bundles nothing the host provides. */
class ShadedJarIT {

    private static final List<String> HOST_PACKAGES = List.of("com/fasterxml/", "org/pf4j/", "org/slf4j/", "dev/caravan/api/", "org/yaml/");
    private static final List<String> UNRELOCATED = List.of("dev/caravan/pii/", "com/knuddels/", "com/networknt/", "com/ethlo/");

    private static JarFile jar() throws IOException {
        Path path = Path.of(System.getProperty("plugin.jar", "target/guardrails-basic.jar"));
        assertTrue(Files.isRegularFile(path), "no plugin jar at " + path + ": run through Maven (failsafe, after package)");
        return new JarFile(path.toFile());
    }

    @Test
    void should_contain_no_host_classes_when_packaged() throws IOException {
        try (JarFile jar = jar()) {
            List<String> leaked = jar.stream().map(ZipEntry::getName)
                    .filter(n -> HOST_PACKAGES.stream().anyMatch(n::startsWith) || UNRELOCATED.stream().anyMatch(n::startsWith))
                    .toList();

            assertEquals(List.of(), leaked);
        }
    }

    @Test
    void should_bundle_the_relocated_libraries_and_vocabularies_when_packaged() throws IOException {
        try (JarFile jar = jar()) {
            for (String entry : List.of(
                    "dev/caravan/plugins/guardrails/internal/pii/PiiScanner.class",
                    "dev/caravan/plugins/guardrails/internal/jtokkit/Encodings.class",
                    "dev/caravan/plugins/guardrails/internal/jtokkit/cl100k_base.tiktoken",
                    "dev/caravan/plugins/guardrails/internal/jtokkit/o200k_base.tiktoken",
                    "dev/caravan/plugins/guardrails/internal/networknt/schema/SchemaRegistry.class")) {
                assertTrue(jar.getEntry(entry) != null, "missing " + entry);
            }
        }
    }

    @Test
    void should_declare_the_plugin_and_index_every_guardrail_when_packaged() throws IOException {
        try (JarFile jar = jar()) {
            assertEquals("guardrails-basic", jar.getManifest().getMainAttributes().getValue("Plugin-Id"));
            String index = new String(jar.getInputStream(jar.getEntry("META-INF/extensions.idx")).readAllBytes(), StandardCharsets.UTF_8);
            for (String guardrail : List.of("Regex", "Pii", "Secrets", "PromptInjection", "MaxInputTokens", "AllowedModels", "AllowedTools", "JsonSchema")) {
                assertTrue(index.contains("dev.caravan.plugins.guardrails." + guardrail + "Guardrail"), guardrail + " not in " + index);
            }
        }
    }
}
