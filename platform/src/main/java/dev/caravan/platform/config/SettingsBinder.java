package dev.caravan.platform.config;

import dev.caravan.api.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Binds the single-valued sections (server, storage, admin, metrics, auth_throttle, routes, plugins, receipts). The defaults
 * live here, next to the key they belong to: {@link ConfigLoader#defaults} is this binder run on an
 * empty file, so documented and actual defaults cannot drift apart.
 */
final class SettingsBinder {

    /** An HTTP field name (RFC 9110 token). */
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    /** A node id: also a label in logs and on receipts, so no spaces or control characters. */
    private static final java.util.regex.Pattern NODE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    static final String DEFAULT_STORAGE_URL = "jdbc:h2:file:./data/caravan";
    static final int MIN_SECRET_LENGTH = 16;

    private SettingsBinder() {}

    static ServerConfig server(ConfigNode root) {
        ConfigNode s = root.section("server");
        s.allowOnly("host", "port", "max_body_bytes", "io_threads", "worker_threads", "header_timeout_ms", "body_timeout_ms",
                "idle_timeout_ms", "max_connections", "max_header_bytes", "max_request_line_bytes",
                "drain_timeout_ms", "node_id", "heartbeat_interval_ms", "node_dead_after_ms");
        String host = s.text("host").orElse("0.0.0.0");
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            s.report("host", "must be a host name or IP address, got '" + host + "'");
        }
        return new ServerConfig(
                host,
                ConfigValues.integer(s, "port", 8080, 1, 65535),
                ConfigValues.bytes(s, "max_body_bytes", 8L << 20, Integer.MAX_VALUE),
                ConfigValues.integer(s, "io_threads", Runtime.getRuntime().availableProcessors(), 1, 1024),
                ConfigValues.integer(s, "worker_threads", 16, 1, 4096),
                wire(s),
                Duration.ofMillis(ConfigValues.integer(s, "drain_timeout_ms",
                        (int) ServerConfig.DEFAULT_DRAIN_TIMEOUT.toMillis(), 0, 3_600_000)),
                node(s));
    }

    private static NodeConfig node(ConfigNode s) {
        String id = s.text("node_id").orElse("");
        if (s.has("node_id") && !NODE_ID.matcher(id).matches()) {
            s.report("node_id", "must be 1 to 128 characters of letters, digits and . _ : -, got '" + id + "'");
        }
        Duration beat = millis(s, "heartbeat_interval_ms", NodeConfig.DEFAULT_HEARTBEAT);
        Duration dead = millis(s, "node_dead_after_ms", NodeConfig.DEFAULT_DEAD_AFTER);
        if (dead.compareTo(beat.multipliedBy(2)) < 0) {
            s.report("node_dead_after_ms", "must be at least twice server.heartbeat_interval_ms (" + beat.toMillis()
                    + "), got " + dead.toMillis());
        }
        return new NodeConfig(id, beat, dead);
    }

    private static WireLimits wire(ConfigNode s) {
        WireLimits d = WireLimits.DEFAULTS;
        return new WireLimits(
                millis(s, "header_timeout_ms", d.headerTimeout()),
                millis(s, "body_timeout_ms", d.bodyTimeout()),
                millis(s, "idle_timeout_ms", d.idleTimeout()),
                ConfigValues.integer(s, "max_connections", d.maxConnections(), 1, 1_000_000),
                (int) ConfigValues.bytes(s, "max_header_bytes", d.maxHeaderBytes(), 1 << 20),
                (int) ConfigValues.bytes(s, "max_request_line_bytes", d.maxRequestLineBytes(), 1 << 20));
    }

    private static Duration millis(ConfigNode s, String key, Duration fallback) {
        return Duration.ofMillis(ConfigValues.integer(s, key, (int) fallback.toMillis(), 1, 3_600_000));
    }

    static StorageConfig storage(ConfigNode root) {
        ConfigNode s = root.section("storage");
        s.allowOnly("url", "user", "password", "pool_size", "resync_interval_ms");
        String url = s.text("url").orElse(DEFAULT_STORAGE_URL);
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            // Quote only the scheme: the rest of a JDBC URL may carry a password.
            s.report("url", "must start with 'jdbc:h2:' or 'jdbc:postgresql:', got '" + scheme(url) + "...'");
        }
        return new StorageConfig(
                url,
                s.text("user").orElse(""),
                s.secret("password").orElse(Secret.empty()),
                ConfigValues.integer(s, "pool_size", 10, 1, 1000),
                millis(s, "resync_interval_ms", StorageConfig.DEFAULT_RESYNC));
    }

    static AdminConfig admin(ConfigNode root) {
        ConfigNode s = root.section("admin");
        s.allowOnly("token");
        Secret token = s.secret("token").orElse(Secret.empty());
        if (!token.isEmpty() && token.reveal().length() < MIN_SECRET_LENGTH) {
            s.report("token", "must be at least " + MIN_SECRET_LENGTH + " characters (value hidden)");
        }
        return new AdminConfig(token);
    }

    static MetricsConfig metrics(ConfigNode root) {
        ConfigNode s = root.section("metrics");
        s.allowOnly("enabled", "token", "tenant_tags");
        boolean enabled = ConfigValues.bool(s, "enabled", true);
        Secret token = s.secret("token").orElse(Secret.empty());
        if (!token.isEmpty() && token.reveal().length() < MIN_SECRET_LENGTH) {
            s.report("token", "must be at least " + MIN_SECRET_LENGTH + " characters (value hidden)");
        }
        return new MetricsConfig(enabled, token, ConfigValues.bool(s, "tenant_tags", false));
    }

    static RoutesConfig routes(ConfigNode root, Path home) {
        ConfigNode s = root.section("routes");
        s.allowOnly("dir", "reload", "unmapped_headers");
        return new RoutesConfig(
                ConfigValues.path(s, "dir", home.resolve("routes")),
                ConfigValues.bool(s, "reload", false),
                s.texts("unmapped_headers", name -> HEADER_NAME.matcher(name).matches() ? null
                        : "must be an HTTP header name (letters, digits and !#$%&'*+-.^_`|~), got '" + name + "'")
                        .stream().map(name -> name.toLowerCase(java.util.Locale.ROOT)).toList());
    }

    static PluginsConfig plugins(ConfigNode root, Path home) {
        ConfigNode s = root.section("plugins");
        s.allowOnly("dir");
        return new PluginsConfig(ConfigValues.path(s, "dir", home.resolve("plugins")));
    }

    static ReceiptsConfig receipts(ConfigNode root) {
        ConfigNode s = root.section("receipts");
        s.allowOnly("queue_capacity", "batch_size", "flush_interval_ms", "spill_file", "evidence", "journal_dir", "journal_fsync_ms");
        int capacity = ConfigValues.integer(s, "queue_capacity", 65536, 1, 16_777_216);
        int batch = ConfigValues.integer(s, "batch_size", 500, 1, 100_000);
        if (batch > capacity) {
            s.report("batch_size", "must not exceed receipts.queue_capacity (" + capacity + "), got '" + batch + "'");
        }
        Path spill = ConfigValues.path(s, "spill_file", Path.of("./data/receipts-spill.jsonl"));
        return new ReceiptsConfig(
                capacity,
                batch,
                Duration.ofMillis(ConfigValues.integer(s, "flush_interval_ms", 200, 1, 60_000)),
                spill,
                evidence(s.section("evidence"), spill.resolveSibling("evidence-ed25519.pem")),
                ConfigValues.path(s, "journal_dir", ReceiptsConfig.defaultJournalDir(spill)),
                Duration.ofMillis(ConfigValues.integer(s, "journal_fsync_ms",
                        (int) ReceiptsConfig.DEFAULT_JOURNAL_FSYNC.toMillis(), 1, 60_000)));
    }

    /** {@code defaultKey}: beside the spill file, in the gateway's data directory. */
    static dev.caravan.platform.config.EvidenceConfig evidence(ConfigNode s, Path defaultKey) {
        s.allowOnly("enabled", "node_id", "key_file", "checkpoint_records", "checkpoint_interval_ms");
        var d = dev.caravan.platform.config.EvidenceConfig.defaults();
        String node = s.text("node_id").orElse("");
        if (s.has("node_id") && (node.isBlank() || node.length() > 128)) {
            s.report("node_id", "must be 1 to 128 characters, got '" + node + "'");
        }
        return new dev.caravan.platform.config.EvidenceConfig(
                ConfigValues.bool(s, "enabled", d.enabled()),
                node,
                ConfigValues.path(s, "key_file", defaultKey),
                ConfigValues.integer(s, "checkpoint_records", d.checkpointRecords(), 1, 1_000_000),
                Duration.ofMillis(ConfigValues.integer(s, "checkpoint_interval_ms", (int) d.checkpointInterval().toMillis(), 10, 86_400_000)));
    }

    private static String scheme(String url) {
        int first = url.indexOf(':');
        int second = first < 0 ? -1 : url.indexOf(':', first + 1);
        return second < 0 ? url.substring(0, Math.min(url.length(), 10)) : url.substring(0, second + 1);
    }

    static BreakerConfig breaker(ConfigNode root) {
        ConfigNode s = root.section("breaker");
        s.allowOnly("failure_rate_percent", "window", "minimum_calls", "open_ms", "trial_calls",
                "rate_limit_cooldown_ms", "max_rate_limit_cooldown_ms");
        BreakerConfig d = BreakerConfig.DEFAULTS;
        int window = ConfigValues.integer(s, "window", d.window(), 1, 10_000);
        // A window smaller than the default minimum is valid on its own: the default follows it down.
        int minimum = ConfigValues.integer(s, "minimum_calls", Math.min(d.minimumCalls(), window), 1, 10_000);
        if (minimum > window) {
            s.report("minimum_calls", "must not exceed window (" + window + "), got " + minimum);
        }
        return new BreakerConfig(
                ConfigValues.integer(s, "failure_rate_percent", d.failureRatePercent(), 1, 100),
                window, minimum,
                Duration.ofMillis(ConfigValues.integer(s, "open_ms", (int) d.openFor().toMillis(), 1, 86_400_000)),
                ConfigValues.integer(s, "trial_calls", d.trialCalls(), 1, 1_000),
                Duration.ofMillis(ConfigValues.integer(s, "rate_limit_cooldown_ms", (int) d.rateLimitCooldown().toMillis(), 1, 3_600_000)),
                Duration.ofMillis(ConfigValues.integer(s, "max_rate_limit_cooldown_ms", (int) d.maxRateLimitCooldown().toMillis(), 1,
                        86_400_000)));
    }

    static AdmitConfig admit(ConfigNode root) {
        ConfigNode s = root.section("admit");
        s.allowOnly("policy_timeout_ms", "plugins", "default_max_completion_tokens");
        AdmitConfig d = AdmitConfig.DEFAULTS;
        List<String> plugins = s.texts("plugins", id -> id.isBlank() ? "must be a policy id" : null);
        if (plugins.size() != new java.util.HashSet<>(plugins).size()) {
            s.report("plugins", "lists a policy twice");
        }
        return new AdmitConfig(
                Duration.ofMillis(ConfigValues.integer(s, "policy_timeout_ms", (int) d.policyTimeout().toMillis(), 1, 60_000)),
                plugins,
                ConfigValues.integer(s, "default_max_completion_tokens", (int) d.defaultCompletionTokens(), 1, 10_000_000));
    }

    static AuthThrottleConfig authThrottle(ConfigNode root) {
        ConfigNode s = root.section("auth_throttle");
        s.allowOnly("enabled", "source_failures", "prefix_failures", "window_ms", "cooldown_ms", "max_tracked");
        AuthThrottleConfig d = AuthThrottleConfig.DEFAULTS;
        return new AuthThrottleConfig(
                ConfigValues.bool(s, "enabled", d.enabled()),
                ConfigValues.integer(s, "source_failures", d.sourceFailures(), 1, 1_000_000),
                ConfigValues.integer(s, "prefix_failures", d.prefixFailures(), 1, 1_000_000),
                Duration.ofMillis(ConfigValues.integer(s, "window_ms", (int) d.window().toMillis(), 1, 86_400_000)),
                Duration.ofMillis(ConfigValues.integer(s, "cooldown_ms", (int) d.cooldown().toMillis(), 1, 86_400_000)),
                ConfigValues.integer(s, "max_tracked", d.maxTracked(), 1, 10_000_000));
    }

    static BudgetAlertsConfig budgetAlerts(ConfigNode root) {
        ConfigNode s = root.section("budget_alerts");
        s.allowOnly("webhook", "queue", "retries", "timeout_ms");
        BudgetAlertsConfig d = BudgetAlertsConfig.DEFAULTS;
        java.net.URI webhook = s.text("webhook").map(url -> {
            try {
                java.net.URI uri = new java.net.URI(url);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    s.report("webhook", "must be an http:// or https:// URL");
                }
                return uri;
            } catch (java.net.URISyntaxException e) {
                s.report("webhook", "is not a valid URL");
                return null;
            }
        }).orElse(null);
        return new BudgetAlertsConfig(webhook,
                ConfigValues.integer(s, "queue", d.queue(), 1, 1_000_000),
                ConfigValues.integer(s, "retries", d.retries(), 0, 10),
                Duration.ofMillis(ConfigValues.integer(s, "timeout_ms", (int) d.timeout().toMillis(), 1, 120_000)));
    }
}
