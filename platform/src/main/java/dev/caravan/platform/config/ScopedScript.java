package dev.caravan.platform.config;

/**
 * One {@code policies.scopes[]} entry: the top-level policy script {@code policies/<script>.groovy}
 * runs only for requests in {@code scope} instead of for every request. A script may be listed
 * several times; it runs when any of its scopes matches.
 *
 * @param script the script's id: its file name without {@code .groovy}
 * @param scope  the requests it runs for
 * @param path   where it is configured, e.g. {@code policies.scopes[0]}
 */
public record ScopedScript(String script, Scope scope, String path) {}
