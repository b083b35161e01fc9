package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped example pipeline (routes/examples/summarize.yaml) runs on the standard stages. */
class CustomPipelineTest {

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        Path routes = TestGateway.copyOfShippedRoutes(tmp.resolve("routes"));
        Files.copy(TestGateway.routesDir().resolve("examples/summarize.yaml"), routes.resolve("summarize.yaml"));
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.start(mock, tmp, routes);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    @Test
    void should_wrap_the_text_in_the_instruction_and_answer_with_a_summary() {
        HttpResponse<String> response = gateway.post("/v1/summarize",
                "{\"model\":\"fast\",\"text\":\"Caravan is a gateway. It routes requests.\"}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = TestGateway.json(response.body());
        assertFalse(answer.get("summary").asText().isBlank());
        assertTrue(answer.get("usage").get("total_tokens").asInt() > 0);
        JsonNode upstream = mock.lastRequest();
        assertEquals("system", upstream.get("messages").get(0).get("role").asText());
        assertTrue(upstream.get("messages").get(0).get("content").asText().startsWith("Summarize"));
        assertEquals("Caravan is a gateway. It routes requests.", upstream.get("messages").get(1).get("content").asText());
    }

    @Test
    void should_leave_a_receipt_for_the_custom_endpoint() {
        HttpResponse<String> response = gateway.post("/v1/summarize", "{\"model\":\"fast\",\"text\":\"hello\"}",
                "authorization", TestGateway.bearer(TestGateway.KEY));
        JsonNode receipt = gateway.receipt(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), TestGateway.KEY);

        assertEquals("/v1/summarize", receipt.get("endpoint").asText());
        assertEquals("mock/gpt-4o-mini", receipt.get("served_by").asText());
    }

    @Test
    void should_return_400_naming_text_when_it_is_missing() {
        HttpResponse<String> response = gateway.post("/v1/summarize", "{\"model\":\"fast\"}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(400, response.statusCode());
        assertEquals("text", TestGateway.json(response.body()).get("error").get("param").asText());
    }
}
