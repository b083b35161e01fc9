package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.server.RouteFileException;
import dev.caravan.platform.server.RouteFiles;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The response side is routes/finish.yaml: a step an operator adds there runs exactly once for
 * every request, plain, streamed, failed, refused or cut off by the client; a step removed there
 * no longer runs; and a routes folder without the finish route does not start.
 */
class FinishRouteTest {

    private static final String OPERATOR_STEP = """
                    - filter:
                        simple: "${exchangeProperty.caravanFinishing}"
                        steps:
                          - log:
                              message: "finished ${exchangeProperty.caravanTraceId} ${exchangeProperty.caravanStatus}"
                              logName: "caravan.test.finish"
            """;

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;
    static final ListAppender<ILoggingEvent> finished = new ListAppender<>();

    @BeforeAll
    static void start() throws IOException {
        Path routes = TestGateway.copyOfShippedRoutes(tmp.resolve("routes"));
        Path finish = routes.resolve("finish.yaml");
        Files.writeString(finish, Files.readString(finish) + OPERATOR_STEP);
        Logger logger = (Logger) LoggerFactory.getLogger("caravan.test.finish");
        logger.setLevel(ch.qos.logback.classic.Level.INFO); // the test logging config may be quieter
        finished.start();
        logger.addAppender(finished);
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.start(mock, tmp, routes);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
        ((Logger) LoggerFactory.getLogger("caravan.test.finish")).detachAppender(finished);
    }

    private static List<String> finishLines(String traceId) {
        synchronized (finished) {
            return finished.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.startsWith("finished " + traceId + " ")).toList();
        }
    }

    /** Waits for the request's finish, then checks it was the only one, a later request's finish seen too. */
    private static void assertFinishedOnce(String traceId, int status) {
        Poll.until(() -> finishLines(traceId), lines -> !lines.isEmpty(), Duration.ofSeconds(10),
                () -> "the finish route never ran for " + traceId);
        String later = trace(chat("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"later\"}]}", TestGateway.KEY));
        Poll.until(() -> finishLines(later), lines -> !lines.isEmpty(), Duration.ofSeconds(10), () -> "no finish for " + later);
        assertEquals(List.of("finished " + traceId + " " + status), finishLines(traceId));
    }

    private static HttpResponse<String> chat(String body, String key) {
        return gateway.post("/v1/chat/completions", body, "authorization", TestGateway.bearer(key));
    }

    private static String trace(HttpResponse<String> response) {
        return response.headers().firstValue("x-caravan-trace-id").orElseThrow();
    }

    @Test
    void should_run_an_added_finish_step_once_when_a_plain_request_is_served() {
        HttpResponse<String> response = chat("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", TestGateway.KEY);

        assertEquals(200, response.statusCode(), response.body());
        assertFinishedOnce(trace(response), 200);
    }

    @Test
    void should_run_an_added_finish_step_once_at_the_end_of_a_stream() {
        HttpResponse<String> response = chat("{\"model\":\"fast\",\"stream\":true,\"mock\":{\"chunks\":5},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", TestGateway.KEY);

        assertEquals(200, response.statusCode(), response.body());
        assertFinishedOnce(trace(response), 200);
    }

    @Test
    void should_run_an_added_finish_step_once_when_the_upstream_fails() {
        HttpResponse<String> response = chat("{\"model\":\"nowhere\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", TestGateway.KEY);

        assertEquals(502, response.statusCode(), response.body());
        assertFinishedOnce(trace(response), 502);
    }

    @Test
    void should_run_an_added_finish_step_once_when_the_request_is_refused() {
        HttpResponse<String> unknownKey = chat("{\"model\":\"fast\",\"messages\":[]}", "sk-not-a-key-000000000000");
        HttpResponse<String> unknownModel = chat("{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", TestGateway.KEY);

        assertEquals(401, unknownKey.statusCode());
        assertEquals(404, unknownModel.statusCode());
        assertFinishedOnce(trace(unknownKey), 401);
        assertFinishedOnce(trace(unknownModel), 404);
    }

    @Test
    void should_run_an_added_finish_step_once_when_the_client_disconnects_mid_stream() {
        String body = "{\"model\":\"fast\",\"stream\":true,\"mock\":{\"chunks\":200,\"chunk_interval_ms\":50},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String traceId = StreamDisconnect.after(gateway, body, 2);
        assertFinishedOnce(traceId, 499);
    }

    @Test
    void should_not_count_metrics_when_the_step_is_removed_from_the_finish_route(@TempDir Path other) throws IOException {
        Path routes = TestGateway.copyOfShippedRoutes(other.resolve("routes"));
        Path finish = routes.resolve("finish.yaml");
        String without = Files.readString(finish).lines().filter(l -> !l.contains("ref: countMetrics"))
                .reduce("", (a, b) -> a + b + "\n");
        Files.writeString(finish, without);
        try (TestGateway trimmed = TestGateway.start(mock, other, routes)) {
            HttpResponse<String> response = trimmed.post("/v1/chat/completions",
                    "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    "authorization", TestGateway.bearer(TestGateway.KEY));
            assertEquals(200, response.statusCode());
            assertEquals(200, trimmed.receiptEventually(trace(response), TestGateway.KEY).get("status").asInt());
            String metrics = trimmed.get("/metrics").body();
            assertTrue(metrics.lines().noneMatch(l -> l.startsWith("caravan_requests_total{")), metrics);
        }
    }

    @Test
    void should_refuse_to_start_when_no_route_starts_from_the_finish_route(@TempDir Path other) throws IOException {
        Path routes = TestGateway.copyOfShippedRoutes(other.resolve("routes"));
        Files.delete(routes.resolve("finish.yaml"));

        RuntimeException e = assertThrows(RuntimeException.class, () -> TestGateway.start(mock, other, routes).close());

        Throwable cause = e;
        while (!(cause instanceof RouteFileException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("direct:caravan-finish"), e.toString());
    }
}
