package dev.caravan.platform.storage;

/** A virtual key with this name already exists; names are unique across tenants. */
public final class DuplicateKeyNameException extends StorageException {

    private final String keyName;

    public DuplicateKeyNameException(String keyName) {
        super("a virtual key named '" + keyName + "' already exists");
        this.keyName = keyName;
    }

    public String keyName() {
        return keyName;
    }
}
