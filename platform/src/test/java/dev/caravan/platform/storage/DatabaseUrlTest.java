package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void should_add_postgres_mode_and_auto_server_when_h2_file() {
        assertEquals("jdbc:h2:file:./data/caravan;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;TRACE_LEVEL_FILE=0;MAX_LENGTH_INPLACE_LOB=8192;CACHE_SIZE=4096;AUTO_SERVER=TRUE",
                DatabaseUrl.withH2Defaults("jdbc:h2:file:./data/caravan"));
    }

    @Test
    void should_not_add_auto_server_when_h2_in_memory() {
        assertEquals("jdbc:h2:mem:x;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;TRACE_LEVEL_FILE=0;MAX_LENGTH_INPLACE_LOB=8192;CACHE_SIZE=4096",
                DatabaseUrl.withH2Defaults("jdbc:h2:mem:x"));
    }

    @Test
    void should_keep_settings_when_url_already_gives_them() {
        assertEquals("jdbc:h2:./db;mode=PostgreSQL;AUTO_SERVER=FALSE;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;TRACE_LEVEL_FILE=0;MAX_LENGTH_INPLACE_LOB=8192;CACHE_SIZE=4096",
                DatabaseUrl.withH2Defaults("jdbc:h2:./db;mode=PostgreSQL;AUTO_SERVER=FALSE"));
    }

    @Test
    void should_keep_in_row_text_size_when_url_gives_one() {
        assertEquals("jdbc:h2:mem:x;max_length_inplace_lob=1024;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;TRACE_LEVEL_FILE=0;CACHE_SIZE=4096",
                DatabaseUrl.withH2Defaults("jdbc:h2:mem:x;max_length_inplace_lob=1024"));
    }

    @Test
    void should_leave_postgres_url_unchanged() {
        assertEquals("jdbc:postgresql://db/caravan", DatabaseUrl.withH2Defaults("jdbc:postgresql://db/caravan"));
    }

    @Test
    void should_find_file_path_only_when_embedded_file() {
        assertEquals(Optional.of(Path.of("./data/caravan")), DatabaseUrl.h2FilePath("jdbc:h2:file:./data/caravan;MODE=PostgreSQL"));
        assertEquals(Optional.of(Path.of("/var/lib/caravan/db")), DatabaseUrl.h2FilePath("jdbc:h2:/var/lib/caravan/db"));
        assertTrue(DatabaseUrl.h2FilePath("jdbc:h2:tcp://host/db").isEmpty());
        assertTrue(DatabaseUrl.h2FilePath("jdbc:h2:mem:x").isEmpty());
        assertTrue(DatabaseUrl.h2FilePath("jdbc:postgresql://db/caravan").isEmpty());
    }

    @Test
    void should_hide_password_when_redacted() {
        String shown = DatabaseUrl.redacted("jdbc:postgresql://u:hunter2@db/caravan?ssl=true&password=hunter2&x=1");

        assertFalse(shown.contains("hunter2"), shown);
        assertTrue(shown.contains("ssl=true") && shown.contains("x=1"), shown);
    }
}
