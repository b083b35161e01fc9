package dev.caravan.platform.policy.script;

import java.time.Instant;

/**
 * One script as {@code GET /admin/v1/policies} shows it.
 *
 * @param id          policy or guardrail id used in decisions, receipts and errors
 * @param kind        {@code policy} (top level, {@code tenants/<id>/}), {@code guardrail} ({@code guardrails/}) or
 *                    {@code stage} ({@code stages/})
 * @param name        file name without {@code .groovy}
 * @param tenant      the tenant it is bound to, null when global
 * @param file        the file path
 * @param status      {@code active}: the file as saved is running; {@code failed}: the file as saved
 *                    does not compile (or its body failed), and {@code version} (if any) still runs
 * @param version     short hash of the running version, null when no version ever loaded
 * @param fileVersion short hash of the file as saved now
 * @param lastError   why the file as saved is not running, null when active
 * @param loadedAt    when the running version was loaded
 */
public record ScriptStatus(
        String id, String kind, String name, String tenant, String file, String status, String version, String fileVersion,
        String lastError, Instant loadedAt) {

    static String shortHash(String hash) {
        return hash == null ? null : hash.substring(0, 12);
    }
}
