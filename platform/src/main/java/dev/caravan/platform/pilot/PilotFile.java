package dev.caravan.platform.pilot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.platform.config.LocatedYaml;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a pilot file (docs/examples/pilot.yaml; fields in docs/pilot.md) into a {@link PilotPlan}
 * whose fields the command's flags may still fill or override. Every problem names its line and
 * field. A key or token in the file is refused: secrets come from flags or the environment.
 */
public final class PilotFile {

    private static final Set<String> TOP = Set.of("workflow", "current", "candidate", "transport", "capabilities", "finance", "note");
    private static final Set<String> WORKFLOW = Set.of("name", "owner", "description");
    private static final Set<String> CURRENT = Set.of("provider", "model", "endpoint", "request_shape", "retry", "average_usage",
            "price_row", "rollback_owner");
    private static final Set<String> CANDIDATE = Set.of("base_url", "key_owner", "alias", "endpoint_family", "expected_price_row", "retry");
    private static final Set<String> NOTE = Set.of("support_path", "logging_policy", "quota_behaviour", "next_workflow");
    static final int MAX_CALLS = 1000;

    /** The plan, or the problems ({@code line 12: candidate.base_url: ...}). */
    public record Result(PilotPlan plan, List<String> problems) {
    }

    private PilotFile() {}

    /** An empty plan: every field unset, 5 transport calls. */
    public static PilotPlan empty() {
        return new PilotPlan(new PilotPlan.Workflow(null, null, null), new PilotPlan.Current(null, null, null, null, null, null, null, null),
                new PilotPlan.Candidate(null, null, null, null, null, null), 5, Map.of(), List.of(), null,
                new PilotPlan.Note(null, null, null, null));
    }

    public static Result read(String text) {
        LocatedYaml yaml = LocatedYaml.parse(text);
        if (!yaml.problems().isEmpty()) {
            return new Result(null, yaml.problems());
        }
        JsonNode root = yaml.root();
        if (!yaml.mapping(root, "", TOP)) {
            if (root.isMissingNode() || root.isNull()) {
                yaml.report("", "the file is empty; see docs/examples/pilot.yaml");
            }
            return new Result(null, yaml.problems());
        }
        JsonNode w = section(yaml, root, "workflow", WORKFLOW);
        PilotPlan.Workflow workflow = new PilotPlan.Workflow(yaml.text(w, "workflow", "name", false),
                yaml.text(w, "workflow", "owner", false), yaml.text(w, "workflow", "description", false));
        JsonNode c = section(yaml, root, "current", CURRENT);
        PilotPlan.Current current = new PilotPlan.Current(yaml.text(c, "current", "provider", false), yaml.text(c, "current", "model", false),
                yaml.text(c, "current", "endpoint", false), yaml.text(c, "current", "request_shape", false),
                yaml.text(c, "current", "retry", false), yaml.text(c, "current", "average_usage", false),
                yaml.text(c, "current", "price_row", false), yaml.text(c, "current", "rollback_owner", false));
        JsonNode k = section(yaml, root, "candidate", CANDIDATE);
        String baseUrl = yaml.text(k, "candidate", "base_url", false);
        if (baseUrl != null && urlProblem(baseUrl) != null) {
            yaml.report("candidate.base_url", urlProblem(baseUrl));
        }
        PilotPlan.Candidate candidate = new PilotPlan.Candidate(baseUrl, yaml.text(k, "candidate", "key_owner", false),
                yaml.text(k, "candidate", "alias", false), yaml.text(k, "candidate", "endpoint_family", false),
                yaml.text(k, "candidate", "expected_price_row", false), yaml.text(k, "candidate", "retry", false));
        JsonNode t = section(yaml, root, "transport", Set.of("calls"));
        Long calls = yaml.whole(t, "transport", "calls", 1, MAX_CALLS, 5L);
        JsonNode caps = section(yaml, root, "capabilities", Set.of("required", "models"));
        List<String> required = required(yaml, caps.path("required"));
        Map<String, String> models = capabilityModels(yaml, caps.path("models"));
        JsonNode f = section(yaml, root, "finance", Set.of("admin_url"));
        String adminUrl = yaml.text(f, "finance", "admin_url", false);
        if (adminUrl != null && urlProblem(adminUrl) != null) {
            yaml.report("finance.admin_url", urlProblem(adminUrl));
        }
        JsonNode n = section(yaml, root, "note", NOTE);
        PilotPlan.Note note = new PilotPlan.Note(yaml.text(n, "note", "support_path", false), yaml.text(n, "note", "logging_policy", false),
                yaml.text(n, "note", "quota_behaviour", false), yaml.text(n, "note", "next_workflow", false));
        if (!yaml.problems().isEmpty()) {
            return new Result(null, yaml.problems());
        }
        return new Result(new PilotPlan(workflow, current, candidate, calls == null ? 5 : calls.intValue(), models, required, adminUrl, note),
                List.of());
    }

    /** Null when {@code url} is an http(s) URL with a host, else what is wrong. */
    public static String urlProblem(String url) {
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return null;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        return "must be an http:// or https:// URL, got '" + url + "'";
    }

    private static JsonNode section(LocatedYaml yaml, JsonNode root, String name, Set<String> known) {
        JsonNode node = root.path(name);
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                if (field.equals("key") || field.equals("api_key") || field.equals("token") || field.equals("admin_token")) {
                    yaml.report(name + "." + field, "secrets do not go in the pilot file: pass --key / --admin-token or set "
                            + "CARAVAN_PILOT_KEY / CARAVAN_ADMIN_TOKEN");
                }
            }
            Set<String> allowed = new java.util.HashSet<>(known);
            allowed.addAll(Set.of("key", "api_key", "token", "admin_token"));
            List<String> unknown = new ArrayList<>();
            node.fieldNames().forEachRemaining(fn -> {
                if (!allowed.contains(fn)) {
                    unknown.add(fn);
                }
            });
            unknown.forEach(fn -> yaml.report(name + "." + fn, "unknown field (known: " + String.join(", ", known.stream().sorted().toList()) + ")"));
            return node;
        }
        yaml.mapping(node, name, known);
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static List<String> required(LocatedYaml yaml, JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            yaml.report("capabilities.required", "must be a list of capabilities (" + String.join(", ", PilotPlan.CAPABILITIES) + ")");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String name = list.get(i).asText();
            if (!PilotPlan.CAPABILITIES.contains(name)) {
                yaml.report("capabilities.required[" + i + "]", "unknown capability '" + name + "' (known: "
                        + String.join(", ", PilotPlan.CAPABILITIES) + ")");
            } else {
                out.add(name);
            }
        }
        return out;
    }

    private static Map<String, String> capabilityModels(LocatedYaml yaml, JsonNode models) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!yaml.mapping(models, "capabilities.models", Set.copyOf(PilotPlan.CAPABILITIES))) {
            return out;
        }
        for (String capability : PilotPlan.CAPABILITIES) {
            String model = yaml.text(models, "capabilities.models", capability, false);
            if (model != null) {
                out.put(capability, model);
            }
        }
        return out;
    }
}
