package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream whose final event ({@code [DONE]}) reached the client is complete, even when the client
 * closes the connection at once, before the chunked body's terminator: openai-java 7.x stops
 * reading at {@code [DONE]}. Before, some of these were recorded as 499 client aborts.
 */
class StreamCompleteAtFinalEventTest {

    private static final String BODY = "{\"model\":\"fast\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"mock\":{\"chunks\":3}}";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.start(mock, tmp);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    /** Sends a stream request on a raw socket, reads up to [DONE] and resets the connection at once; the trace id. */
    private static String readToDoneAndClose() {
        try (Socket socket = new Socket(gateway.baseUrl().getHost(), gateway.baseUrl().getPort())) {
            OutputStream out = socket.getOutputStream();
            byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestGateway.KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String traceId = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.toLowerCase().startsWith("x-caravan-trace-id:")) {
                    traceId = line.substring(line.indexOf(':') + 1).trim();
                }
                if (line.equals("data: [DONE]")) {
                    socket.setSoLinger(true, 0); // close now, as a reset: nothing after [DONE] is read
                    return traceId;
                }
            }
            throw new AssertionError("the stream ended without [DONE]");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertComplete(String traceId) {
        assertNotNull(traceId);
        JsonNode receipt = gateway.receiptEventually(traceId, TestGateway.KEY);
        assertEquals(200, receipt.get("status").asInt(), receipt.toString());
        assertEquals("served", receipt.get("attempts").get(0).get("decision").asText(), receipt.toString());
        assertEquals(3, receipt.get("completion_tokens").asInt(), receipt.toString()); // the usage of the final chunk
    }

    @Test
    void should_record_the_stream_as_complete_when_the_client_closes_right_after_done() {
        List<String> traces = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            traces.add(readToDoneAndClose());
        }
        traces.forEach(StreamCompleteAtFinalEventTest::assertComplete);
    }

    @Test
    void should_record_sdk_streams_as_complete_when_the_sdk_stops_at_done() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("fast").addUserMessage("hi").build();
        for (int i = 0; i < 50; i++) {
            HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw =
                    gateway.openai(TestGateway.KEY).chat().completions().withRawResponse().createStreaming(params);
            String traceId = raw.headers().values("x-caravan-trace-id").get(0);
            try (StreamResponse<ChatCompletionChunk> stream = raw.parse()) {
                stream.stream().forEach(chunk -> { });
            }
            JsonNode receipt = gateway.receiptEventually(traceId, TestGateway.KEY);
            assertEquals(200, receipt.get("status").asInt(), receipt.toString());
        }
    }
}
