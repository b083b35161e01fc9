package dev.caravan.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.caravan.platform.it.TestGateway;
import dev.caravan.testkit.PluginJarBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walkthrough of docs/plugins/provider.md, done as an outside author does it: the example
 * plugin's folder (whose POM is only the {@code plugin-parent} parent and the plugin's id) is copied
 * out of the repository and built there with Maven, offline, against a local repository that holds
 * the published Caravan artifacts (caravan-parent, plugin-parent, plugin-api, plugin-test-kit, as
 * this build made them) in front of the machine's Maven cache. The jar it makes is then dropped into
 * a gateway's plugins folder and serves a chat completion.
 */
class OutsidePluginProjectTest {

    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize(); // the repository; tests run in platform/

    @TempDir
    Path tmp;

    /** Removes the links into the Maven cache first, so that cleaning the temporary folder leaves the cache alone. */
    @AfterEach
    void unlinkCache() throws IOException {
        for (Path dir : List.of(tmp.resolve("repo"), tmp.resolve("repo/dev"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    for (Path link : entries.filter(Files::isSymbolicLink).toList()) {
                        Files.delete(link);
                    }
                }
            }
        }
    }

    @Test
    void should_build_and_serve_the_example_plugin_when_built_as_a_separate_maven_project() throws Exception {
        Path project = copyProject(ROOT.resolve("plugins/provider-example"), tmp.resolve("provider-example"));
        Path repo = localRepository(tmp.resolve("repo"));

        Process maven = new ProcessBuilder(mavenCommand(), "-B", "-o", "-q", "package", "-Dmaven.repo.local=" + repo)
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("maven.log").toFile()).start();
        boolean ended = maven.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            maven.destroyForcibly();
        }
        String log = Files.readString(tmp.resolve("maven.log"));
        assertTrue(ended && maven.exitValue() == 0, "the outside build failed:\n" + log);
        assertTrue(Files.exists(project.resolve("target/surefire-reports/TEST-com.example.provider.ExampleContractTest.xml")),
                "the outside build did not run the kit's contract test:\n" + log);

        Path jar = project.resolve("target/provider-example-" + VERSION + ".jar");
        try (JarFile file = new JarFile(jar.toFile())) {
            Attributes manifest = file.getManifest().getMainAttributes();
            assertEquals("provider-example", manifest.getValue("Plugin-Id"));
            assertEquals("dev.caravan", manifest.getValue("Plugin-Provider")); // the group id, by default
            assertEquals(PluginJarBuilder.currentMinor(), manifest.getValue("Plugin-Requires"));
            assertTrue(file.getEntry("META-INF/extensions.idx") != null, "no extension index: the annotation processor did not run");
            assertTrue(file.stream().noneMatch(e -> e.getName().startsWith("dev/caravan/")), "host classes were packaged");
        }
        assertServes(jar);
    }

    private void assertServes(Path jar) throws IOException {
        Path plugins = ThirdPartyGateway.pluginsFolder(tmp);
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        try (ThirdPartyGateway running = ThirdPartyGateway.start(tmp, plugins, "ex", "example", "sk-outside-0123456789", null)) {
            ChatCompletion completion = running.gateway.openai(TestGateway.KEY).chat().completions()
                    .create(ChatCompletionCreateParams.builder().model("ex").addUserMessage("Say hello").build());

            assertFalse(completion.choices().get(0).message().content().orElse("").isBlank());
        }
    }

    /** {@code mvn} from the PATH (mvn.cmd on Windows), or from the Maven that runs this build. */
    private static String mavenCommand() {
        String name = System.getProperty("os.name").toLowerCase().contains("win") ? "mvn.cmd" : "mvn";
        String home = System.getProperty("maven.home");
        if (home != null && Files.isExecutable(Path.of(home, "bin", name))) {
            return Path.of(home, "bin", name).toString();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new AssertionError("no " + name + " on the PATH: the outside build needs Maven");
    }

    private static Path copyProject(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.filter(p -> !from.relativize(p).startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    /**
     * A local repository with the Caravan artifacts of this build under {@code dev/caravan} and every
     * other entry of the machine's Maven cache linked in, so the offline build finds its plugins and
     * libraries without copying them and without installing anything into the real cache.
     */
    private static Path localRepository(Path repo) throws IOException {
        Path cache = Path.of(System.getProperty("caravan.test.m2-repository",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        Files.createDirectories(repo.resolve("dev"));
        link(cache, repo, "dev");
        link(cache.resolve("dev"), repo.resolve("dev"), "caravan");
        publish(repo, "caravan-parent", ROOT.resolve("pom.xml"), null);
        publish(repo, "plugin-parent", ROOT.resolve("plugin-parent/pom.xml"), null);
        publish(repo, "plugin-api", ROOT.resolve("plugin-api/pom.xml"), ROOT.resolve("plugin-api/target/plugin-api-" + VERSION + ".jar"));
        publish(repo, "plugin-test-kit", ROOT.resolve("plugin-test-kit/pom.xml"),
                ROOT.resolve("plugin-test-kit/target/plugin-test-kit-" + VERSION + ".jar"));
        return repo;
    }

    /** Links every entry of {@code cacheDir} into {@code repoDir} except {@code own}, which the test fills itself. */
    private static void link(Path cacheDir, Path repoDir, String own) throws IOException {
        if (!Files.isDirectory(cacheDir)) {
            return;
        }
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> list = Files.list(cacheDir)) {
            list.filter(p -> !p.getFileName().toString().equals(own)).forEach(entries::add);
        }
        for (Path entry : entries) {
            Path target = repoDir.resolve(entry.getFileName().toString());
            if (!Files.exists(target)) {
                Files.createSymbolicLink(target, entry);
            }
        }
    }

    private static void publish(Path repo, String artifact, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("dev/caravan/" + artifact + "/" + VERSION));
        Files.copy(pom, dir.resolve(artifact + "-" + VERSION + ".pom"));
        if (jar != null) {
            assertTrue(Files.isRegularFile(jar), "no " + jar + ": run through Maven (mvn -B package -pl platform -am)");
            Files.copy(jar, dir.resolve(artifact + "-" + VERSION + ".jar"));
        }
        Files.writeString(dir.resolve("maven-metadata-local.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata><groupId>dev.caravan</groupId><artifactId>%s</artifactId><version>%s</version>
                  <versioning><snapshot><localCopy>true</localCopy></snapshot></versioning></metadata>
                """.formatted(artifact, VERSION), StandardCharsets.UTF_8);
    }
}
