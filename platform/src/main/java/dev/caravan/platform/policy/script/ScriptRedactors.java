package dev.caravan.platform.policy.script;

import dev.caravan.api.redaction.LogRedactor;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigException;
import dev.caravan.platform.config.TenantConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The redactor scripts of the policies folder ({@code redactors/<name>.groovy}) as log redactors
 * named {@code script:<name>}, selectable wherever a plugin redactor is
 * ({@code logging.default_redactors}, {@code tenants[i].redactors}). Configured means enforced: a
 * named script that has no file or does not load stops start-up, naming the config path.
 */
public final class ScriptRedactors {

    private final PolicyFolder folder;
    private final ScriptRunner runner;
    private final Duration limit;
    private final Function<String, ScriptReloader.Loaded> lookup;

    ScriptRedactors(PolicyFolder folder, ScriptRunner runner, Duration limit, Function<String, ScriptReloader.Loaded> lookup) {
        this.folder = folder;
        this.runner = runner;
        this.limit = limit;
        this.lookup = lookup;
    }

    /**
     * The script redactors the config names, by id.
     *
     * @throws ConfigException naming each {@code ...redactors[j]} whose script is missing or does not load
     */
    public Map<String, LogRedactor> configured(CaravanConfig config) {
        List<String> problems = new ArrayList<>();
        Map<String, LogRedactor> redactors = new LinkedHashMap<>();
        bind("logging.default_redactors", config.logging().defaultRedactors(), redactors, problems);
        List<TenantConfig> tenants = config.tenants();
        for (int t = 0; t < tenants.size(); t++) {
            bind("tenants[" + t + "].redactors", tenants.get(t).redactors(), redactors, problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return redactors;
    }

    private void bind(String path, List<String> ids, Map<String, LogRedactor> redactors, List<String> problems) {
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (!id.startsWith(ScriptRedactor.ID_PREFIX)) {
                continue;
            }
            String name = id.substring(ScriptRedactor.ID_PREFIX.length());
            ScriptReloader.Loaded state = lookup.apply(PolicyFolder.REDACTORS + "/" + name);
            if (state == null) {
                problems.add(path + "[" + i + "]: no redactor script '" + name + "' (expected the file " + folder.redactorFile(name) + ")");
            } else if (!(state.running() instanceof RedactorScript)) {
                problems.add(path + "[" + i + "]: redactor script " + state.file().path() + " does not load: " + state.lastError());
            } else {
                redactors.computeIfAbsent(id, k -> new ScriptRedactor(name, runner, limit, lookup));
            }
        }
    }
}
