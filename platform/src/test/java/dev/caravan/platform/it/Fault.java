package dev.caravan.platform.it;

import dev.caravan.mock.MockOverrides;
import java.util.function.UnaryOperator;

/**
 * One trigger of the fault matrix: what the failing target does (scripted on the mock upstream,
 * or a provider on a closed port), and what the gateway must make of it — the receipt's status,
 * error class and reason for the failed try, whether it is worth another go, and the error the
 * client gets when nothing else serves the request.
 */
enum Fault {
    STATUS_400(400, "invalid_request_error", null),
    STATUS_401(401, "invalid_request_error", "invalid_api_key"),
    STATUS_404(404, "invalid_request_error", "model_not_found"),
    STATUS_408(408, "timeout", null),
    STATUS_409(409, "invalid_request_error", null),
    STATUS_429(429, "requests", "rate_limit_exceeded"),
    STATUS_500(500, "server_error", null),
    STATUS_502(502, "server_error", null),
    STATUS_503(503, "server_error", null),
    STATUS_504(504, "server_error", null),
    CONNECT_REFUSED("connect-refused", "down", false, null, "connect_error", 502, "upstream_unreachable"),
    READ_TIMEOUT("read-timeout", "mock", false, b -> b.withHang(true), "timeout", 504, "upstream_timeout"),
    RESET_MID_BODY("reset-mid-body", "mock", false, b -> b.withResetAfter(10), "io_error", 502, "upstream_unreachable"),
    /** A stream request answered with an error status: nothing reached the client yet. */
    STREAM_STATUS_400("stream-400", "mock", true, b -> b.withStatus(400), "http 400", 400, 400, "invalid_request_error", null),
    STREAM_STATUS_503("stream-503", "mock", true, b -> b.withStatus(503), "http 503", 503, 503, "server_error", null),
    STREAM_READ_TIMEOUT("stream-read-timeout", "mock", true, b -> b.withHang(true), "timeout", 504, "upstream_timeout"),
    /** The connection is reset before any response: no byte reached the client. */
    STREAM_RESET_BEFORE_FIRST_BYTE("stream-reset-before-first-byte", "mock", true, b -> b.withReset(true), "io_error", 502,
            "upstream_unreachable"),
    /** The upstream answers 200, sends the role chunk and two content chunks, then resets the connection. */
    STREAM_RESET_AFTER_FIRST_BYTE("stream-reset-after-first-byte", "mock", true,
            b -> b.withChunks(6).withChunkIntervalMs(10).withResetAfter(2), "stream_interrupted", 200, 200, null, null),
    /** The upstream answers 200 and sends the role chunk, then goes quiet past the target's timeout. */
    STREAM_STALL_AFTER_FIRST_BYTE("stream-stall-after-first-byte", "mock", true,
            b -> b.withChunks(2).withChunkIntervalMs(10_000), "stream_idle_timeout", 200, 200, null, null);

    /** The target timeout of the read-timeout rows: short, so the matrix stays fast. */
    static final int TIMEOUT_MS = 60;
    /**
     * The target timeout of the stall row, which is also the stream's idle limit: long enough for
     * the response head and role chunk to arrive on a loaded machine, since they must not time out.
     */
    static final int STALL_TIMEOUT_MS = 1_000;

    final String id;
    /** Provider of the failing target: {@code mock}, or {@code down} (a closed port). */
    final String provider;
    final boolean stream;
    /** The failing target's script step, repeated forever; null when nothing answers at all. */
    final UnaryOperator<MockOverrides> script;
    /** The receipt's error class of a failed try: {@code http 503}, {@code timeout}, {@code io_error}... */
    final String errorClass;
    /** HTTP status the upstream answered (0 when no response arrived). */
    final int upstreamStatus;
    /** What the client gets when this failure is the last word: status, OpenAI error type and code. */
    final int clientStatus;
    final String clientType;
    final String clientCode;

    /** An upstream answering {@code status} with the OpenAI error body the mock sends for it. */
    Fault(int status, String type, String code) {
        this(String.valueOf(status), "mock", false, b -> b.withStatus(status), "http " + status, status, status, type, code);
    }

    /** A failure with no usable HTTP answer; the gateway answers with its own api_error. */
    Fault(String id, String provider, boolean stream, UnaryOperator<MockOverrides> script, String errorClass, int clientStatus,
            String clientCode) {
        this(id, provider, stream, script, errorClass, 0, clientStatus, "api_error", clientCode);
    }

    Fault(String id, String provider, boolean stream, UnaryOperator<MockOverrides> script, String errorClass, int upstreamStatus,
            int clientStatus, String clientType, String clientCode) {
        this.id = id;
        this.provider = provider;
        this.stream = stream;
        this.script = script;
        this.errorClass = errorClass;
        this.upstreamStatus = upstreamStatus;
        this.clientStatus = clientStatus;
        this.clientType = clientType;
        this.clientCode = clientCode;
    }

    boolean isHttpStatus() {
        return errorClass.startsWith("http ");
    }

    /** Worth a retry or a fallback: the default on_status (429, 5xx), connect errors, timeouts, resets. */
    boolean retryable() {
        return !committedStream() && (!isHttpStatus() || upstreamStatus == 429 || upstreamStatus >= 500);
    }

    /** The failure comes after the stream's first byte reached the client: no retry, no fallback. */
    boolean committedStream() {
        return this == STREAM_RESET_AFTER_FIRST_BYTE || this == STREAM_STALL_AFTER_FIRST_BYTE;
    }

    /** Content chunks the client gets before the error event of a committed stream. */
    int contentChunksBeforeError() {
        return this == STREAM_RESET_AFTER_FIRST_BYTE ? 2 : 0;
    }

    /** The failing target's own {@code timeout_ms}, so a hang or a stall ends quickly; 0 for the provider's. */
    int targetTimeoutMs() {
        return switch (this) {
            case READ_TIMEOUT, STREAM_READ_TIMEOUT -> TIMEOUT_MS;
            case STREAM_STALL_AFTER_FIRST_BYTE -> STALL_TIMEOUT_MS;
            default -> 0;
        };
    }

    /** The receipt's {@code <why>} in {@code retry: <why>} / {@code fallback: <why>} / {@code failed: <why>}. */
    String reason() {
        return isHttpStatus() ? "status " + upstreamStatus : errorClass;
    }

    @Override
    public String toString() {
        return id;
    }
}
