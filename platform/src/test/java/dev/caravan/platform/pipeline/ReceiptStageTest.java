package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.RequestState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stage {@code receipt}: the last step of every route, on success and on error. */
class ReceiptStageTest {

    @TempDir
    Path temp;
    private ReceiptFixture receipts;
    private ReceiptStage stage;
    private final StageExchanges exchanges = new StageExchanges();

    @BeforeEach
    void open() {
        receipts = new ReceiptFixture(temp);
        receipts.writer.start();
        stage = new ReceiptStage(receipts.recorder);
    }

    @AfterEach
    void close() {
        exchanges.close();
        receipts.close();
    }

    private Exchange authenticatedExchange() {
        Exchange exchange = exchanges.afterIngress("{}");
        RequestState.of(exchange).key(ReceiptFixture.KEY);
        return exchange;
    }

    private static String trace(Exchange exchange) {
        return RequestState.of(exchange).traceId();
    }

    @Test
    void should_record_status_of_the_response_the_route_answers() {
        Exchange exchange = authenticatedExchange();
        HttpResponses.json(exchange, 404, "{}".getBytes(StandardCharsets.UTF_8));

        stage.process(exchange);

        assertEquals(404, receipts.recorder.recent(trace(exchange)).orElseThrow().status());
    }

    @Test
    void should_record_200_when_body_is_not_an_http_response() {
        Exchange exchange = authenticatedExchange();
        exchange.getMessage().setBody("plain");

        stage.process(exchange);

        assertEquals(200, receipts.recorder.recent(trace(exchange)).orElseThrow().status());
    }

    @Test
    void should_write_one_receipt_when_stage_runs_on_success_and_again_on_error_path() {
        Exchange exchange = authenticatedExchange();

        stage.process(exchange);
        stage.process(exchange);

        assertEquals(1, receipts.stored(trace(exchange)));
    }

    @Test
    void should_write_no_receipt_when_request_not_authenticated() {
        Exchange exchange = exchanges.afterIngress("{}");
        HttpResponses.json(exchange, 401, "{}".getBytes(StandardCharsets.UTF_8));

        stage.process(exchange);

        assertEquals(0, receipts.stored(trace(exchange)));
    }

    @Test
    void should_leave_receipt_to_stream_relay_when_stream_took_over() {
        Exchange exchange = authenticatedExchange();
        RequestState state = RequestState.of(exchange);
        state.outcome().deferReceipt();

        stage.process(exchange);

        assertFalse(state.outcome().isFinished());
        assertEquals(0, receipts.stored(state.traceId()));
    }

    @Test
    void should_write_one_receipt_when_stream_relay_records_after_deferred_stage() {
        Exchange exchange = authenticatedExchange();
        RequestState state = RequestState.of(exchange);
        state.outcome().deferReceipt();
        stage.process(exchange);

        receipts.recorder.record(state, 200);

        assertEquals(1, receipts.stored(state.traceId()));
    }

    @Test
    void should_do_nothing_when_route_had_no_ingress() {
        Exchange exchange = exchanges.post("/v1/chat/completions", "{}");

        stage.process(exchange);

        assertTrue(exchange.getProperties().keySet().stream().noneMatch(RequestState.PROPERTY::equals));
    }
}
