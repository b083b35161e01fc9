package dev.caravan.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.Secret;
import dev.caravan.platform.config.StorageConfig;
import dev.caravan.platform.storage.AuditEntry;
import dev.caravan.platform.storage.AuditRepository;
import dev.caravan.platform.storage.KeyPrivacyRepository;
import dev.caravan.platform.storage.Storage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code caravan keys create|revoke|do-not-track} leave one audit entry each, without the key. */
class KeysAuditTest {

    @TempDir
    Path tmp;
    Path config;

    @BeforeEach
    void writeConfig() throws IOException {
        config = tmp.resolve("caravan.yaml");
        Files.writeString(config, "storage: { url: \"jdbc:h2:file:" + tmp.resolve("db/caravan") + "\" }\n");
    }

    private String run(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            String[] all = new String[args.length + 2];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--config";
            all[args.length + 1] = config.toString();
            assertEquals(0, new CommandLine(new CaravanCli()).execute(all), "exit code of " + String.join(" ", args));
        } finally {
            System.setOut(out);
        }
        return captured.toString().trim();
    }

    private List<AuditEntry> audit() {
        try (Storage storage = Storage.open(new StorageConfig("jdbc:h2:file:" + tmp.resolve("db/caravan"), "", Secret.empty(), 2))) {
            return new AuditRepository(storage.jdbi()).list(null, null, null, 100).entries();
        }
    }

    @Test
    void should_audit_key_creation_without_the_key_when_created_through_the_cli() {
        String key = run("keys", "create", "--name", "dev", "--tenant", "acme");
        List<AuditEntry> entries = audit();
        assertEquals(1, entries.size());
        AuditEntry entry = entries.get(0);
        assertEquals("key.create", entry.action());
        assertEquals("key:dev", entry.target());
        assertTrue(entry.actor().startsWith("cli:"), entry.actor());
        assertNull(entry.before());
        assertEquals("acme", entry.after().get("tenant").asText());
        assertFalse(entry.after().toString().contains(key), entry.after().toString());
    }

    @Test
    void should_audit_revocation_when_a_key_is_revoked_through_the_cli() {
        run("keys", "create", "--name", "dev");
        run("keys", "revoke", "--name", "dev");
        AuditEntry entry = audit().get(0);
        assertEquals("key.revoke", entry.action());
        assertTrue(entry.before().get("active").asBoolean());
        assertFalse(entry.after().get("active").asBoolean());
    }

    @Test
    void should_flag_and_audit_do_not_track_when_set_through_the_cli() {
        run("keys", "create", "--name", "dev");
        run("keys", "do-not-track", "--name", "dev");
        AuditEntry entry = audit().get(0);
        assertEquals("key.do_not_track", entry.action());
        assertTrue(entry.after().get("do_not_track").asBoolean());
        try (Storage storage = Storage.open(new StorageConfig("jdbc:h2:file:" + tmp.resolve("db/caravan"), "", Secret.empty(), 2))) {
            assertEquals(1, new KeyPrivacyRepository(storage.jdbi()).doNotTrackKeyIds().size());
        }
    }
}
