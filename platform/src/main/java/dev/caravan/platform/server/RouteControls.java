package dev.caravan.platform.server;

import dev.caravan.platform.config.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;

/**
 * A control written in the config runs only where a route has its stage: a copied route file that
 * dropped {@code rateLimit} would serve every request past the limits. So every route that calls
 * {@code callUpstream} must also have the stage of each configured control among its steps (a check
 * of presence: a stage in only one branch of a {@code choice} counts), else start-up stops naming the control's config path, the
 * route and its file. Checked at start-up; a route file reloaded later is not re-checked. (Camel's
 * {@code direct} component is not on the classpath, so a route cannot delegate stages to another.)
 */
final class RouteControls {

    static final String UPSTREAM = "callUpstream";

    /** A stage a control needs, in the routes that call upstream and (when {@code onlyWith} is not empty) use one of those stages. */
    private record Requirement(String stage, String configPath, Set<String> onlyWith) {}

    private final List<Requirement> required = new ArrayList<>();

    /** Every route that calls {@code callUpstream} must reach {@code stage}, required by {@code configPath}. */
    RouteControls require(String stage, String configPath) {
        return require(stage, configPath, Set.of());
    }

    /** As {@link #require(String, String)}, for the routes that also reach one of {@code onlyWith}. */
    RouteControls require(String stage, String configPath, Set<String> onlyWith) {
        required.add(new Requirement(stage, configPath, Set.copyOf(onlyWith)));
        return this;
    }

    /** @throws ConfigException with one problem per route and missing stage */
    void check(CamelContext context) {
        if (required.isEmpty()) {
            return;
        }
        List<RouteDefinition> routes = context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions();
        List<String> problems = new ArrayList<>();
        for (RouteDefinition route : routes) {
            Set<String> stages = stages(route);
            if (!stages.contains(UPSTREAM)) {
                continue;
            }
            for (Requirement r : required) {
                String stage = r.stage();
                String path = r.configPath();
                boolean applies = r.onlyWith().isEmpty() || r.onlyWith().stream().anyMatch(stages::contains);
                if (applies && !stages.contains(stage)) {
                    problems.add(path + ": configured, but route '" + route.getRouteId() + "'" + where(route) + " calls "
                            + UPSTREAM + " without a '" + stage + "' step, so it would not be enforced there; add"
                            + " '- process: { ref: " + stage + " }' " + (stage.equals("guardOutput") ? "after" : "before")
                            + " callUpstream, or remove " + path);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static Set<String> stages(RouteDefinition route) {
        Set<String> stages = new HashSet<>();
        for (ProcessDefinition process : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ProcessDefinition.class)) {
            stages.add(process.getRef());
        }
        return stages;
    }

    private static String where(RouteDefinition route) {
        return route.getResource() == null ? "" : " (" + route.getResource().getLocation().replaceFirst("^file:", "") + ")";
    }
}
