package dev.caravan.platform.reconcile;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Anthropic's Admin API buckets are bounded by RFC 3339 {@code starting_at}/{@code ending_at} strings. */
final class AnthropicBuckets {

    private AnthropicBuckets() {
    }

    static LocalDate day(String field, String value) {
        if (value == null) {
            throw new FieldProblem(field, "required, got nothing");
        }
        try {
            return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        } catch (DateTimeParseException e) {
            throw new FieldProblem(field, "must be an RFC 3339 timestamp like 2025-08-01T00:00:00Z, got '" + value + "'");
        }
    }

    static boolean recognises(com.fasterxml.jackson.databind.JsonNode document, String resultField) {
        for (com.fasterxml.jackson.databind.JsonNode bucket : document.path("data")) {
            if (!bucket.has("starting_at")) {
                return false;
            }
            for (com.fasterxml.jackson.databind.JsonNode result : bucket.path("results")) {
                return result.has(resultField);
            }
        }
        return false;
    }
}
