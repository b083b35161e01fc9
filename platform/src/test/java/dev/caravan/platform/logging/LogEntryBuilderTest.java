package dev.caravan.platform.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.RequestContext;
import dev.caravan.api.redaction.LogRedactor;
import dev.caravan.api.redaction.Redaction;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.storage.RequestLog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The row the writer builds: redactors in order, failing closed, bodies cut to the limit. */
class LogEntryBuilderTest {

    private static final LoggingPolicy POLICY = new LoggingPolicy(ConfigLoader.fromYaml("""
            tenants:
              - { id: acme, logging: redacted, redactors: [upper, boom] }
              - { id: safe, logging: redacted, redactors: [upper] }
              - { id: beta, logging: full }
            """, Map.of(), null));

    private static LogRedactor redactor(String id, java.util.function.UnaryOperator<String> f) {
        return new LogRedactor() {
            @Override public String id() { return id; }
            @Override public Redaction redact(String text, RequestContext context) { return new Redaction(f.apply(text), Map.of(id, 1)); }
        };
    }

    private static final Map<String, LogRedactor> REDACTORS = Map.of(
            "upper", redactor("upper", String::toUpperCase),
            "boom", redactor("boom", t -> { throw new IllegalStateException("bug"); }));

    private static LogEntryBuilder builder(int maxChars) {
        DoNotTrackKeys none = new DoNotTrackKeys(Set::of);
        none.refreshIfStale();
        return new LogEntryBuilder(POLICY, none, new SecretScrubber(List.of()), REDACTORS, maxChars);
    }

    private static PendingLog pending(String tenant, String response) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("content", "hello");
        RequestCapture capture = new RequestCapture();
        capture.response(response.getBytes(StandardCharsets.UTF_8));
        return new PendingLog("t-1", tenant, "k-1", Instant.EPOCH, null, body, capture, null);
    }

    @Test
    void should_store_no_bodies_when_a_redactor_throws() {
        RequestLog row = builder(1000).build(pending("acme", "answer"));
        assertNull(row.requestBody());
        assertNull(row.responseBody());
        assertEquals(1, row.redactions().get(LogEntryBuilder.FAILED));
    }

    @Test
    void should_run_the_redactors_and_count_them_when_they_succeed() {
        RequestLog row = builder(1000).build(pending("safe", "answer"));
        assertEquals("{\"CONTENT\":\"HELLO\"}", row.requestBody());
        assertEquals("ANSWER", row.responseBody());
        assertEquals(2, row.redactions().get("upper"));
    }

    @Test
    void should_cut_bodies_and_mark_truncated_when_longer_than_the_limit() {
        RequestLog row = builder(5).build(pending("beta", "a long answer"));
        assertEquals("a lon", row.responseBody());
        assertTrue(row.truncated());
    }

    @Test
    void should_treat_every_key_as_do_not_track_when_the_flags_were_never_read() {
        LogEntryBuilder unread = new LogEntryBuilder(POLICY, new DoNotTrackKeys(Set::of), new SecretScrubber(List.of()), REDACTORS, 100);
        RequestLog row = unread.build(pending("beta", "answer"));
        assertEquals("key", row.doNotTrack());
        assertNull(row.requestBody());
    }
}
