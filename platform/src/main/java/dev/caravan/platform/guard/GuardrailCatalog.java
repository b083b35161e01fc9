package dev.caravan.platform.guard;

import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.guardrail.Guardrail;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.GuardrailEntry;
import dev.caravan.platform.config.GuardrailsConfig;
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
 * failing requests later. A request's guardrails are the global list, then
 * its tenant's, key's and alias's, in that order.
 */
public final class GuardrailCatalog {

    /** A plugin message that starts with an option path ({@code patterns[1]: ...}) is appended to the entry's path. */
    private static final Pattern OPTION_PREFIX = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.\\[\\]]*: .*", Pattern.DOTALL);

    private final List<BoundGuard> global;
    private final Map<String, List<BoundGuard>> byTenant;
    private final Map<String, List<BoundGuard>> byKey;
    private final Map<String, List<BoundGuard>> byAlias;

    private GuardrailCatalog(List<BoundGuard> global, Map<String, List<BoundGuard>> byTenant,
            Map<String, List<BoundGuard>> byKey, Map<String, List<BoundGuard>> byAlias) {
        this.global = global;
        this.byTenant = byTenant;
        this.byKey = byKey;
        this.byAlias = byAlias;
    }

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
        GuardrailCatalog catalog = new GuardrailCatalog(binder.list(config.global()), binder.map(config.byTenant()),
                binder.map(config.byKey()), binder.map(config.byAlias()));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return catalog;
    }

    public static GuardrailCatalog empty() {
        return new GuardrailCatalog(List.of(), Map.of(), Map.of(), Map.of());
    }

    /** The guardrails of one request in {@code phase}: global, tenant, key, alias. */
    public List<BoundGuard> forRequest(GuardPhase phase, String tenant, String keyName, String alias) {
        if (global.isEmpty() && byTenant.isEmpty() && byKey.isEmpty() && byAlias.isEmpty()) {
            return List.of(); // every request asks, twice: nothing to build when nothing is configured
        }
        List<BoundGuard> guards = new ArrayList<>();
        add(guards, global, phase);
        add(guards, byTenant.getOrDefault(tenant, List.of()), phase);
        add(guards, byKey.getOrDefault(keyName, List.of()), phase);
        add(guards, byAlias.getOrDefault(alias, List.of()), phase);
        return guards;
    }

    private static void add(List<BoundGuard> into, List<BoundGuard> from, GuardPhase phase) {
        for (BoundGuard guard : from) {
            if (guard.runsOn(phase)) {
                into.add(guard);
            }
        }
    }

    private record Binder(Map<String, Guardrail> byId, GuardrailScripts scripts, List<String> problems) {

        Map<String, List<BoundGuard>> map(Map<String, List<GuardrailEntry>> scoped) {
            Map<String, List<BoundGuard>> bound = new LinkedHashMap<>();
            scoped.forEach((name, entries) -> bound.put(name, list(entries)));
            return Map.copyOf(bound);
        }

        List<BoundGuard> list(List<GuardrailEntry> entries) {
            List<BoundGuard> bound = new ArrayList<>();
            for (GuardrailEntry entry : entries) {
                GuardCheck check = entry.script() != null ? configureScript(entry) : configure(entry);
                if (check != null) {
                    String id = entry.script() != null ? scripts.id(entry.script()) : entry.plugin();
                    bound.add(new BoundGuard(id, entry.on(), check, entry.path()));
                }
            }
            return List.copyOf(bound);
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
