package dev.caravan.platform.policy.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import dev.caravan.platform.guard.GuardrailScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The guardrail scripts of the policies folder ({@code guardrails/<name>.groovy}) for the guardrail
 * catalog. A configured entry is checked once at start-up (the script must have loaded); its
 * check then always runs the version running at the time of the call, so an edit applies without
 * a restart and a broken edit leaves the last good version in place.
 */
final class ScriptGuardrails implements GuardrailScripts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ACTIONS = List.of("deny", "redact", "warn");

    private final PolicyFolder folder;
    private final ScriptRunner runner;
    private final Duration budget;
    /** The current state of a guardrail file by id, null when there is no such file. */
    private final Function<String, ScriptReloader.Loaded> lookup;

    /** @param budget the time limit of one check: {@code guardrails_timeout_ms} */
    ScriptGuardrails(PolicyFolder folder, ScriptRunner runner, Duration budget, Function<String, ScriptReloader.Loaded> lookup) {
        this.folder = folder;
        this.runner = runner;
        this.budget = budget;
        this.lookup = lookup;
    }

    @Override
    public String id(String name) {
        return PolicyFolder.GUARDRAILS + "/" + name;
    }

    @Override
    public GuardCheck configure(String name, ObjectNode options) {
        String id = id(name);
        ScriptReloader.Loaded state = lookup.apply(id);
        if (state == null) {
            throw new IllegalArgumentException("script: no guardrail script '" + name + "' (expected the file "
                    + folder.guardrailFile(name) + ")");
        }
        if (!(state.running() instanceof GuardrailScript script)) {
            throw new IllegalArgumentException("script: guardrail script " + state.file().path() + " does not load: " + state.lastError());
        }
        Action action = action(options.get("action"));
        if (action == Action.REDACT && script.maskHandler() == null) {
            throw new IllegalArgumentException("action: redact needs the script " + state.file().path()
                    + " to register mask { text -> ... }");
        }
        return new ScriptGuardCheck(id, () -> running(id), readOnly(options), action, runner, budget);
    }

    private GuardrailScript running(String id) {
        ScriptReloader.Loaded state = lookup.apply(id);
        return state != null && state.running() instanceof GuardrailScript script ? script : null;
    }

    private static Action action(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.isTextual() ? value.textValue().toLowerCase(Locale.ROOT) : value.toString();
        if (!ACTIONS.contains(text)) {
            throw new IllegalArgumentException("action: must be one of deny, redact, warn, got '" + value.asText(value.toString()) + "'");
        }
        return Action.valueOf(text.toUpperCase(Locale.ROOT));
    }

    /** The options as maps and lists no script can change: one entry's options are shared by all its calls. */
    private static Map<String, Object> readOnly(ObjectNode options) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) frozen(JSON.convertValue(options, Map.class));
        return map;
    }

    private static Object frozen(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, frozen(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(frozen(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
