package dev.caravan.platform.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * The deployment files at the repository root ({@code Dockerfile}, {@code deploy/k8s/}) as the
 * tests read them: every Kubernetes document by kind, the Dockerfile's instructions, and the
 * container's command line and environment as a pod would get them.
 */
final class DeployManifests {

    static final Path REPO = Path.of(System.getProperty("caravan.repo", "..")).toAbsolutePath().normalize();
    static final Path K8S = REPO.resolve("deploy/k8s");
    static final Path DOCKERFILE = REPO.resolve("Dockerfile");

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, JsonNode> byKind = new LinkedHashMap<>();
    final JsonNode kustomization;
    final List<String[]> dockerfile;

    private DeployManifests(JsonNode kustomization, List<String[]> dockerfile) {
        this.kustomization = kustomization;
        this.dockerfile = dockerfile;
    }

    static DeployManifests load() throws IOException {
        JsonNode kustomization = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
        DeployManifests m = new DeployManifests(kustomization, dockerInstructions(Files.readString(DOCKERFILE)));
        for (JsonNode resource : kustomization.path("resources")) {
            try (var parser = new YAMLFactory().createParser(K8S.resolve(resource.asText()).toFile())) {
                for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                    if (m.byKind.put(doc.path("kind").asText(), doc) != null) {
                        throw new IllegalStateException("two documents of kind " + doc.path("kind").asText());
                    }
                }
            }
        }
        return m;
    }

    JsonNode kind(String kind) {
        JsonNode doc = byKind.get(kind);
        if (doc == null) {
            throw new AssertionError("no " + kind + " among the kustomization's resources: " + byKind.keySet());
        }
        return doc;
    }

    JsonNode container() {
        return kind("Deployment").at("/spec/template/spec/containers/0");
    }

    /** The Deployment's {@code args}: what follows the image's ENTRYPOINT. */
    List<String> podArgs() {
        return texts(container().path("args"));
    }

    /** The container's environment as the pod gets it: the Secret's values, then the explicit {@code env}. */
    Map<String, String> podEnv() {
        Map<String, String> env = new HashMap<>();
        kind("Secret").path("stringData").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        container().path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        return env;
    }

    String configMapFile(String key) {
        return kind("ConfigMap").path("data").path(key).asText();
    }

    /** The container port a probe's {@code port} (a name or a number) refers to. */
    int containerPort(JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container().path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + port);
    }

    /** The arguments of a Dockerfile instruction in exec form ({@code ["a", "b"]}). */
    List<String> dockerExec(String instruction) {
        String[] found = dockerLast(instruction);
        try {
            return texts(JSON.readTree(found[1]));
        } catch (IOException e) {
            throw new AssertionError(instruction + " is not in exec form (a JSON array): " + found[1], e);
        }
    }

    String[] dockerLast(String instruction) {
        String[] last = null;
        for (String[] i : dockerfile) {
            if (i[0].equals(instruction)) {
                last = i;
            }
        }
        if (last == null) {
            throw new AssertionError("the Dockerfile has no " + instruction);
        }
        return last;
    }

    List<String> dockerAll(String instruction) {
        return dockerfile.stream().filter(i -> i[0].equals(instruction)).map(i -> i[1]).toList();
    }

    /** Instruction and arguments, continuation lines joined and comments dropped. */
    private static List<String[]> dockerInstructions(String text) {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            boolean continues = trimmed.endsWith("\\");
            current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                String joined = current.toString().strip();
                int space = joined.indexOf(' ');
                instructions.add(new String[] {joined.substring(0, space).toUpperCase(), joined.substring(space + 1).strip()});
                current.setLength(0);
            }
        }
        return instructions;
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
