package dev.caravan.platform.guard;

import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.guardrail.Guardrail;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.GuardrailEntry;
import dev.caravan.platform.config.GuardrailsConfig;
import dev.caravan.platform.config.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every configured guardrail entry bound to its plugin or script at start-up, by scope. Binding
 * calls the plugin's {@code configure(options)} once per entry (for a script: checks that it
 * loaded), so a bad option or a broken script stops start-up with the entry's path instead of
 * failing requests later. A request's guardrails are the global ones, then
 * its tenant's, key's, alias's and metadata's, in that order.
 */
public final class GuardrailCatalog {

    /** A plugin message that starts with an option path ({@code patterns[1]: ...}) is appended to the entry's path. */
    private static final Pattern OPTION_PREFIX = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.\\[\\]]*: .*", Pattern.DOTALL);

    private final List<BoundGuard> global;
    private final Map<Scope.Kind, Map<String, List<BoundGuard>>> named;
    private final List<ScopedGuard> byMetadata;

    private GuardrailCatalog(List<BoundGuard> global, Map<Scope.Kind, Map<String, List<BoundGuard>>> named,
            List<ScopedGuard> byMetadata) {
        this.global = global;
        this.named = named;
        this.byMetadata = byMetadata;
    }

    private record ScopedGuard(Scope scope, BoundGuard guard) {}

    /**
     * @param guardrails the loaded guardrail extensions; the first of two with one id wins
     * @throws ConfigException naming the path of every entry whose plugin is unknown or whose options are refused
     */
    public static GuardrailCatalog bind(GuardrailsConfig config, List<Guardrail> guardrails) {
        return bind(config, guardrails, GuardrailScripts.none());
    }

    /**
     * {@link #bind(GuardrailsConfig, List)} where entries may also name guardrail scripts ({@code script: <name>}).
     *
     * @throws ConfigException naming the path of every entry whose plugin or script is unknown or does
     *                         not load, or whose options are refused
     */
    public static GuardrailCatalog bind(GuardrailsConfig config, List<Guardrail> guardrails, GuardrailScripts scripts) {
        Map<String, Guardrail> byId = new LinkedHashMap<>();
        guardrails.forEach(g -> byId.putIfAbsent(g.id(), g));
        List<String> problems = new ArrayList<>();
        Binder binder = new Binder(byId, scripts, problems);
        List<BoundGuard> global = new ArrayList<>();
        Map<Scope.Kind, Map<String, List<BoundGuard>>> named = new java.util.EnumMap<>(Scope.Kind.class);
        List<ScopedGuard> byMetadata = new ArrayList<>();
        for (GuardrailEntry entry : config.entries()) {
            BoundGuard guard = binder.bind(entry);
            if (guard == null) {
                continue;
            }
            Scope scope = entry.scope();
            switch (scope.kind()) {
                case GLOBAL -> global.add(guard);
                case METADATA -> byMetadata.add(new ScopedGuard(scope, guard));
                default -> named.computeIfAbsent(scope.kind(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(scope.value(), v -> new ArrayList<>()).add(guard);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new GuardrailCatalog(List.copyOf(global), named, List.copyOf(byMetadata));
    }

    public static GuardrailCatalog empty() {
        return new GuardrailCatalog(List.of(), Map.of(), List.of());
    }

    public boolean isEmpty() {
        return global.isEmpty() && named.isEmpty() && byMetadata.isEmpty();
    }

    /**
     * The guardrails of one request in {@code phase}: global, then its tenant's, key's, alias's and
     * metadata's, each in configuration order. Called once per phase when the request's scope is
     * resolved ({@code ScopedControls}), not by each stage.
     */
    public List<BoundGuard> forRequest(GuardPhase phase, Scope.RequestScope subject) {
        if (isEmpty()) {
            return List.of(); // nothing to build when nothing is configured
        }
        List<BoundGuard> guards = new ArrayList<>();
        add(guards, global, phase);
        add(guards, named(Scope.Kind.TENANT, subject.tenant()), phase);
        add(guards, named(Scope.Kind.KEY, subject.keyName()), phase);
        add(guards, named(Scope.Kind.ALIAS, subject.alias()), phase);
        for (ScopedGuard scoped : byMetadata) {
            if (scoped.guard().runsOn(phase) && scoped.scope().matches(subject)) {
                guards.add(scoped.guard());
            }
        }
        return guards;
    }

    /** {@link #forRequest(GuardPhase, Scope.RequestScope)} for a request without metadata. */
    public List<BoundGuard> forRequest(GuardPhase phase, String tenant, String keyName, String alias) {
        return forRequest(phase, new Scope.RequestScope(tenant, keyName, alias, Map.of()));
    }

    private List<BoundGuard> named(Scope.Kind kind, String value) {
        return value == null ? List.of() : named.getOrDefault(kind, Map.of()).getOrDefault(value, List.of());
    }

    private static void add(List<BoundGuard> into, List<BoundGuard> from, GuardPhase phase) {
        for (BoundGuard guard : from) {
            if (guard.runsOn(phase)) {
                into.add(guard);
            }
        }
    }

    private record Binder(Map<String, Guardrail> byId, GuardrailScripts scripts, List<String> problems) {

        /** The entry bound to its check, or null (the problem is recorded). */
        BoundGuard bind(GuardrailEntry entry) {
            GuardCheck check = entry.script() != null ? configureScript(entry) : configure(entry);
            if (check == null) {
                return null;
            }
            String id = entry.script() != null ? scripts.id(entry.script()) : entry.plugin();
            return new BoundGuard(id, entry.on(), check, entry.path());
        }

        private GuardCheck configure(GuardrailEntry entry) {
            Guardrail guardrail = byId.get(entry.plugin());
            if (guardrail == null) {
                String loaded = byId.isEmpty() ? "none" : String.join(", ", new TreeSet<>(byId.keySet()));
                problems.add(entry.path() + ".plugin: no guardrail '" + entry.plugin() + "' is loaded (loaded: " + loaded + ")");
                return null;
            }
            try {
                GuardCheck check = guardrail.configure(entry.options());
                if (check == null) {
                    problems.add(entry.path() + ": guardrail '" + entry.plugin() + "' returned no check");
                }
                return check;
            } catch (IllegalArgumentException e) {
                refused(entry, e);
            } catch (RuntimeException | LinkageError e) {
                problems.add(entry.path() + ": guardrail '" + entry.plugin() + "' failed to configure: " + e.getClass().getName());
            }
            return null;
        }

        private GuardCheck configureScript(GuardrailEntry entry) {
            try {
                return scripts.configure(entry.script(), entry.options());
            } catch (IllegalArgumentException e) {
                refused(entry, e);
                return null;
            }
        }

        private void refused(GuardrailEntry entry, IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            problems.add(OPTION_PREFIX.matcher(message).matches() ? entry.path() + "." + message : entry.path() + ": " + message);
        }
    }
}
