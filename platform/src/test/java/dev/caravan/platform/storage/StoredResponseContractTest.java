package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.logging.LoggingPolicy;
import dev.caravan.platform.retention.RetentionPurger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link StoredResponseRepository} and the retention purge of {@code stored_responses}; run on H2 and on PostgreSQL. */
abstract class StoredResponseContractTest extends DatabaseContract {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00.123456Z");

    private StoredResponseRepository repo() {
        return new StoredResponseRepository(storage.jdbi());
    }

    static StoredResponse response(String trace, String id, String tenant, Instant at) {
        return new StoredResponse(trace, id, tenant, "key-1", at, "{\"id\":\"" + id + "\",\"object\":\"response\"}",
                "[{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"user\",\"content\":[]}]");
    }

    @Test
    void should_read_back_a_stored_response_only_for_its_tenant() {
        StoredResponse stored = response("t-1", "resp_1", "acme", NOW);
        repo().insert(stored);

        assertEquals(stored, repo().find("resp_1", "acme").orElseThrow());
        assertTrue(repo().find("resp_1", "beta").isEmpty());
        assertTrue(repo().find("resp_1", null).isEmpty());
        assertTrue(repo().find("resp_2", "acme").isEmpty());
    }

    @Test
    void should_find_tenantless_responses_only_without_tenant() {
        repo().insert(response("t-2", "resp_x", null, NOW));

        assertTrue(repo().find("resp_x", null).isPresent());
        assertTrue(repo().find("resp_x", "acme").isEmpty());
    }

    @Test
    void should_return_the_newest_when_an_id_was_stored_twice() {
        repo().insert(response("t-old", "resp_dup", "acme", NOW.minusSeconds(60)));
        repo().insert(response("t-new", "resp_dup", "acme", NOW));

        assertEquals("t-new", repo().find("resp_dup", "acme").orElseThrow().traceId());
    }

    @Test
    void should_delete_only_the_tenants_response() {
        repo().insert(response("t-a", "resp_d", "acme", NOW));
        repo().insert(response("t-b", "resp_d", "beta", NOW));

        assertFalse(repo().delete("resp_d", "gamma"));
        assertTrue(repo().delete("resp_d", "acme"));
        assertFalse(repo().delete("resp_d", "acme"));
        assertTrue(repo().find("resp_d", "acme").isEmpty());
        assertTrue(repo().find("resp_d", "beta").isPresent());
    }

    @Test
    void should_purge_stored_responses_with_the_tenants_retention() {
        Instant day = Instant.parse("2026-11-25T00:00:00Z");
        repo().insert(response("old", "resp_old", "acme", day.minus(Duration.ofDays(31))));
        repo().insert(response("new", "resp_new", "acme", day.minus(Duration.ofDays(29))));
        repo().insert(response("other", "resp_other", "zeta", day.minus(Duration.ofDays(8))));
        CaravanConfig config = ConfigLoader.fromYaml("""
                logging: { default_retention_days: 7 }
                tenants:
                  - { id: acme, retention_days: 30 }
                """, Map.of(), null);
        RetentionPurger purger = new RetentionPurger(new RetentionRepository(storage.jdbi()), new LoggingPolicy(config), 2,
                Clock.fixed(day, ZoneOffset.UTC), new SimpleMeterRegistry());
        purger.runOnce();
        purger.close();

        assertEquals(List.of("new"), storage.jdbi().withHandle(h ->
                h.createQuery("SELECT trace_id FROM stored_responses").mapTo(String.class).list()));
    }
}
