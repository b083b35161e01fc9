package dev.caravan.api.provider;

/**
 * The error {@code type} an API puts in its error body for an HTTP status, for the two wire formats
 * clients speak: OpenAI's ({@code {"error":{"type":...}}}) and Anthropic's
 * ({@code {"type":"error","error":{"type":...}}}). Use it when an upstream sent no type of its own
 * (an HTML page from a proxy, a host with its own error shape).
 */
public final class ErrorTypes {

    private ErrorTypes() {}

    /** The OpenAI error {@code type} for a status, as OpenAI itself uses them; other 4xx are invalid requests, 5xx api errors. */
    public static String openAi(int status) {
        return switch (status) {
            case 400, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
        };
    }

    /** The Anthropic error {@code type} for a status (docs.anthropic.com, "Errors"); statuses it does not use map by class. */
    public static String anthropic(int status) {
        return switch (status) {
            case 400, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
        };
    }
}
