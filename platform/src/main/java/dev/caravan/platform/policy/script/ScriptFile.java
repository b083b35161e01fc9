package dev.caravan.platform.policy.script;

import java.nio.file.Path;

/**
 * One script file as read from the policies folder.
 *
 * @param id           {@code <name>} for a global policy, {@code tenants/<tenant>/<name>} for a tenant's,
 *                     {@code guardrails/<name>} for a guardrail
 * @param name         file name without {@code .groovy}
 * @param tenant       the tenant a policy is bound to, or null for every tenant (always null for guardrails)
 * @param kind         policy or guardrail
 * @param relativePath the path within the policies folder, with {@code /} separators
 * @param hash         SHA-256 of the text (hex): the script's version
 */
record ScriptFile(String id, String name, String tenant, ScriptKind kind, Path path, String relativePath, String text, String hash) {}
