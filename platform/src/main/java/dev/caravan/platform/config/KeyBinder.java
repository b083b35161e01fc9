package dev.caravan.platform.config;

import dev.caravan.api.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds {@code keys[]}: unique names and values, keys long enough to resist guessing, allowed
 * aliases that exist. Key values are never quoted, not even to say which two are equal.
 */
final class KeyBinder {

    private KeyBinder() {}

    static List<KeyConfig> bind(ConfigNode root, Set<String> aliases) {
        List<KeyConfig> keys = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<Secret, String> values = new HashMap<>();
        for (ConfigNode k : root.items("keys")) {
            k.allowOnly("name", "key", "tenant", "models", "do_not_track", GuardrailBinder.KEY); // guardrails: GuardrailBinder
            String name = k.requiredText("name").orElse("");
            if (!name.isEmpty() && names.putIfAbsent(name, k.pathOf("name")) != null) {
                k.report("name", "duplicate key name '" + name + "' (also " + names.get(name) + ")");
            }
            Secret key = k.requiredSecret("key").orElse(Secret.empty());
            if (!key.isEmpty()) {
                checkKey(k, key, values);
            }
            String tenant = k.text("tenant").orElse("default");
            if (!ProviderBinder.ID.matcher(tenant).matches()) {
                k.report("tenant", ProviderBinder.ID_RULE + ", got '" + tenant + "'");
            }
            keys.add(new KeyConfig(name, key, tenant, models(k, aliases), ConfigValues.bool(k, "do_not_track", false)));
        }
        return keys;
    }

    private static void checkKey(ConfigNode k, Secret key, Map<Secret, String> values) {
        String value = key.reveal();
        if (value.length() < SettingsBinder.MIN_SECRET_LENGTH) {
            k.report("key", "must be at least " + SettingsBinder.MIN_SECRET_LENGTH + " characters");
        } else if (value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            k.report("key", "must not contain spaces or control characters (value hidden)");
        } else if (values.putIfAbsent(key, k.pathOf("key")) != null) {
            k.report("key", "same value as " + values.get(key) + " (value hidden)");
        }
    }

    private static List<String> models(ConfigNode k, Set<String> aliases) {
        return k.texts("models", alias -> aliases.contains(alias) ? null : "unknown alias '" + alias + "'");
    }
}
