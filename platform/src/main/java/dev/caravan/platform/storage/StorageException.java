package dev.caravan.platform.storage;

/**
 * The database could not do what was asked: unreachable, migration failed, or a statement
 * failed. The message is meant for an operator; it never contains the database password.
 */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
