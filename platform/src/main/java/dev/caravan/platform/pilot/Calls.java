package dev.caravan.platform.pilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The candidate's OpenAI-compatible API as the pilot calls it: {@code base_url} plus the endpoint
 * path, the key as a bearer token (and {@code x-api-key} on {@code /messages}), every call recorded
 * as a {@link PilotReport.Call} for the receipt checks.
 */
final class Calls {

    static final ObjectMapper JSON = new ObjectMapper();

    private final PilotHttp http;
    private final String baseUrl;
    private final String key;
    private final List<PilotReport.Call> made = new ArrayList<>();
    private final Map<String, String> rateLimitHeaders = new LinkedHashMap<>();

    Calls(PilotHttp http, String baseUrl, String key) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.key = key;
    }

    /** A call with the candidate key, recorded. */
    Result call(String step, String endpoint, String model, String body) {
        return call(step, endpoint, model, body, key, true);
    }

    /** A call with another key, not recorded (it can have no receipt). */
    Result callWithKey(String step, String endpoint, String model, String body, String otherKey) {
        return call(step, endpoint, model, body, otherKey, false);
    }

    private Result call(String step, String endpoint, String model, String body, String withKey, boolean record) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer " + withKey);
        headers.put("accept", endpoint.equals("/chat/completions") && body.contains("\"stream\":true") ? "text/event-stream" : "application/json");
        if (endpoint.equals("/messages")) {
            headers.put("x-api-key", withKey);
            headers.put("anthropic-version", "2023-06-01");
        }
        PilotHttp.Answer answer = http.post(URI.create(baseUrl + endpoint), body, headers);
        answer.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if ((lower.startsWith("x-ratelimit-") || lower.equals("retry-after")) && !values.isEmpty()) {
                rateLimitHeaders.put(lower, values.get(0));
            }
        });
        JsonNode json = parse(answer.body());
        JsonNode usage = json.path("usage");
        Long prompt = number(usage, "prompt_tokens", "input_tokens");
        Long completion = number(usage, "completion_tokens", "output_tokens");
        int images = json.path("data").isArray() && endpoint.equals("/images/generations") ? json.path("data").size() : 0;
        String error = answer.failure() != null ? answer.failure() : answer.status() / 100 == 2 ? null : errorText(answer.status(), json, answer.body());
        PilotReport.Call call = new PilotReport.Call(step, endpoint, model, answer.status(), round(answer.latencyMs()),
                answer.header("x-caravan-trace-id"), answer.header("x-request-id"), answer.header("x-caravan-served-by"),
                prompt, completion, images, error);
        if (record) {
            made.add(call);
        }
        return new Result(call, answer, json);
    }

    record Result(PilotReport.Call call, PilotHttp.Answer answer, JsonNode json) {
        boolean ok() {
            return answer.status() / 100 == 2 && answer.failure() == null;
        }
    }

    List<PilotReport.Call> made() {
        return List.copyOf(made);
    }

    List<String> rateLimitHeaders() {
        List<String> out = new ArrayList<>();
        rateLimitHeaders.forEach((name, value) -> out.add(name + ": " + value));
        return out;
    }

    /** {@code HTTP 400: model 'x' (provider y) does not support image generation (code unsupported, param model)}. */
    static String errorText(int status, JsonNode json, String body) {
        JsonNode error = json.path("error");
        String message = error.path("message").isTextual() ? error.path("message").asText() : null;
        if (message == null) {
            String text = body == null ? "" : body.strip();
            message = text.isEmpty() ? "(empty body)" : text.length() <= 300 ? text : text.substring(0, 300) + "…";
        }
        List<String> extra = new ArrayList<>();
        if (error.path("type").isTextual()) {
            extra.add("type " + error.path("type").asText());
        }
        if (error.path("code").isTextual()) {
            extra.add("code " + error.path("code").asText());
        }
        if (error.path("param").isTextual()) {
            extra.add("param " + error.path("param").asText());
        }
        return "HTTP " + status + ": " + message + (extra.isEmpty() ? "" : " (" + String.join(", ", extra) + ")");
    }

    /** {@code openai}: {@code {"error":{"message","type"}}}; {@code anthropic}: {@code {"type":"error","error":{"type","message"}}}. */
    static String errorFormat(JsonNode json) {
        JsonNode error = json.path("error");
        if (!error.path("message").isTextual() || !error.path("type").isTextual()) {
            return "other";
        }
        return "error".equals(json.path("type").asText()) ? "anthropic" : "openai";
    }

    static JsonNode parse(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static Long number(JsonNode usage, String name, String otherName) {
        JsonNode n = usage.has(name) ? usage.path(name) : usage.path(otherName);
        return n.isIntegralNumber() ? n.longValue() : null;
    }

    static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
