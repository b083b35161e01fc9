package dev.caravan.platform.storage;

import java.util.List;

/**
 * A stored virtual key. The key itself is never stored, only its hash.
 *
 * @param id            stable id (used in receipts)
 * @param name          unique name
 * @param tenantId      owning tenant
 * @param allowedModels aliases it may use; empty means all
 * @param active        false once revoked
 */
public record VirtualKey(String id, String name, String tenantId, List<String> allowedModels, boolean active) {

    public VirtualKey {
        allowedModels = List.copyOf(allowedModels);
    }

    public boolean mayUse(String alias) {
        return allowedModels.isEmpty() || allowedModels.contains(alias);
    }
}
