package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import dev.caravan.mock.MockScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 3's fault matrix: every trigger × every strategy through the real gateway and the real
 * mock upstream, asserting the client's response (status, body or stream, headers) and the exact
 * receipt (every try with its target, attempt, status, error class, decision and via; the
 * request's alias, strategy, status, error type and served-by). The table in docs/routing.md
 * ("Fault matrix") is this test in words. Two more tests cover the request deadline cutting a try
 * short (the receipt must not claim a fallback or retry that was never made), one a client
 * that hangs up on a stream served after a fallback, and one that a failed try keeps its upstream
 * connection for the next call (a fallback costs a round trip, not a new connection).
 */
class FaultMatrixTest extends FaultMatrixGateway {

    static Stream<MatrixOutcome> rows() {
        return Stream.of(Fault.values()).flatMap(f -> Stream.of(MatrixStrategy.values()).map(s -> new MatrixOutcome(f, s)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void should_answer_and_record_every_try_exactly_when_a_fault_hits_a_strategy(MatrixOutcome row) throws Exception {
        Fault fault = row.fault();
        MatrixStrategy strategy = row.strategy();
        scriptFault(fault, strategy);
        long healthyBefore = mock.callCount(strategy.healthyModel(fault));

        HttpResponse<String> response = chat(fault, strategy);

        assertEquals(row.status(), response.statusCode(), response.body());
        assertEquals(Optional.ofNullable(row.servedBy()), response.headers().firstValue("x-caravan-served-by"));
        assertEquals(String.valueOf(row.attempts().size()), response.headers().firstValue("x-caravan-attempts").orElse(""));
        assertBody(row, response);

        JsonNode receipt = receipt(response.headers().firstValue("x-caravan-trace-id").orElseThrow());
        List<String> attempts = new ArrayList<>();
        receipt.get("attempts").forEach(a -> attempts.add(MatrixOutcome.line(a)));
        assertEquals(row.attempts(), attempts, receipt.toString());
        assertLatencies(fault, receipt.get("attempts"));
        assertEquals(strategy.alias(fault), receipt.get("alias").asText());
        assertEquals(strategy.id(), receipt.get("strategy").asText());
        assertEquals(row.status(), receipt.get("status").asInt());
        assertEquals(String.valueOf(row.errorType()), receipt.get("error_type").asText("null"));
        assertEquals(String.valueOf(row.servedBy()), receipt.get("served_by").asText("null"));

        if (fault.provider.equals("mock") && !fault.errorClass.equals("timeout")) {
            // (A try that timed out may have been cancelled before the mock read it: the receipt counts those.)
            assertEquals(row.failingTries(), mock.callCount(strategy.failingModel(fault)), "calls of the failing target");
        }
        if (strategy.hasHealthyTarget()) {
            long healthyCalls = row.healthyLabel().equals(row.servedBy()) ? 1 : 0;
            assertEquals(healthyCalls, mock.callCount(strategy.healthyModel(fault)) - healthyBefore, "calls of the healthy target");
        }
    }

    @Test
    void should_reuse_the_upstream_connections_when_first_tries_fail_with_503() {
        mock.script("reuse-503", MockScript.steps().thenForever(b -> b.withStatus(503)));
        // The first request may open the connections this pattern needs: a failed try and a fallback.
        assertEquals(200, reuseFallback().statusCode());
        long before = mock.connectionCount();

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = reuseFallback();
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("mock/reuse-ok", response.headers().firstValue("x-caravan-served-by").orElse(""));
        }

        assertEquals(11, mock.callCount("reuse-503"));
        long opened = mock.connectionCount() - before;
        // A client that dropped the connection after each 503 would open one per request (10).
        assertTrue(opened <= 1, opened + " new upstream connections for 10 requests that each failed once");
    }

    private static HttpResponse<String> reuseFallback() {
        return gateway.post("/v1/chat/completions", chatBody("reuse-fallback", false),
                "authorization", TestGateway.bearer(TestGateway.KEY));
    }

    @Test
    void should_fail_with_deadline_exceeded_and_not_record_a_fallback_when_the_first_target_uses_up_the_deadline() {
        mock.script("dl-hang", MockScript.steps().thenForever(b -> b.withHang(true)));

        HttpResponse<String> response = gateway.post("/v1/chat/completions", chatBody("deadline-fallback", false),
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertDeadlineExceeded(response, "mock/dl-hang#1 status=0 error=timeout decision=failed: deadline via=deadline-fallback(fallback)");
        assertEquals(0, mock.callCount("dl-ok"), "no time was left for the next target");
    }

    @Test
    void should_fail_with_deadline_exceeded_and_not_record_a_retry_when_the_try_uses_up_the_deadline() {
        mock.script("dl-retry-hang", MockScript.steps().thenForever(b -> b.withHang(true)));

        HttpResponse<String> response = gateway.post("/v1/chat/completions", chatBody("deadline-retry", false),
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertDeadlineExceeded(response, "mock/dl-retry-hang#1 status=0 error=timeout decision=failed: deadline via=deadline-retry(single)");
    }

    @Test
    void should_record_the_fallback_and_the_abort_when_the_client_disconnects_mid_stream() throws Exception {
        mock.script("ab-a", MockScript.steps().thenForever(b -> b.withStatus(503)));
        mock.script("ab-b", MockScript.steps().thenForever(b -> b.withChunks(200).withChunkIntervalMs(50)));
        long cancelledBefore = mock.cancelledStreams();

        String traceId = readThreeEventsAndHangUp(chatBody("abort-fallback", true));

        Poll.until(mock::cancelledStreams, n -> n > cancelledBefore, Duration.ofSeconds(10), () -> "upstream stream was not cancelled");
        JsonNode receipt = receipt(traceId);
        List<String> attempts = new ArrayList<>();
        receipt.get("attempts").forEach(a -> attempts.add(MatrixOutcome.line(a)));
        assertEquals(List.of("mock/ab-a#1 status=503 error=http 503 decision=fallback: status 503 via=abort-fallback(fallback)",
                "mock/ab-b#1 status=200 error=- decision=aborted: client disconnected via=abort-fallback(fallback)"), attempts);
        assertEquals(499, receipt.get("status").asInt());
        assertEquals("mock/ab-b", receipt.get("served_by").asText());
    }

    /** Sends a streaming request on a raw socket, reads three SSE events, closes; returns the trace id. */
    private static String readThreeEventsAndHangUp(String body) throws Exception {
        try (Socket socket = new Socket(gateway.baseUrl().getHost(), gateway.baseUrl().getPort())) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestGateway.KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String traceId = null;
            int events = 0;
            for (String line = in.readLine(); line != null && events < 3; line = in.readLine()) {
                if (line.toLowerCase(Locale.ROOT).startsWith("x-caravan-trace-id:")) {
                    traceId = line.substring(line.indexOf(':') + 1).trim();
                }
                events += line.startsWith("data: ") ? 1 : 0;
            }
            assertEquals(3, events, "the stream should have started");
            return traceId;
        }
    }

    private static void assertDeadlineExceeded(HttpResponse<String> response, String onlyAttempt) {
        assertEquals(504, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).get("error");
        assertEquals("deadline_exceeded", error.get("code").asText(), response.body());
        assertEquals("The request did not complete within its deadline of " + DEADLINE_MS + " ms.", error.get("message").asText());
        JsonNode receipt = receipt(response.headers().firstValue("x-caravan-trace-id").orElseThrow());
        List<String> attempts = new ArrayList<>();
        receipt.get("attempts").forEach(a -> attempts.add(MatrixOutcome.line(a)));
        assertEquals(List.of(onlyAttempt), attempts, receipt.toString());
        assertEquals("api_error", receipt.get("error_type").asText());
    }

    private static void assertBody(MatrixOutcome row, HttpResponse<String> response) throws Exception {
        Fault fault = row.fault();
        if (fault.committedStream()) {
            assertStreamEndsWithErrorEvent(fault.contentChunksBeforeError(), response.body());
        } else if (row.servedBy() != null && fault.stream) {
            assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
        } else if (row.servedBy() != null) {
            assertEquals("chat.completion", TestGateway.json(response.body()).get("object").asText());
        } else if (fault.isHttpStatus()) {
            // The upstream's OpenAI error is already the client's wire format: passed through byte for byte.
            assertEquals(mockErrorBody(fault.upstreamStatus), response.body());
            assertOpenAiError(fault, response.body());
        } else {
            assertOpenAiError(fault, response.body());
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        }
    }

    /** The role chunk, the content chunks the upstream sent, then the error event; no {@code [DONE]}. */
    private static void assertStreamEndsWithErrorEvent(int contentChunks, String body) {
        List<String> data = body.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertEquals(contentChunks + 2, data.size(), body);
        assertEquals("assistant", TestGateway.json(data.get(0)).get("choices").get(0).get("delta").get("role").asText(), body);
        for (int i = 1; i <= contentChunks; i++) {
            assertFalse(TestGateway.json(data.get(i)).get("choices").get(0).get("delta").get("content").asText().isEmpty(), body);
        }
        JsonNode error = TestGateway.json(data.get(data.size() - 1)).get("error");
        assertEquals("upstream_stream_error", error.get("code").asText(), body);
        assertEquals("api_error", error.get("type").asText(), body);
    }

    private static void assertOpenAiError(Fault fault, String body) {
        JsonNode error = TestGateway.json(body).get("error");
        assertEquals(fault.clientType, error.get("type").asText(), body);
        assertEquals(String.valueOf(fault.clientCode), error.get("code").asText("null"), body);
        assertTrue(error.has("param"), body);
        assertFalse(error.get("message").asText().isBlank(), body);
        if (fault.errorClass.equals("timeout")) {
            assertEquals("Provider 'mock' did not answer within " + Fault.TIMEOUT_MS + " ms.", error.get("message").asText());
        }
    }

    /** Every try took time (a timed-out one at least its timeout); a skipped target none. */
    private static void assertLatencies(Fault fault, JsonNode attempts) {
        for (JsonNode attempt : attempts) {
            double latency = attempt.get("latency_ms").asDouble();
            assertTrue(latency > 0, attempt.toString());
            if (fault.targetTimeoutMs() > 0 && !attempt.get("error").isNull()) {
                // The JDK client's own request timer has millisecond granularity and may fire a fraction
                // of a millisecond before ours (59.9 ms seen for 60): allow that, not a real early give-up.
                assertTrue(latency >= fault.targetTimeoutMs() - 2, attempt.toString());
            }
        }
    }

    /** What the mock itself answers for a status, asked directly. */
    private static String mockErrorBody(int status) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/chat/completions"))
                .header("x-mock-status", String.valueOf(status))
                .POST(HttpRequest.BodyPublishers.ofString(chatBody("probe", false))).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
