package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Streams are relayed as they arrive, metered, cancelled with the client, and never park an I/O thread. */
class StreamingTest extends StandardGatewayTest {

    private static String streamBody(String mockOptions, String extra) {
        return "{\"model\":\"fast\",\"stream\":true," + extra + "\"mock\":{" + mockOptions + "},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static List<String> dataLines(String body) {
        return body.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    }

    @Test
    void should_forward_the_usage_chunk_when_the_client_asked_for_it() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                streamBody("\"chunks\":3", "\"stream_options\":{\"include_usage\":true},"),
                "authorization", TestGateway.bearer(TestGateway.KEY));
        List<String> data = dataLines(response.body());

        assertEquals("[DONE]", data.get(data.size() - 1));
        JsonNode usageChunk = TestGateway.json(data.get(data.size() - 2));
        assertEquals(0, usageChunk.get("choices").size());
        assertTrue(usageChunk.get("usage").get("completion_tokens").asInt() > 0);
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    }

    @Test
    void should_frame_every_event_exactly_like_openai() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", streamBody("\"chunks\":4", ""),
                "authorization", TestGateway.bearer(TestGateway.KEY));
        String body = response.body();

        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        for (String event : body.split("\n\n")) {
            assertTrue(event.startsWith("data: ") && !event.contains("\n"), "bad frame: " + event);
        }
        for (String data : dataLines(body)) {
            if (!data.equals("[DONE]")) {
                assertTrue(TestGateway.json(data).get("choices").size() > 0, "usage chunk leaked: " + data);
            }
        }
    }

    @Test
    void should_end_with_an_error_event_and_record_it_when_the_upstream_stream_is_cut() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", streamBody("\"chunks\":6,\"truncate_after\":2", ""),
                "authorization", TestGateway.bearer(TestGateway.KEY));
        List<String> data = dataLines(response.body());

        assertEquals(200, response.statusCode());
        assertTrue(data.get(data.size() - 1).contains("\"error\""), response.body());
        assertTrue(data.stream().noneMatch("[DONE]"::equals));
        String traceId = response.headers().firstValue("x-caravan-trace-id").orElseThrow();
        JsonNode receipt = gateway.receiptEventually(traceId, TestGateway.KEY);
        assertTrue(receipt.get("error_message").asText().contains("stream_"), receipt.toString());
    }

    @Test
    void should_end_the_stream_with_an_error_when_the_upstream_goes_quiet_past_its_timeout() {
        long cancelledBefore = mock.cancelledStreams();
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"slowpoke\",\"stream\":true,\"mock\":{\"chunks\":5,\"chunk_interval_ms\":2000},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", TestGateway.bearer(TestGateway.KEY));
        List<String> data = dataLines(response.body());

        assertTrue(data.get(data.size() - 1).contains("\"error\""), response.body());
        JsonNode receipt = gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);
        assertTrue(receipt.get("attempts").get(0).get("error").asText().startsWith("stream_idle_timeout"), receipt.toString());
        Poll.until(mock::cancelledStreams, n -> n > cancelledBefore, Duration.ofSeconds(10), () -> "stalled upstream call was not cancelled");
    }

    @Test
    void should_cancel_the_upstream_call_when_the_client_disconnects() throws Exception {
        long cancelledBefore = mock.cancelledStreams();
        String body = streamBody("\"chunks\":200,\"chunk_interval_ms\":50", "");
        String traceId = StreamDisconnect.after(gateway, body, 3);
        Poll.until(mock::cancelledStreams, n -> n > cancelledBefore, Duration.ofSeconds(10), () -> "upstream stream was not cancelled");
        JsonNode receipt = gateway.receiptEventually(traceId, TestGateway.KEY);
        assertEquals(499, receipt.get("status").asInt());
        assertEquals("aborted: client disconnected", receipt.get("attempts").get(0).get("decision").asText());
    }

    @Test
    void should_keep_300_slow_streams_progressing_on_2_io_threads() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String body = streamBody("\"chunks\":10,\"chunk_interval_ms\":100", "");
        long start = System.nanoTime();
        AtomicLong latestFirstChunk = new AtomicLong();
        List<CompletableFuture<Integer>> streams = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                    .header("authorization", TestGateway.bearer(TestGateway.KEY))
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            streams.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenApply(response -> {
                int[] count = {0};
                response.body().filter(l -> l.startsWith("data: ")).forEach(l -> {
                    if (count[0]++ == 0) {
                        latestFirstChunk.accumulateAndGet(System.nanoTime() - start, Math::max);
                    }
                });
                return count[0];
            }));
        }
        CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
        long wallMillis = (System.nanoTime() - start) / 1_000_000;

        for (CompletableFuture<Integer> stream : streams) {
            assertEquals(13, stream.join(), "role chunk + 10 content chunks + final chunk + [DONE]");
        }
        // Serially, 300 streams of ~1 s would take 5 minutes; parked I/O threads would allow 2 at a time.
        assertTrue(latestFirstChunk.get() / 1_000_000 < 10_000, "some stream waited " + latestFirstChunk.get() / 1_000_000 + " ms for its first chunk");
        assertTrue(wallMillis < 20_000, "300 streams took " + wallMillis + " ms");
    }
}
