package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.exchange.TraceIds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.storage.Receipt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exactly one receipt per authenticated request, readable at once: from memory until it is stored, then from the database. */
class ReceiptRecorderTest {

    @TempDir
    Path temp;
    private ReceiptFixture receipts;

    @BeforeEach
    void open() {
        receipts = new ReceiptFixture(temp);
    }

    @AfterEach
    void close() {
        receipts.close();
    }

    @Test
    void should_write_one_receipt_when_recorded_twice() {
        receipts.writer.start();
        RequestState state = ReceiptFixture.authenticated();

        receipts.recorder.record(state, 200);
        receipts.recorder.record(state, 500);

        assertEquals(1, receipts.stored(state.traceId()));
    }

    @Test
    void should_keep_first_status_when_recorded_twice() {
        RequestState state = ReceiptFixture.authenticated();

        receipts.recorder.record(state, 200);
        receipts.recorder.record(state, 500);

        assertEquals(200, receipts.recorder.recent(state.traceId()).orElseThrow().status());
    }

    @Test
    void should_write_no_receipt_when_request_has_no_key() {
        receipts.writer.start();
        RequestState anonymous = new RequestState(TraceIds.next(), "/v1/chat/completions", true);

        receipts.recorder.record(anonymous, 401);

        assertEquals(0, receipts.stored(anonymous.traceId()));
        assertTrue(receipts.recorder.recent(anonymous.traceId()).isEmpty());
    }

    @Test
    void should_mark_request_finished_when_it_has_no_key() {
        RequestState anonymous = new RequestState(TraceIds.next(), "/v1/chat/completions", true);

        receipts.recorder.record(anonymous, 401);

        assertTrue(anonymous.outcome().isFinished());
        assertEquals(401, anonymous.outcome().status());
    }

    @Test
    void should_serve_receipt_from_recent_cache_before_writer_stores_it() {
        RequestState state = ReceiptFixture.authenticated(); // writer not started: nothing reaches the database

        receipts.recorder.record(state, 200);

        Receipt recent = receipts.recorder.recent(state.traceId()).orElseThrow();
        assertEquals(state.traceId(), recent.traceId());
        assertEquals("key-1", recent.keyId());
        assertEquals("acme", recent.tenantId());
        assertTrue(receipts.repository.find(state.traceId()).isEmpty());
    }

    @Test
    void should_drop_receipt_from_memory_when_database_has_it() {
        receipts.writer.start();
        RequestState state = ReceiptFixture.authenticated();

        receipts.recorder.record(state, 200);

        assertEquals(1, receipts.stored(state.traceId())); // flushes
        assertTrue(receipts.recorder.recent(state.traceId()).isEmpty());
        assertEquals(state.traceId(), receipts.repository.find(state.traceId()).orElseThrow().traceId());
    }

    @Test
    void should_keep_receipt_readable_when_it_was_spilled() {
        receipts.writer.close(); // closed writer: later receipts go to the spill file, not the database
        RequestState state = ReceiptFixture.authenticated();

        receipts.recorder.record(state, 200);

        assertEquals(state.traceId(), receipts.recorder.recent(state.traceId()).orElseThrow().traceId());
        assertTrue(receipts.repository.find(state.traceId()).isEmpty());
    }

    @Test
    void should_find_nothing_recent_when_trace_unknown() {
        assertFalse(receipts.recorder.recent(TraceIds.next()).isPresent());
    }

    @Test
    void should_tell_listeners_once_when_recorded_twice() {
        List<Receipt> heard = new ArrayList<>();
        receipts.recorder.addListener((receipt, state) -> heard.add(receipt));
        RequestState state = ReceiptFixture.authenticated();

        receipts.recorder.record(state, 200);
        receipts.recorder.record(state, 500);

        assertEquals(1, heard.size());
        assertEquals(200, heard.get(0).status());
        assertEquals("acme", heard.get(0).tenantId());
    }

    @Test
    void should_tell_listeners_when_request_has_no_key() {
        List<Receipt> heard = new ArrayList<>();
        receipts.recorder.addListener((receipt, state) -> heard.add(receipt));
        RequestState anonymous = new RequestState(TraceIds.next(), "/v1/chat/completions", true);

        receipts.recorder.record(anonymous, 401);

        assertEquals(1, heard.size());
        assertEquals(401, heard.get(0).status());
    }

    @Test
    void should_still_store_the_receipt_when_a_listener_throws() {
        receipts.writer.start();
        receipts.recorder.addListener((receipt, state) -> {
            throw new IllegalStateException("listener bug");
        });
        RequestState state = ReceiptFixture.authenticated();

        receipts.recorder.record(state, 200);

        assertEquals(1, receipts.stored(state.traceId()));
    }
}
