package dev.caravan.plugins.anthropic;

/** Anthropic error types, the statuses they come with, and their OpenAI counterparts. */
final class ErrorTypes {

    private ErrorTypes() {}

    /** The Anthropic error {@code type} for a status, as the API documents them. */
    static String anthropicFor(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
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

    /**
     * The OpenAI error {@code type} for an Anthropic one. Types OpenAI shares keep their name; a
     * billing problem is OpenAI's {@code insufficient_quota}; server-side trouble (overload,
     * timeout) is {@code api_error}.
     */
    static String openAiFor(String anthropicType, int status) {
        return switch (anthropicType) {
            case "invalid_request_error", "authentication_error", "permission_error", "not_found_error",
                    "rate_limit_error" -> anthropicType;
            case "request_too_large" -> "invalid_request_error";
            case "billing_error" -> "insufficient_quota";
            case "api_error", "overloaded_error", "timeout_error" -> "api_error";
            default -> openAiFor(anthropicFor(status), status);
        };
    }

    /**
     * The status an OpenAI client gets. Anthropic's 529 (overloaded) is not a registered HTTP status
     * and OpenAI never sends it: it becomes 503 Service Unavailable, which OpenAI SDKs, proxies and
     * HTTP tooling all treat as a temporary, retryable server condition. Others are kept.
     */
    static int openAiStatus(int status) {
        return status == 529 ? 503 : status;
    }
}
