package dev.caravan.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A small client of {@code /admin/v1} on the JDK's HTTP client. A non-2xx answer becomes a
 * {@link CliFailure} (exit 1) carrying the API's own error message; a server that cannot be reached
 * becomes one naming the URL. The token is sent as a bearer header and never printed.
 */
final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Until the answer's headers; an export's body then streams for as long as it takes. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    /** Bound on an error body read for its message. */
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    private final URI base;
    private final String token;
    private final HttpClient http;

    AdminClient(URI base, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    JsonNode get(String path, Map<String, String> query) {
        return json(request(path, query).GET());
    }

    JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
        return json(request(path, Map.of()).header("content-type", "application/json").method(method, publisher));
    }

    /** Streams the answer's body to {@code out} as it arrives; returns the bytes written. */
    long download(String path, Map<String, String> query, OutputStream out) {
        HttpResponse<InputStream> response = exchange(request(path, query).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw refused(response.statusCode(), new String(body.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8));
            }
            return body.transferTo(out);
        } catch (IOException e) {
            throw new CliFailure(1, "the answer from " + base + " broke off: " + reason(e));
        }
    }

    private JsonNode json(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw refused(response.statusCode(), response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliFailure(1, base + " answered " + response.statusCode() + " with a body that is not JSON");
        }
    }

    private HttpRequest.Builder request(String path, Map<String, String> query) {
        StringJoiner params = new StringJoiner("&", "?", "");
        params.setEmptyValue("");
        query.forEach((name, value) -> {
            if (value != null) {
                params.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return HttpRequest.newBuilder(URI.create(base + "/admin/v1" + path + params))
                .timeout(ANSWER_TIMEOUT)
                .header("authorization", "Bearer " + token)
                .header("accept", "application/json");
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new CliFailure(1, "cannot reach the gateway at " + base + ": " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(1, "interrupted while calling " + base);
        }
    }

    /** {@code 404 budget_not_found: Budget 'x' does not exist.}: the status, the API's code and message. */
    private static CliFailure refused(int status, String body) {
        String message;
        try {
            JsonNode error = JSON.readTree(body).path("error");
            String code = error.path("code").isTextual() ? error.path("code").asText() + ": " : "";
            message = error.path("message").isTextual() ? code + error.path("message").asText() : shortened(body);
        } catch (IOException e) {
            message = shortened(body);
        }
        return new CliFailure(1, "the gateway answered " + status + " " + message);
    }

    private static String shortened(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
