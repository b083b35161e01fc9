package dev.caravan.platform.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/** Binds {@code policies:}; defaults live in {@link PoliciesConfig#defaults}. */
final class PoliciesBinder {

    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");
    private static final Pattern SCRIPT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][\\w$]*");

    private PoliciesBinder() {}

    static PoliciesConfig bind(ConfigNode root, Path home, java.util.Set<String> aliases) {
        ConfigNode s = root.section("policies");
        s.allowOnly("dir", "timeout_ms", "on_error", "threads", "reload_interval_ms", "sandbox", "scopes");
        PoliciesConfig d = PoliciesConfig.defaults(home.resolve("policies"));
        ConfigNode sandbox = s.section("sandbox");
        sandbox.allowOnly("allow_classes", "allow_methods");
        return new PoliciesConfig(
                ConfigValues.path(s, "dir", d.dir()),
                Duration.ofMillis(ConfigValues.integer(s, "timeout_ms", (int) d.timeout().toMillis(), 1, 60_000)),
                onError(s, d.onError()),
                ConfigValues.integer(s, "threads", d.threads(), 1, 256),
                Duration.ofMillis(ConfigValues.integer(s, "reload_interval_ms", (int) d.reloadInterval().toMillis(), 50, 60_000)),
                sandbox.texts("allow_classes", name -> CLASS_NAME.matcher(name).matches()
                        ? null : "must be a fully qualified class name, got '" + name + "'"),
                sandbox.texts("allow_methods", name -> IDENTIFIER.matcher(name).matches()
                        ? null : "must be a method or property name, got '" + name + "'"),
                scopes(s, aliases));
    }

    /** {@code policies.scopes[]}; that each names a loaded top-level script is checked once the folder is read. */
    private static java.util.List<ScopedScript> scopes(ConfigNode s, java.util.Set<String> aliases) {
        java.util.List<ScopedScript> scopes = new java.util.ArrayList<>();
        for (ConfigNode entry : s.items("scopes")) {
            entry.allowOnly("script", "scope");
            java.util.Optional<String> script = entry.requiredText("script");
            script.filter(name -> !SCRIPT_ID.matcher(name).matches()).ifPresent(name -> entry.report("script",
                    "must be the file name of a script at the top of policies.dir, without .groovy, got '" + name + "'"));
            java.util.Optional<Scope> scope = ScopeBinder.bind(entry, "scope", ScopeBinder.Rules.all(aliases));
            if (script.isPresent() && SCRIPT_ID.matcher(script.get()).matches() && scope.isPresent()) {
                scopes.add(new ScopedScript(script.get(), scope.get(), entry.path()));
            }
        }
        return scopes;
    }

    private static PoliciesConfig.OnError onError(ConfigNode s, PoliciesConfig.OnError fallback) {
        return s.text("on_error").map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "deny" -> PoliciesConfig.OnError.DENY;
            case "allow" -> PoliciesConfig.OnError.ALLOW;
            default -> {
                s.report("on_error", "must be 'deny' or 'allow', got '" + value + "'");
                yield fallback;
            }
        }).orElse(fallback);
    }
}
