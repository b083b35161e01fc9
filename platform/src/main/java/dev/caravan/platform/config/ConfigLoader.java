package dev.caravan.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads {@code caravan.yaml} into a validated {@link CaravanConfig}. The file is parsed to a tree and
 * bound by hand, so every problem names its exact path ({@code models[1].targets[0].provider}), and
 * all problems are reported together in one {@link ConfigException}. Secret values never appear in
 * a message. See {@code docs/configuration.md} for every key.
 */
public final class ConfigLoader {

    private static final List<String> SECTIONS =
            List.of("server", "storage", "admin", "metrics", "auth_throttle", "routes", "plugins", "receipts", "breaker", "providers", "models", "saved_routes", "keys", "pricing", "pricing_imports", "admit",
                    "rate_limits", "budgets", "budgets_timezone", "budget_alerts", "policies", "logging",
                    "tenants", "guardrails", "guardrails_on_error", "guardrails_timeout_ms", "guardrails_stream_check_chars", "cors", "stages", "console");

    private ConfigLoader() {}

    /**
     * @param file the config file; {@code null} means built-in defaults only
     * @param env  the environment to interpolate {@code ${VAR}} from
     * @param home Caravan home (distribution root): default {@code routes.dir} and {@code plugins.dir}
     *             live under it ({@code null}: the working directory). Relative paths in the file
     *             resolve against the working directory.
     */
    public static CaravanConfig load(Path file, Map<String, String> env, Path home) throws ConfigException {
        if (file == null) {
            return defaults(home);
        }
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "file not found");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file.toString(), "not valid UTF-8");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read: " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        return fromYaml(yaml, env, home);
    }

    public static CaravanConfig fromYaml(String yaml, Map<String, String> env, Path home) throws ConfigException {
        return bind(YamlDocument.parse(yaml), env, home);
    }

    /** The configuration of an empty file. */
    public static CaravanConfig defaults(Path home) {
        return bind(MissingNode.getInstance(), Map.of(), home);
    }

    /**
     * Called once the plugins are loaded: every {@code providers[i].plugin} must name a loaded
     * provider adapter.
     */
    public static void checkPlugins(CaravanConfig config, Set<String> adapterIds) throws ConfigException {
        String loaded = adapterIds.isEmpty() ? "none" : String.join(", ", new TreeSet<>(adapterIds));
        ConfigProblems problems = new ConfigProblems();
        for (int i = 0; i < config.providers().size(); i++) {
            String plugin = config.providers().get(i).plugin();
            if (!adapterIds.contains(plugin)) {
                problems.add("providers[" + i + "].plugin",
                        "no provider plugin '" + plugin + "' is loaded (loaded: " + loaded + ")");
            }
        }
        problems.throwIfAny();
    }

    /**
     * Called once the plugins are loaded: every redactor named in {@code logging.default_redactors}
     * and {@code tenants[i].redactors} must be a loaded {@code LogRedactor}, so a typo cannot
     * silently store unredacted bodies.
     */
    public static void checkRedactors(CaravanConfig config, Set<String> redactorIds) throws ConfigException {
        String loaded = redactorIds.isEmpty() ? "none" : String.join(", ", new TreeSet<>(redactorIds));
        ConfigProblems problems = new ConfigProblems();
        List<String> defaults = config.logging().defaultRedactors();
        for (int i = 0; i < defaults.size(); i++) {
            if (!redactorIds.contains(defaults.get(i))) {
                problems.add("logging.default_redactors[" + i + "]", "no log redactor '" + defaults.get(i) + "' is loaded (loaded: " + loaded + ")");
            }
        }
        for (LoggingRule rule : config.logging().rules()) {
            for (int i = 0; i < rule.redactors().size(); i++) {
                if (!redactorIds.contains(rule.redactors().get(i))) {
                    problems.add(rule.path() + ".redactors[" + i + "]", "no log redactor '" + rule.redactors().get(i) + "' is loaded (loaded: " + loaded + ")");
                }
            }
        }
        for (int t = 0; t < config.tenants().size(); t++) {
            List<String> redactors = config.tenants().get(t).redactors();
            for (int i = 0; i < redactors.size(); i++) {
                if (!redactorIds.contains(redactors.get(i))) {
                    problems.add("tenants[" + t + "].redactors[" + i + "]", "no log redactor '" + redactors.get(i) + "' is loaded (loaded: " + loaded + ")");
                }
            }
        }
        problems.throwIfAny();
    }

    private static CaravanConfig bind(JsonNode document, Map<String, String> env, Path home) {
        Path base = home == null ? Path.of("") : home;
        ConfigProblems problems = new ConfigProblems();
        ConfigNode root = ConfigNode.root(document, new EnvInterpolator(env), problems);
        root.allowOnly(SECTIONS.toArray(String[]::new));
        ServerConfig server = SettingsBinder.server(root);
        StorageConfig storage = SettingsBinder.storage(root);
        AdminConfig admin = SettingsBinder.admin(root);
        MetricsConfig metrics = SettingsBinder.metrics(root);
        AuthThrottleConfig authThrottle = SettingsBinder.authThrottle(root);
        RoutesConfig routes = SettingsBinder.routes(root, base);
        PluginsConfig plugins = SettingsBinder.plugins(root, base);
        ReceiptsConfig receipts = SettingsBinder.receipts(root);
        BreakerConfig breaker = SettingsBinder.breaker(root);
        List<ProviderConfig> providers = ProviderBinder.bind(root);
        List<ModelAlias> models = ModelAliasBinder.bind(root, ids(providers.stream().map(ProviderConfig::id)));
        List<ModelAlias> savedRoutes = ModelAliasBinder.bindSavedRoutes(root, ids(providers.stream().map(ProviderConfig::id)), models);
        List<KeyConfig> keys = KeyBinder.bind(root, ids(models.stream().map(ModelAlias::alias)));
        List<dev.caravan.platform.config.PriceRow> pricing = PricingBinder.bind(root);
        List<dev.caravan.platform.config.PriceRow> pricingImports = PricingBinder.imports(root, base);
        AdmitConfig admit = SettingsBinder.admit(root);
        List<dev.caravan.platform.config.RateLimitRule> rateLimits = RateLimitBinder.bind(root, ids(models.stream().map(ModelAlias::alias)));
        BudgetAlertsConfig budgetAlerts = SettingsBinder.budgetAlerts(root);
        List<dev.caravan.api.budget.BudgetDefinition> budgets = BudgetBinder.bind(root, ids(models.stream().map(ModelAlias::alias)));
        PoliciesConfig policies = PoliciesBinder.bind(root, base, ids(models.stream().map(ModelAlias::alias)));
        LoggingConfig logging = TenantBinder.logging(root, ids(models.stream().map(ModelAlias::alias)));
        List<TenantConfig> tenants = TenantBinder.tenants(root, logging.rules());
        GuardrailsConfig guardrails = GuardrailBinder.bind(root, ids(models.stream().map(ModelAlias::alias)));
        CorsConfig cors = CorsBinder.bind(root);
        StagesConfig stages = StagesBinder.bind(root);
        ConsoleConfig console = ConsoleBinder.bind(root);
        problems.throwIfAny();
        return new CaravanConfig(server, storage, admin, metrics, routes, plugins, receipts, breaker, providers, models, savedRoutes, keys,
                pricing, pricingImports, admit, rateLimits, budgets, BudgetBinder.defaultZone(root), budgetAlerts, policies, logging, tenants, guardrails,
                authThrottle, cors, stages, console, problems.warnings());
    }

    private static Set<String> ids(Stream<String> names) {
        return names.filter(n -> !n.isEmpty()).collect(Collectors.toCollection(HashSet::new));
    }
}
