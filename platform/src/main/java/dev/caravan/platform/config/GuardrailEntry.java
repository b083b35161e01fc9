package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.guardrail.GuardPhase;
import java.util.Set;

/**
 * One entry of a {@code guardrails:} list: {@code { plugin: <guardrail id>, on: [request, response], ...options }}
 * or {@code { script: <name>, on: [...], ...options }}.
 *
 * @param plugin  the guardrail id ({@code Guardrail.id()}), checked against the loaded plugins at start-up; null for a script
 * @param script  the guardrail script's name ({@code policies/guardrails/<name>.groovy}), checked at start-up; null for a plugin
 * @param on      the phases it runs in
 * @param options every other key, interpolated, handed to {@code Guardrail.configure} as written
 * @param path    where it was configured, e.g. {@code tenants[0].guardrails[1]}: named in errors and receipts
 */
public record GuardrailEntry(String plugin, String script, Set<GuardPhase> on, ObjectNode options, String path) {

    public GuardrailEntry {
        on = Set.copyOf(on);
    }
}
