package dev.caravan.platform.storage;

import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** The per-key do-not-track flag ({@code virtual_keys.do_not_track}). Thread-safe. */
public final class KeyPrivacyRepository {

    private final Jdbi jdbi;

    public KeyPrivacyRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** @return false when no key has this name */
    public boolean setDoNotTrack(String keyName, boolean doNotTrack) {
        try {
            return jdbi.withHandle(h -> h.createUpdate("UPDATE virtual_keys SET do_not_track = :dnt WHERE name = :name")
                    .bind("dnt", doNotTrack).bind("name", keyName).execute()) > 0;
        } catch (JdbiException e) {
            throw new StorageException("cannot set do_not_track of key '" + keyName + "': " + e.getMessage(), e);
        }
    }

    /** The do-not-track flag of the key named {@code keyName}; empty when there is no such key. */
    public java.util.Optional<Boolean> doNotTrack(String keyName) {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT do_not_track FROM virtual_keys WHERE name = :name")
                    .bind("name", keyName).mapTo(Boolean.class).findOne());
        } catch (JdbiException e) {
            throw new StorageException("cannot read do_not_track of key '" + keyName + "': " + e.getMessage(), e);
        }
    }

    /** Ids of every key (active or not) whose requests must never have bodies stored. */
    public Set<String> doNotTrackKeyIds() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT id FROM virtual_keys WHERE do_not_track = TRUE")
                    .mapTo(String.class).stream().collect(Collectors.toUnmodifiableSet()));
        } catch (JdbiException e) {
            throw new StorageException("cannot read do-not-track keys: " + e.getMessage(), e);
        }
    }
}
