package dev.caravan.platform.policy.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the policies folder: {@code *.groovy} at the top are global, {@code tenants/<id>/*.groovy}
 * belong to tenant {@code <id>}, {@code guardrails/*.groovy} are guardrails, {@code stages/*.groovy} custom stages, {@code redactors/*.groovy} log redactors,
 * {@code budgets/*.groovy} budget policies (for every tenant), {@code providers/*.groovy} provider adapters; anything else (e.g.
 * {@code examples/}) is not loaded. Files are
 * few and small, so each scan reads and hashes them all: a content hash sees every edit, whatever
 * the file system's timestamp resolution.
 */
final class PolicyFolder {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyFolder.class);
    private static final String SUFFIX = ".groovy";
    static final String GUARDRAILS = "guardrails";
    static final String STAGES = "stages";
    static final String REDACTORS = "redactors";
    static final String BUDGETS = "budgets";
    static final String PROVIDERS = "providers";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path dir;

    PolicyFolder(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The scripts in the folder by id, in id order; a file that cannot be read is left out and logged. */
    Map<String, ScriptFile> scan() {
        Map<String, ScriptFile> files = new LinkedHashMap<>();
        for (Path file : groovyFiles(dir)) {
            read(file, null, ScriptKind.POLICY).ifPresent(f -> files.put(f.id(), f));
        }
        for (Path file : groovyFiles(dir.resolve(GUARDRAILS))) {
            read(file, null, ScriptKind.GUARDRAIL).ifPresent(f -> files.put(f.id(), f));
        }
        for (Path file : groovyFiles(dir.resolve(STAGES))) {
            read(file, null, ScriptKind.STAGE).ifPresent(f -> files.put(f.id(), f));
        }
        for (Path file : groovyFiles(dir.resolve(PROVIDERS))) {
            read(file, null, ScriptKind.PROVIDER).ifPresent(f -> files.put(f.id(), f));
        }
        for (Path file : groovyFiles(dir.resolve(BUDGETS))) {
            read(file, null, ScriptKind.BUDGET).ifPresent(f -> files.put(f.id(), f));
        }
        for (Path file : groovyFiles(dir.resolve(REDACTORS))) {
            read(file, null, ScriptKind.REDACTOR).ifPresent(f -> files.put(f.id(), f));
        }
        Path tenants = dir.resolve("tenants");
        for (Path tenantDir : children(tenants, Files::isDirectory)) {
            String tenant = tenantDir.getFileName().toString();
            if (!NAME.matcher(tenant).matches()) {
                continue;
            }
            for (Path file : groovyFiles(tenantDir)) {
                read(file, tenant, ScriptKind.POLICY).ifPresent(f -> files.put(f.id(), f));
            }
        }
        return files;
    }

    private static List<Path> groovyFiles(Path folder) {
        return children(folder, p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(SUFFIX)
                && NAME.matcher(p.getFileName().toString()).matches());
    }

    private static List<Path> children(Path folder, java.util.function.Predicate<Path> keep) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return new ArrayList<>(list.filter(keep).sorted().toList());
        } catch (IOException e) {
            LOG.warn("cannot list policy folder {}: {}", folder, e.toString());
            return List.of();
        }
    }

    /** Where stage script {@code name} is (or would be). */
    Path stageFile(String name) {
        return dir.resolve(STAGES).resolve(name + SUFFIX);
    }

    /** Where guardrail script {@code name} is (or would be). */
    Path guardrailFile(String name) {
        return dir.resolve(GUARDRAILS).resolve(name + SUFFIX);
    }

    /** Where provider script {@code name} is (or would be). */
    Path providerFile(String name) {
        return dir.resolve(PROVIDERS).resolve(name + SUFFIX);
    }

    /** Where redactor script {@code name} is (or would be). */
    Path redactorFile(String name) {
        return dir.resolve(REDACTORS).resolve(name + SUFFIX);
    }

    private java.util.Optional<ScriptFile> read(Path file, String tenant, ScriptKind kind) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - SUFFIX.length());
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String relative = dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
            String id = relative.substring(0, relative.length() - SUFFIX.length());
            return java.util.Optional.of(new ScriptFile(id, name, tenant, kind, file, relative, text, sha256(text)));
        } catch (IOException e) {
            // Mid-save or unreadable: the next scan sees it again.
            LOG.debug("cannot read policy file {}: {}", file, e.toString());
            return java.util.Optional.empty();
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
