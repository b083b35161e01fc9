package dev.caravan.platform.exchange;

/**
 * A request the gateway answers with an error. Carries everything the OpenAI error body needs;
 * stages throw it and the route's error handler renders it (and still writes the receipt).
 */
public class GatewayException extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final transient byte[] passThroughBody;
    private boolean fromUpstream;
    private final java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(1);

    public GatewayException(int status, String type, String code, String param, String message) {
        this(status, type, code, param, message, null, null);
    }

    public GatewayException(int status, String type, String code, String param, String message, byte[] passThroughBody, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.passThroughBody = passThroughBody;
    }

    public static GatewayException badRequest(String param, String message) {
        return new GatewayException(400, "invalid_request_error", null, param, message);
    }

    public static GatewayException unauthorized(String message) {
        return new GatewayException(401, "invalid_request_error", "invalid_api_key", null, message);
    }

    public static GatewayException modelNotFound(String model) {
        return new GatewayException(404, "invalid_request_error", "model_not_found", "model",
                "The model `" + model + "` does not exist or you do not have access to it.");
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    /** Marks the message as the upstream's own text; returns this exception. */
    public GatewayException fromUpstream() {
        this.fromUpstream = true;
        return this;
    }

    /** True when the message (or pass-through body) is the upstream's text, which may echo the prompt. */
    public boolean isFromUpstream() {
        return fromUpstream;
    }

    /** Adds a response header to the error (e.g. {@code Retry-After}); returns this exception. */
    public GatewayException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Headers the error response carries besides the gateway's own. */
    public java.util.Map<String, String> headers() {
        return java.util.Collections.unmodifiableMap(headers);
    }

    /** The upstream's own error body, to return unchanged, or null. */
    public byte[] passThroughBody() {
        return passThroughBody;
    }
}
