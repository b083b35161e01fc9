package dev.caravan.platform.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.platform.audit.ConfigChangeAudit;
import dev.caravan.platform.config.KeyConfig;
import dev.caravan.platform.storage.KeyHashing;
import dev.caravan.platform.storage.KeyPrivacyRepository;
import dev.caravan.platform.storage.KeyRepository;
import dev.caravan.platform.storage.VirtualKey;
import java.util.Optional;

/**
 * A {@code keys[]} entry of the config file, which start-up writes into {@code virtual_keys}:
 * audited by actor {@code config} as {@code key.create} when new, {@code key.rotate} when its value
 * changed, {@code key.update} when its tenant, models or do-not-track flag did. The state holds the
 * key's hash so a new value is noticed; the audit log stores it masked. Whether the key is revoked
 * is not part of it: the config cannot undo a revocation.
 */
record ConfiguredKey(KeyRepository keys, KeyPrivacyRepository privacy, KeyConfig key) implements ConfigChangeAudit.StoredDefinition {

    @Override
    public String target() {
        return "key:" + key.name();
    }

    @Override
    public JsonNode stored() {
        Optional<VirtualKey> stored = keys.findByName(key.name());
        if (stored.isEmpty()) {
            return null;
        }
        return state(stored.get().tenantId(), stored.get().allowedModels(), privacy.doNotTrack(key.name()).orElse(false),
                keys.keyHash(key.name()).orElse(""));
    }

    @Override
    public JsonNode configured() {
        return state(key.tenant(), key.models(), key.doNotTrack(), KeyHashing.hash(key.key().reveal()));
    }

    @Override
    public String action(JsonNode stored, JsonNode configured) {
        if (stored == null) {
            return "key.create";
        }
        return stored.path("key_hash").equals(configured.path("key_hash")) ? "key.update" : "key.rotate";
    }

    @Override
    public void write() {
        keys.upsertBootstrap(key.name(), key.tenant(), KeyHashing.hash(key.key().reveal()), key.models());
        privacy.setDoNotTrack(key.name(), key.doNotTrack()); // the config file owns its keys' flag
    }

    private ObjectNode state(String tenant, java.util.List<String> models, boolean doNotTrack, String hash) {
        ObjectNode state = JsonNodeFactory.instance.objectNode().put("name", key.name()).put("tenant", tenant);
        models.forEach(state.putArray("models")::add);
        return state.put("do_not_track", doNotTrack).put("key_hash", hash);
    }
}
