package dev.caravan.platform.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.provider.UpstreamRequest;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared upstream client against the project's mock upstream over real HTTP. */
class UpstreamClientTest {

    private static MockUpstream mock;
    private static UpstreamClient client;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        client = new UpstreamClient(2, 2, Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        client.close();
        mock.close();
    }

    private static UpstreamRequest chat(URI base, String mockKnobs) {
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
                + (mockKnobs == null ? "" : ",\"mock\":" + mockKnobs) + "}";
        return UpstreamRequest.postJson(base.resolve("/v1/chat/completions"), Map.of("content-type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_complete_with_status_headers_and_body_when_upstream_answers() throws Exception {
        HttpResponse<byte[]> response = client.send(chat(mock.baseUrl(), null), Duration.ofSeconds(5),
                HttpResponse.BodyHandlers.ofByteArray()).get(10, TimeUnit.SECONDS);

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        assertTrue(new String(response.body(), StandardCharsets.UTF_8).contains("\"chat.completion\""));
    }

    @Test
    void should_complete_on_the_selector_thread_that_read_the_answer_when_response_completes() throws Exception {
        String thread = completionThreads(1).get(0);

        assertTrue(thread.startsWith("HttpClient-") && thread.endsWith("-SelectorManager"), "completed on " + thread);
    }

    @Test
    void should_spread_calls_over_its_lanes_when_several_are_made() throws Exception {
        assertEquals(2, new HashSet<>(completionThreads(4)).size());
    }

    /** The names of the threads on which {@code calls} sequential calls completed. */
    private static List<String> completionThreads(int calls) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            AtomicReference<String> thread = new AtomicReference<>();
            CompletableFuture<HttpResponse<byte[]>> call = client.send(chat(mock.baseUrl(), "{\"latency_ms\":100}"),
                    Duration.ofSeconds(5), HttpResponse.BodyHandlers.ofByteArray());
            call.whenComplete((r, e) -> thread.set(Thread.currentThread().getName())).get(10, TimeUnit.SECONDS);
            names.add(thread.get());
        }
        return names;
    }

    @Test
    void should_complete_with_error_status_and_body_when_upstream_answers_503() throws Exception {
        HttpResponse<byte[]> response = client.send(chat(mock.baseUrl(), "{\"status\":503}"), Duration.ofSeconds(5),
                HttpResponse.BodyHandlers.ofByteArray()).get(10, TimeUnit.SECONDS);

        assertEquals(503, response.statusCode());
        assertTrue(new String(response.body(), StandardCharsets.UTF_8).contains("\"error\""));
    }

    @Test
    void should_fail_as_timeout_when_upstream_answers_after_the_timeout() {
        CompletableFuture<HttpResponse<byte[]>> call = client.send(chat(mock.baseUrl(), "{\"latency_ms\":2000}"),
                Duration.ofMillis(200), HttpResponse.BodyHandlers.ofByteArray());

        ExecutionException failure = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        assertEquals(UpstreamFailure.Kind.TIMEOUT, UpstreamFailure.classify(failure).kind());
    }

    @Test
    void should_fail_as_connect_error_when_nothing_listens() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CompletableFuture<HttpResponse<byte[]>> call = client.send(chat(URI.create("http://127.0.0.1:" + closedPort), null),
                Duration.ofSeconds(5), HttpResponse.BodyHandlers.ofByteArray());

        ExecutionException failure = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        assertEquals(UpstreamFailure.Kind.CONNECT_ERROR, UpstreamFailure.classify(failure).kind());
    }

    @Test
    void should_fail_with_the_reset_when_upstream_drops_the_connection() {
        CompletableFuture<HttpResponse<byte[]>> call = client.send(chat(mock.baseUrl(), "{\"reset\":true}"),
                Duration.ofSeconds(5), HttpResponse.BodyHandlers.ofByteArray());

        ExecutionException failure = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        assertInstanceOf(java.io.IOException.class, failure.getCause());
    }
}
