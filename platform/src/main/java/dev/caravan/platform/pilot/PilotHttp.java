package dev.caravan.platform.pilot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pilot's HTTP calls, on the JDK client (the CLI is not on the request path): one request at a
 * time, each answer's body read up to {@link #MAX_BODY} bytes within {@link #TIMEOUT} (streams
 * included), and the time from sending to the last byte read. Never throws for a network failure:
 * the answer then has status 0 and the failure in {@link Answer#failure()}.
 */
final class PilotHttp implements AutoCloseable {

    static final int MAX_BODY = 4 * 1024 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "caravan-pilot-reader");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param failure what went wrong without an HTTP answer ({@code connect: Connection refused}), else null
     */
    record Answer(int status, Map<String, List<String>> headers, String body, double latencyMs, String failure) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    Answer post(URI uri, String body, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(uri).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), headers);
    }

    Answer get(URI uri, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(uri).GET(), headers);
    }

    private Answer send(HttpRequest.Builder request, Map<String, String> headers) {
        request.timeout(TIMEOUT);
        headers.forEach(request::header);
        long start = System.nanoTime();
        CompletableFuture<Answer> answer = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .thenApplyAsync(response -> read(response, start), reader);
        try {
            return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return failed(start, "timeout: no complete answer within " + TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            while (cause.getCause() != null && cause.getMessage() == null) {
                cause = cause.getCause();
            }
            return failed(start, cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(start, "interrupted");
        }
    }

    private static Answer read(HttpResponse<InputStream> response, long start) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_BODY);
            boolean more = in.read() >= 0;
            double ms = (System.nanoTime() - start) / 1_000_000.0;
            return new Answer(response.statusCode(), response.headers().map(), new String(bytes, StandardCharsets.UTF_8), ms,
                    more ? "body longer than " + MAX_BODY + " bytes (cut)" : null);
        } catch (IOException e) {
            double ms = (System.nanoTime() - start) / 1_000_000.0;
            return new Answer(response.statusCode(), response.headers().map(), "", ms, "body broke off: " + e.getMessage());
        }
    }

    private static Answer failed(long start, String failure) {
        return new Answer(0, Map.of(), "", (System.nanoTime() - start) / 1_000_000.0, failure);
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
