package dev.caravan.platform.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * Which receipts {@link ReceiptRepository#list} returns: every filter that is set must match.
 * Results come newest first ({@code received_at}, then {@code trace_id}, both descending), starting
 * after {@code after} when it is set. Build with {@link #newest(int)} and the {@code with…} methods.
 *
 * @param alias      exact alias, or null for any
 * @param status     exact HTTP status sent to the client, or null for any
 * @param errorsOnly only receipts whose status is 400 or more
 * @param tenantId   exact tenant id, or null for any
 * @param keyId      exact key id, or null for any
 * @param since      received at or after this instant, or null
 * @param until      received before this instant, or null
 * @param after      position of the last receipt of the previous page, or null for the first page
 * @param limit      most receipts to return, 1 to {@link #MAX_LIMIT}
 * @param traceId    exact trace id (at most one receipt then), or null for any
 */
public record ReceiptQuery(String alias, Integer status, boolean errorsOnly, String tenantId, String keyId,
        Instant since, Instant until, Position after, int limit, String traceId) {

    public static final int MAX_LIMIT = 1000;

    public ReceiptQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
        }
        if (status != null && errorsOnly) {
            throw new IllegalArgumentException("filter on an exact status or on errors, not both");
        }
    }

    /** Every receipt, newest first, {@code limit} at a time. */
    public static ReceiptQuery newest(int limit) {
        return new ReceiptQuery(null, null, false, null, null, null, null, null, limit, null);
    }

    public ReceiptQuery withAlias(String value) {
        return new ReceiptQuery(value, status, errorsOnly, tenantId, keyId, since, until, after, limit, traceId);
    }

    public ReceiptQuery withStatus(int value) {
        return new ReceiptQuery(alias, value, false, tenantId, keyId, since, until, after, limit, traceId);
    }

    public ReceiptQuery withErrorsOnly() {
        return new ReceiptQuery(alias, null, true, tenantId, keyId, since, until, after, limit, traceId);
    }

    public ReceiptQuery withTenant(String value) {
        return new ReceiptQuery(alias, status, errorsOnly, value, keyId, since, until, after, limit, traceId);
    }

    public ReceiptQuery withKey(String value) {
        return new ReceiptQuery(alias, status, errorsOnly, tenantId, value, since, until, after, limit, traceId);
    }

    public ReceiptQuery withSince(Instant value) {
        return new ReceiptQuery(alias, status, errorsOnly, tenantId, keyId, value, until, after, limit, traceId);
    }

    public ReceiptQuery withUntil(Instant value) {
        return new ReceiptQuery(alias, status, errorsOnly, tenantId, keyId, since, value, after, limit, traceId);
    }

    public ReceiptQuery withTraceId(String value) {
        return new ReceiptQuery(alias, status, errorsOnly, tenantId, keyId, since, until, after, limit, value);
    }

    public ReceiptQuery withAfter(Position value) {
        return new ReceiptQuery(alias, status, errorsOnly, tenantId, keyId, since, until, value, limit, traceId);
    }

    /**
     * Where a page ended: the sort key of its last receipt. Stable across pages because
     * {@code (received_at, trace_id)} is unique and receipts are never updated.
     */
    public record Position(Instant receivedAt, String traceId) {

        public Position {
            Objects.requireNonNull(receivedAt, "receivedAt");
            Objects.requireNonNull(traceId, "traceId");
        }

        public static Position of(Receipt receipt) {
            return new Position(receipt.receivedAt(), receipt.traceId());
        }
    }
}
