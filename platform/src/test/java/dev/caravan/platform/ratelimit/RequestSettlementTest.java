package dev.caravan.platform.ratelimit;

import dev.caravan.platform.pipeline.RateLimitStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.exchange.RequestState;
import org.junit.jupiter.api.Test;

/** A request finishes once, however many paths try to finish it; stages' attachments survive until then. */
class RequestSettlementTest {

    @Test
    void should_finish_once_with_the_first_status_when_finished_twice() {
        RequestState state = new RequestState("0123456789abcdef0123456789abcdef", "/v1/chat/completions", true);

        assertTrue(state.outcome().finish(200));
        assertFalse(state.outcome().finish(499)); // e.g. a client disconnect racing the stream's end

        assertEquals(200, state.outcome().status());
    }

    @Test
    void should_keep_an_attachment_for_the_finish_step() {
        RequestState state = new RequestState("0123456789abcdef0123456789abcdef", "/v1/chat/completions", true);
        RateLimitStage.Charges charges = new RateLimitStage.Charges(java.util.List.of(), java.util.List.of());

        state.attach(RateLimitStage.CHARGES, charges);

        assertEquals(charges, state.attached(RateLimitStage.CHARGES));
    }
}
