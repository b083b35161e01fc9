package dev.caravan.platform.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One admin change. {@code before}/{@code after} are JSON with secrets already masked (null when
 * the thing did not exist before, or no longer exists after).
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, JsonNode before, JsonNode after) {}
