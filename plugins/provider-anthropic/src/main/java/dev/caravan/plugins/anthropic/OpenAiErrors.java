package dev.caravan.plugins.anthropic;

import dev.caravan.api.provider.ErrorTypes;

/** The OpenAI counterparts of Anthropic error types and statuses (the Anthropic type of a status is {@link ErrorTypes#anthropic}). */
final class OpenAiErrors {

    private OpenAiErrors() {}

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
            default -> openAiFor(ErrorTypes.anthropic(status), status);
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
