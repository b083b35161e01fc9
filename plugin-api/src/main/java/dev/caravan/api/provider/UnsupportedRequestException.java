package dev.caravan.api.provider;

/** Thrown by an adapter for a request its provider cannot serve; becomes a 400 naming {@link #param()}. */
public class UnsupportedRequestException extends RuntimeException {

    private final String param;

    public UnsupportedRequestException(String param, String message) {
        super(message);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
