package dev.caravan.platform.config;

import dev.caravan.api.Secret;
import java.util.List;

/**
 * {@code keys[]} — a bootstrap virtual key, stored hashed at start-up.
 *
 * @param name   unique name of the key
 * @param key    the key clients send (at least 16 characters)
 * @param tenant tenant id (created if missing)
 * @param models aliases this key may use; empty means all
 * @param doNotTrack true: bodies of this key's requests are never stored
 */
public record KeyConfig(String name, Secret key, String tenant, List<String> models, boolean doNotTrack) {

    public KeyConfig {
        models = List.copyOf(models);
    }

    public KeyConfig(String name, Secret key, String tenant, List<String> models) {
        this(name, key, tenant, models, false);
    }
}
