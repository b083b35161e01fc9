package dev.caravan.platform.stage;

import dev.caravan.api.stage.Stage;
import dev.caravan.platform.config.ModelAlias;
import dev.caravan.platform.config.StagesConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.BeanRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The custom stages route steps may name, next to the platform's: {@code <id>} for a loaded
 * {@link Stage} plugin, {@code script:<name>} for a stage script. A bean repository of the Camel
 * registry, so a step is bound when its route is built, at start-up and on a route file's reload
 * alike; a stage no route names is never built and costs nothing. {@link #problems} lists the steps
 * that name a stage that does not exist or does not load, which stops start-up.
 */
public final class CustomStages implements BeanRepository, AutoCloseable {

    public static final String SCRIPT_PREFIX = "script:";
    private static final Logger LOG = LoggerFactory.getLogger(CustomStages.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    private final StagesConfig config;
    private final Map<String, Stage> plugins = new LinkedHashMap<>();
    private final Map<String, String> refused = new LinkedHashMap<>();
    private final ScriptStageSource scripts;
    private final Function<String, Optional<ModelAlias>> aliases;
    private final Executor continuation;
    private final Map<String, CustomStage> built = new ConcurrentHashMap<>();
    private final PluginStageRunner runner;

    /**
     * @param platformNames the platform's stage names, which a plugin stage may not take
     * @param continuation  where the route goes on once a stage has answered
     */
    public CustomStages(StagesConfig config, List<Stage> pluginStages, Set<String> platformNames, ScriptStageSource scripts,
            Function<String, Optional<ModelAlias>> aliases, Executor continuation) {
        this.config = config;
        this.scripts = scripts;
        this.aliases = aliases;
        this.continuation = continuation;
        for (Stage stage : pluginStages) {
            String id = stage.id();
            String problem = id == null || !ID.matcher(id).matches() ? "its id must be a letter followed by letters, digits, '_', '.', '-'"
                    : platformNames.contains(id) ? "'" + id + "' is the name of a platform stage"
                    : plugins.containsKey(id) ? "another loaded plugin has a stage '" + id + "'" : null;
            if (problem == null) {
                plugins.put(id, stage);
            } else {
                LOG.warn("stage plugin {} ignored: {}", stage.getClass().getName(), problem);
                refused.put(String.valueOf(id), problem);
            }
        }
        this.runner = plugins.isEmpty() ? null : new PluginStageRunner(config.threads());
    }

    /** The plugin stages' ids. */
    public Set<String> pluginIds() {
        return Set.copyOf(plugins.keySet());
    }

    @Override
    public Object lookupByName(String name) {
        if (name == null) {
            return null;
        }
        CustomStage stage = built.get(name);
        if (stage != null) {
            return stage;
        }
        StageCall call = callOf(name);
        return call == null ? null : built.computeIfAbsent(name,
                ref -> new CustomStage(ref, call, config.settings(ref), aliases, continuation));
    }

    private StageCall callOf(String name) {
        if (name.startsWith(SCRIPT_PREFIX)) {
            String script = name.substring(SCRIPT_PREFIX.length());
            return scripts != null && scripts.problem(script) == null ? scripts.call(script) : null;
        }
        Stage plugin = plugins.get(name);
        return plugin == null ? null : runner.of(plugin);
    }

    @Override
    public <T> T lookupByNameAndType(String name, Class<T> type) {
        Object bean = lookupByName(name);
        return type.isInstance(bean) ? type.cast(bean) : null;
    }

    @Override
    public <T> Map<String, T> findByTypeWithName(Class<T> type) {
        return Map.of();
    }

    @Override
    public <T> Set<T> findByType(Class<T> type) {
        return Set.of();
    }

    /** A route step whose stage cannot be bound: the route's file (null when unknown) and what is wrong. */
    public record Problem(java.nio.file.Path file, String message) {}

    /**
     * Every step of every loaded route must name a stage that exists: a platform stage, a loaded
     * plugin stage, or a stage script that loaded. Checked before the routes start; steps naming a
     * bean the route files define themselves are left to Camel.
     *
     * @return one problem per step that names a missing stage, in route order
     */
    public List<Problem> problems(CamelContext context, Set<String> platformNames) {
        List<Problem> problems = new ArrayList<>();
        List<RouteDefinition> routes = context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions();
        for (RouteDefinition route : routes) {
            for (ProcessDefinition step : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ProcessDefinition.class)) {
                String ref = step.getRef();
                if (ref == null || platformNames.contains(ref) || plugins.containsKey(ref)) {
                    continue;
                }
                boolean script = ref.startsWith(SCRIPT_PREFIX);
                String problem = script || context.getRegistry().lookupByName(ref) == null ? problem(ref) : null;
                if (problem != null) {
                    problems.add(new Problem(file(route), "route '" + route.getRouteId() + "' names stage '" + ref + "': " + problem));
                }
            }
        }
        return problems;
    }

    /** Why {@code ref} cannot be bound; null when it can. */
    private String problem(String ref) {
        if (ref.startsWith(SCRIPT_PREFIX)) {
            String script = ref.substring(SCRIPT_PREFIX.length());
            return scripts == null ? "no stage scripts are loaded" : scripts.problem(script);
        }
        if (refused.containsKey(ref)) {
            return "the stage plugin with this id was not loaded: " + refused.get(ref);
        }
        return "no such stage: not a platform stage, not a loaded stage plugin (loaded: "
                + (plugins.isEmpty() ? "none" : String.join(", ", new TreeSet<>(plugins.keySet())))
                + "); a stage script is named 'script:<name>' for policies/stages/<name>.groovy";
    }

    private static java.nio.file.Path file(RouteDefinition route) {
        return route.getResource() == null ? null : java.nio.file.Path.of(route.getResource().getLocation().replaceFirst("^file:", ""));
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.close();
        }
    }
}
