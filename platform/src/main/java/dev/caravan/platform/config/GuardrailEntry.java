package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.guardrail.GuardPhase;
import java.util.Set;

/**
 * One entry of a {@code guardrails:} list: {@code { plugin: <guardrail id>, on: [request, response], scope: ..., ...options }}
 * or {@code { script: <name>, on: [...], scope: ..., ...options }}.
 *
 * @param plugin  the guardrail id ({@code Guardrail.id()}), checked against the loaded plugins at start-up; null for a script
 * @param script  the guardrail script's name ({@code policies/guardrails/<name>.groovy}), checked at start-up; null for a plugin
 * @param on      the phases it runs in
 * @param options every other key, interpolated, handed to {@code Guardrail.configure} as written
 * @param path    where it was configured, e.g. {@code guardrails[1]}: named in errors and receipts
 * @param scope   the requests it checks: its {@code scope:}, or the enclosing {@code tenants[]},
 *                {@code keys[]} or {@code models[]} entry of the older nested form
 */
public record GuardrailEntry(String plugin, String script, Set<GuardPhase> on, ObjectNode options, String path, Scope scope) {

    public GuardrailEntry {
        on = Set.copyOf(on);
    }
}
