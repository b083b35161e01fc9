package dev.caravan.platform.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.platform.cli.CaravanCli;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Dockerfile and the kustomize base in {@code deploy/k8s} (docs/deploy.md) carry what a
 * production deployment needs, and agree with the configuration the ConfigMap ships: probes on the
 * port the config listens on, a grace period that covers the drain, a non-root user, resources,
 * and a command line the real CLI parser accepts. {@code DeployManifestsIT} starts that command.
 */
class DeployManifestsTest {

    private static DeployManifests m;
    private static CaravanConfig config;

    @BeforeAll
    static void load() throws Exception {
        m = DeployManifests.load();
        config = ConfigLoader.fromYaml(m.configMapFile("caravan.yaml"), m.podEnv(), DeployManifests.REPO);
    }

    @Test
    void should_list_every_manifest_file_in_the_kustomization() throws Exception {
        Set<String> listed = Set.copyOf(DeployManifests.texts(m.kustomization.path("resources")));
        try (Stream<Path> files = Files.list(DeployManifests.K8S)) {
            Set<String> present = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                    .filter(f -> !f.equals("kustomization.yaml")).collect(Collectors.toSet());
            assertEquals(present, listed, "kustomization resources vs. files in deploy/k8s");
        }
        assertEquals(Set.of("ConfigMap", "Secret", "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler"),
                m.byKind.keySet());
    }

    @Test
    void should_probe_readiness_on_ready_and_liveness_on_health_at_the_configured_port() {
        JsonNode c = m.container();
        assertEquals("/ready", c.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/health", c.at("/livenessProbe/httpGet/path").asText());
        int port = config.server().port();
        assertEquals(port, m.containerPort(c.at("/readinessProbe/httpGet/port")), "readiness probe port = server.port");
        assertEquals(port, m.containerPort(c.at("/livenessProbe/httpGet/port")), "liveness probe port = server.port");
        assertEquals(port, m.containerPort(c.at("/startupProbe/httpGet/port")), "startup probe port = server.port");
        assertEquals("0.0.0.0", config.server().host(), "a pod listens on all interfaces");
    }

    @Test
    void should_give_the_pod_a_grace_period_that_covers_the_drain_and_the_prestop_sleep() {
        JsonNode pod = m.kind("Deployment").at("/spec/template/spec");
        List<String> preStop = DeployManifests.texts(m.container().at("/lifecycle/preStop/exec/command"));
        assertEquals("sleep", preStop.get(0), "preStop lets the Service drop the endpoint first");
        long preStopSeconds = Long.parseLong(preStop.get(1));
        long drainSeconds = (config.server().drainTimeout().toMillis() + 999) / 1000;
        long grace = pod.path("terminationGracePeriodSeconds").asLong();
        // docs/operations.md: at least drain_timeout_ms + 15 s; the preStop sleep counts inside the period.
        assertTrue(grace >= drainSeconds + 15 + preStopSeconds,
                "terminationGracePeriodSeconds " + grace + " < drain " + drainSeconds + " s + 15 s + preStop " + preStopSeconds + " s");
    }

    @Test
    void should_run_as_a_non_root_user_with_bounded_resources() {
        JsonNode pod = m.kind("Deployment").at("/spec/template/spec");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), "runAsNonRoot");
        assertNotEquals(0, pod.at("/securityContext/runAsUser").asInt(0), "runAsUser");
        String user = m.dockerLast("USER")[1];
        assertFalse(user.equals("root") || user.startsWith("0"), "Dockerfile USER " + user);
        assertEquals(user.split(":")[0], pod.at("/securityContext/runAsUser").asText(), "the image's user is the pod's");
        JsonNode resources = m.container().path("resources");
        for (String field : List.of("/requests/cpu", "/requests/memory", "/limits/memory")) {
            assertFalse(resources.at(field).isMissingNode(), "resources" + field);
        }
        String heap = m.podEnv().get("CARAVAN_JAVA_OPTS").replaceAll(".*-Xmx(\\d+)m.*", "$1");
        long limitMi = Long.parseLong(resources.at("/limits/memory").asText().replace("Mi", ""));
        // docs/benchmarks.md: 256 MiB heap, 478 MiB peak RSS with 1000 open streams.
        assertTrue(limitMi >= 478 && Long.parseLong(heap) * 2 <= limitMi, "memory limit " + limitMi + " Mi for a " + heap + " MiB heap");
    }

    @Test
    void should_mount_the_configmap_where_the_command_line_reads_it_and_take_secrets_from_the_secret() {
        List<String> args = m.podArgs();
        String configPath = args.get(args.indexOf("--config") + 1);
        JsonNode pod = m.kind("Deployment").at("/spec/template/spec");
        JsonNode mount = null;
        for (JsonNode vm : m.container().path("volumeMounts")) {
            if (configPath.startsWith(vm.path("mountPath").asText() + "/")) {
                mount = vm;
            }
        }
        assertTrue(mount != null, "no volume mounted above " + configPath);
        String volumeName = mount.path("name").asText();
        JsonNode volume = null;
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText().equals(volumeName)) {
                volume = v;
            }
        }
        assertEquals(m.kind("ConfigMap").at("/metadata/name").asText(), volume.at("/configMap/name").asText());
        String file = configPath.substring(mount.path("mountPath").asText().length() + 1);
        assertEquals(file, volume.at("/configMap/items/0/path").asText());
        assertTrue(m.kind("ConfigMap").at("/data").has(volume.at("/configMap/items/0/key").asText()));
        assertEquals(m.kind("Secret").at("/metadata/name").asText(), m.container().at("/envFrom/0/secretRef/name").asText());
        assertFalse(m.configMapFile("caravan.yaml").contains("change-me"), "no secret value in the ConfigMap");
    }

    @Test
    void should_select_the_deployments_pods_from_the_service_pdb_and_hpa() {
        JsonNode labels = m.kind("Deployment").at("/spec/template/metadata/labels");
        assertEquals(m.kind("Deployment").at("/spec/selector/matchLabels"), labels);
        m.kind("Service").at("/spec/selector").fields().forEachRemaining(e -> assertEquals(e.getValue(), labels.get(e.getKey())));
        assertEquals(labels, m.kind("PodDisruptionBudget").at("/spec/selector/matchLabels"));
        assertEquals("http", m.kind("Service").at("/spec/ports/0/targetPort").asText());
        JsonNode target = m.kind("HorizontalPodAutoscaler").at("/spec/scaleTargetRef");
        assertEquals("Deployment", target.path("kind").asText());
        assertEquals(m.kind("Deployment").at("/metadata/name").asText(), target.path("name").asText());
        assertTrue(m.kind("HorizontalPodAutoscaler").at("/spec/minReplicas").asInt() >= 2, "one pod down leaves one serving");
        assertEquals(1, m.kind("PodDisruptionBudget").at("/spec/maxUnavailable").asInt());
    }

    @Test
    void should_build_in_two_stages_and_run_on_a_jre_17_with_a_health_check() {
        List<String> from = m.dockerAll("FROM");
        assertEquals(2, from.size(), "a build stage and a run stage: " + from);
        assertTrue(from.get(0).contains("maven") && from.get(0).endsWith("AS build"), from.get(0));
        assertTrue(from.get(1).matches(".*:17[-.\\w]*-jre.*|.*jre[-.\\w]*17.*"), "run stage on a JRE 17: " + from.get(1));
        assertTrue(m.dockerAll("COPY").stream().anyMatch(c -> c.startsWith("--from=build ")), "the run stage copies the distribution");
        String health = m.dockerLast("HEALTHCHECK")[1];
        assertTrue(health.contains("/health") && health.contains("${CARAVAN_PORT}"), health);
        assertTrue(m.dockerAll("ENV").stream().anyMatch(e -> e.contains("CARAVAN_PORT=" + config.server().port())),
                "the image's CARAVAN_PORT is the port the ConfigMap's config listens on");
        assertEquals(String.valueOf(config.server().port()), m.dockerLast("EXPOSE")[1]);
    }

    @Test
    void should_accept_the_image_and_deployment_command_lines_with_the_real_cli_parser() {
        List<String> entrypoint = m.dockerExec("ENTRYPOINT");
        assertEquals(List.of("/opt/caravan/bin/caravan"), entrypoint);
        List<String> cmd = m.dockerExec("CMD");
        assertEquals(cmd, m.podArgs(), "the Deployment runs the image's default command");
        for (List<String> args : List.of(cmd, m.podArgs())) {
            CommandLine cli = new CommandLine(new CaravanCli());
            CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
            assertTrue(parsed.hasSubcommand(), "a subcommand: " + args);
            assertEquals("serve", parsed.subcommand().commandSpec().name());
            assertEquals(Path.of("/etc/caravan/caravan.yaml"), parsed.subcommand().matchedOptionValue("--config", null));
        }
    }
}
