package dev.caravan.platform.policy.script;

import java.nio.file.Path;

/**
 * One policy file as read from the folder.
 *
 * @param id     {@code <name>} for a global script, {@code tenants/<tenant>/<name>} for a tenant's
 * @param name   file name without {@code .groovy}
 * @param tenant the tenant it is bound to, or null for every tenant
 * @param hash   SHA-256 of the text (hex): the script's version
 */
record ScriptFile(String id, String name, String tenant, Path path, String text, String hash) {}
