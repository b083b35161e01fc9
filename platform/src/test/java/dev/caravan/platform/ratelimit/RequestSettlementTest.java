package dev.caravan.platform.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caravan.platform.pipeline.RequestState;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A charge made up front is settled exactly once, however many paths try to finish the request. */
class RequestSettlementTest {

    @Test
    void should_run_the_finish_actions_once_when_finished_twice() {
        RequestState state = new RequestState("0123456789abcdef0123456789abcdef", "/v1/chat/completions", true);
        AtomicInteger runs = new AtomicInteger();
        state.onFinish(s -> runs.incrementAndGet());

        state.finish(200);
        state.finish(499); // e.g. a client disconnect racing the stream's end

        assertEquals(1, runs.get());
    }

    @Test
    void should_still_finish_when_an_action_fails() {
        RequestState state = new RequestState("0123456789abcdef0123456789abcdef", "/v1/chat/completions", true);
        AtomicInteger runs = new AtomicInteger();
        state.onFinish(s -> {
            throw new IllegalStateException("boom");
        });
        state.onFinish(s -> runs.incrementAndGet());

        assertEquals(true, state.finish(200));
        assertEquals(1, runs.get());
    }
}
