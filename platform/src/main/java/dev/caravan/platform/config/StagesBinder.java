package dev.caravan.platform.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Binds {@code stages:}; defaults live in {@link StagesConfig#defaults}. */
final class StagesBinder {

    private StagesBinder() {}

    static StagesConfig bind(ConfigNode root) {
        ConfigNode s = root.section("stages");
        s.allowOnly("timeout_ms", "on_error", "threads", "overrides");
        StagesConfig d = StagesConfig.defaults();
        Duration timeout = timeout(s, d.timeout());
        StagesConfig.OnError onError = onError(s, d.onError());
        List<StagesConfig.Override> overrides = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigNode item : s.items("overrides")) {
            item.allowOnly("ref", "timeout_ms", "on_error");
            item.requiredText("ref").ifPresent(ref -> {
                if (!seen.add(ref)) {
                    item.report("ref", "stage '" + ref + "' is listed twice");
                }
                overrides.add(new StagesConfig.Override(ref, timeout(item, timeout), onError(item, onError)));
            });
        }
        return new StagesConfig(timeout, onError, ConfigValues.integer(s, "threads", d.threads(), 1, 256), overrides);
    }

    private static Duration timeout(ConfigNode node, Duration fallback) {
        return Duration.ofMillis(ConfigValues.integer(node, "timeout_ms", (int) fallback.toMillis(), 1, 60_000));
    }

    private static StagesConfig.OnError onError(ConfigNode node, StagesConfig.OnError fallback) {
        return node.text("on_error").map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "fail" -> StagesConfig.OnError.FAIL;
            case "continue" -> StagesConfig.OnError.CONTINUE;
            default -> {
                node.report("on_error", "must be 'fail' or 'continue', got '" + value + "'");
                yield fallback;
            }
        }).orElse(fallback);
    }
}
