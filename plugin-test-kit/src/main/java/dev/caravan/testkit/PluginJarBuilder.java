package dev.caravan.testkit;

import dev.caravan.api.PluginApi;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.pf4j.processor.ExtensionAnnotationProcessor;

/**
 * Builds a real PF4J plugin the way a third party would, from Java sources compiled
 * against the test JVM's classpath (so plugin-api, pf4j and Jackson are visible) with PF4J's
 * {@link ExtensionAnnotationProcessor} run explicitly, which writes {@code META-INF/extensions.idx}.
 *
 * <pre>{@code
 * Path jar = PluginJarBuilder.plugin("provider-x").version("1.0.0").requires(">=0.1.0")
 *         .source("com.example.XAdapter", code)
 *         .writeTo(pluginsDir);
 * }</pre>
 */
public final class PluginJarBuilder {

    private static final JavaCompiler COMPILER = ToolProvider.getSystemJavaCompiler();
    private static final Map<String, Map<String, byte[]>> COMPILED = new ConcurrentHashMap<>();
    private static StandardJavaFileManager fileManager; // guarded by COMPILER

    private final String id;
    private String version = "1.0.0";
    private String requires = currentMinor();
    private String fileName;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> manifestEntries = new LinkedHashMap<>();
    private final List<Path> classpath = new ArrayList<>();

    private PluginJarBuilder(String id) {
        this.id = id;
    }

    /**
     * The {@code Plugin-Requires} that plugin-parent writes: this plugin-api and later patches of its
     * minor, e.g. {@code >=0.1.4 & <0.2.0}.
     */
    public static String currentMinor() {
        String[] parts = PluginApi.VERSION.split("\\.");
        return ">=" + PluginApi.VERSION + " & <" + parts[0] + "." + (Integer.parseInt(parts[1]) + 1) + ".0";
    }

    /** A plugin with {@code Plugin-Id: id}, version 1.0.0, requiring {@link #currentMinor()}. */
    public static PluginJarBuilder plugin(String id) {
        return new PluginJarBuilder(id);
    }

    public PluginJarBuilder version(String pluginVersion) {
        this.version = pluginVersion;
        return this;
    }

    /** The {@code Plugin-Requires} expression, or null for none. */
    public PluginJarBuilder requires(String expression) {
        this.requires = expression;
        return this;
    }

    /** Jar file name; defaults to {@code <id>-<version>.jar}. */
    public PluginJarBuilder fileName(String name) {
        this.fileName = name;
        return this;
    }

    /** Adds (or, with a null value, removes) a manifest entry, e.g. {@code Plugin-Class}. */
    public PluginJarBuilder manifest(String name, String value) {
        manifestEntries.put(name, value);
        return this;
    }

    /** Adds one compilation unit: the fully qualified name of its top-level class and its code. */
    public PluginJarBuilder source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** Adds a jar to the compile classpath only (e.g. a library the plugin ships in {@code lib/}). */
    public PluginJarBuilder classpath(Path jar) {
        classpath.add(jar);
        return this;
    }

    /** Compiles and writes the plugin jar into {@code dir}; returns the jar. */
    public Path writeTo(Path dir) {
        Path jar = dir.resolve(fileName != null ? fileName : id + "-" + version + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest())) {
            for (Map.Entry<String, byte[]> file : compile().entrySet()) {
                out.putNextEntry(new JarEntry(file.getKey()));
                out.write(file.getValue());
                out.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles and writes the plugin as a plugin folder {@code dir/<id>/} with {@code classes/}
     * (manifest in {@code classes/META-INF/}) and the given jars copied into {@code lib/}.
     */
    public Path writeFolderTo(Path dir, Path... libs) {
        try {
            Path folder = dir.resolve(id);
            for (Map.Entry<String, byte[]> file : compile().entrySet()) {
                Path target = folder.resolve("classes").resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            Path manifest = folder.resolve("classes/META-INF/MANIFEST.MF");
            Files.createDirectories(manifest.getParent());
            try (OutputStream out = Files.newOutputStream(manifest)) {
                manifest().write(out);
            }
            Files.createDirectories(folder.resolve("lib"));
            for (Path lib : libs) {
                Files.copy(lib, folder.resolve("lib").resolve(lib.getFileName()));
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The compiled files (classes and {@code META-INF/extensions.idx}) by jar path; memoised, as javac is slow. */
    private Map<String, byte[]> compile() {
        String key = String.join(File.pathSeparator, compileClasspath()) + "\n" + sources;
        return COMPILED.computeIfAbsent(key, k -> compileNow());
    }

    private Map<String, byte[]> compileNow() {
        if (COMPILER == null) {
            throw new IllegalStateException("tests need a JDK (javax.tools.JavaCompiler), not a JRE");
        }
        Path out = createTempDirectory();
        try {
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            List<String> options = List.of("--release", "17", "-classpath", String.join(File.pathSeparator, compileClasspath()),
                    "-d", out.toString());
            boolean compiled;
            synchronized (COMPILER) { // one file manager, which caches the classpath's jars, shared by all builds
                JavaCompiler.CompilationTask task = COMPILER.getTask(null, fileManager(), diagnostics, options, null, units());
                task.setProcessors(List.of(new ExtensionAnnotationProcessor()));
                compiled = task.call();
            }
            if (!compiled) {
                throw new IllegalStateException("plugin '" + id + "' does not compile:\n" + diagnostics.getDiagnostics().stream()
                        .map(Object::toString).collect(Collectors.joining("\n")));
            }
            return readTree(out);
        } finally {
            deleteRecursively(out);
        }
    }

    private static StandardJavaFileManager fileManager() {
        if (fileManager == null) {
            fileManager = COMPILER.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        }
        return fileManager;
    }

    private List<JavaFileObject> units() {
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((className, code) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + className.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        }));
        return units;
    }

    private List<String> compileClasspath() {
        List<String> entries = new ArrayList<>();
        classpath.forEach(p -> entries.add(p.toString()));
        entries.add(System.getProperty("java.class.path"));
        return entries;
    }

    private Manifest manifest() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", id);
        main.putValue("Plugin-Version", version);
        if (requires != null) {
            main.putValue("Plugin-Requires", requires);
        }
        manifestEntries.forEach((name, value) -> {
            if (value == null) {
                main.remove(new Attributes.Name(name));
            } else {
                main.putValue(name, value);
            }
        });
        return manifest;
    }

    private static Map<String, byte[]> readTree(Path root) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace(File.separatorChar, '/'), Files.readAllBytes(file));
            }
            return Collections.unmodifiableMap(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("caravan-plugin-classes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
