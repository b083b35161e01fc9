package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.Secret;
import dev.caravan.platform.config.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening: what {@link Storage#open} does beyond the contract suites. */
class StorageTest {

    @TempDir
    Path temp;

    @Test
    void should_create_missing_directories_when_h2_file() {
        Path db = temp.resolve("deep/data/caravan");

        try (Storage storage = Storage.open(new StorageConfig("jdbc:h2:file:" + db, "", Secret.empty(), 2))) {
            assertTrue(storage.ping());
        }
        assertTrue(Files.exists(temp.resolve("deep/data/caravan.mv.db")));
    }

    @Test
    void should_keep_text_up_to_8_kib_in_row_when_h2() throws Exception {
        // H2's default (256 bytes) moves longer text, such as a fallback receipt's attempts, to its LOB store.
        try (Storage storage = Storage.open(new StorageConfig("jdbc:h2:file:" + temp.resolve("caravan"), "", Secret.empty(), 2));
                Connection connection = storage.dataSource().getConnection();
                ResultSet script = connection.createStatement().executeQuery("SCRIPT NODATA")) {
            List<String> settings = new ArrayList<>();
            while (script.next()) {
                settings.add(script.getString(1));
            }
            assertTrue(settings.contains("SET MAX_LENGTH_INPLACE_LOB 8192;"), settings.toString());
            assertTrue(settings.contains("SET CACHE_SIZE 4096;"), settings.toString());
        }
    }

    @Test
    void should_name_url_without_password_when_database_unreachable() {
        StorageConfig cfg = new StorageConfig("jdbc:postgresql://127.0.0.1:1/caravan?password=url-secret", "caravan",
                Secret.of("cfg-secret"), 2);

        StorageException e = assertThrows(StorageException.class, () -> Storage.open(cfg));

        assertTrue(e.getMessage().startsWith("cannot connect to database jdbc:postgresql://127.0.0.1:1/caravan"), e.getMessage());
        assertFalse(e.getMessage().contains("url-secret"), e.getMessage());
        assertFalse(e.getMessage().contains("cfg-secret"), e.getMessage());
    }

    @Test
    void should_explain_when_h2_url_is_invalid() {
        StorageException e = assertThrows(StorageException.class,
                () -> Storage.open(new StorageConfig("jdbc:h2:relative/no-dot", "", Secret.empty(), 2)));

        assertTrue(e.getMessage().contains("jdbc:h2:relative/no-dot"), e.getMessage());
    }
}
