package dev.caravan.platform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.storage.Receipt;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RequestMeters meters = new RequestMeters(registry, false, () -> List.of("/v1/chat/completions"));

    private static RequestState stream(String traceId) {
        RequestState state = new RequestState(traceId, "/v1/chat/completions", true);
        state.stream(true);
        return state;
    }

    private double activeStreams() {
        return registry.get("caravan.streams.active").gauge().value();
    }

    @Test
    void should_count_a_stream_as_active_until_its_receipt_is_recorded() {
        RequestState state = stream("trc_1");
        meters.streamOpened(state);
        assertEquals(1, activeStreams());

        state.outcome().finish(200);
        meters.finished(state.toReceipt(), state);

        assertEquals(0, activeStreams());
    }

    @Test
    void should_count_a_stream_once_when_its_head_is_reported_twice() {
        RequestState state = stream("trc_2");

        meters.streamOpened(state);
        meters.streamOpened(state); // a fallback target's stream after the first one failed before its first byte

        assertEquals(1, activeStreams());
    }

    @Test
    void should_tag_other_when_the_path_matches_no_route() {
        RequestState state = new RequestState("trc_3", "/something/else", true);
        state.outcome().finish(404);

        meters.finished(state.toReceipt(), state);

        assertEquals(1, registry.get("caravan.requests").tag("endpoint", "other").counter().count());
    }

    @Test
    void should_reduce_decisions_to_their_class_when_they_carry_details() {
        assertEquals("retry", RequestMeters.decisionClass("retry: status 503"));
        assertEquals("fallback", RequestMeters.decisionClass("fallback: timeout"));
        assertEquals("skipped", RequestMeters.decisionClass("skipped: circuit open"));
        assertEquals("aborted", RequestMeters.decisionClass("aborted: client disconnected"));
        assertEquals("served", RequestMeters.decisionClass("served"));
        assertEquals("other", RequestMeters.decisionClass("something a plugin invented"));
        assertEquals("other", RequestMeters.decisionClass(null));
    }

    @Test
    void should_count_each_attempt_by_provider_and_decision_class_when_a_request_fell_back() {
        RequestState state = new RequestState("trc_4", "/v1/chat/completions", true);
        state.outcome().addAttempt(new Receipt.Attempt("a", "m1", 1, 503, 5, "status 503", "fallback: status 503", List.of()), 5_000_000);
        state.outcome().addAttempt(new Receipt.Attempt("b", "m2", 1, 200, 7, null, "served", List.of()), 7_000_000);
        state.outcome().servedBy("b/m2");
        state.outcome().finish(200);

        meters.finished(state.toReceipt(), state);

        assertEquals(1, registry.get("caravan.upstream.attempts").tags("provider", "a", "decision", "fallback").counter().count());
        assertEquals(1, registry.get("caravan.upstream.attempts").tags("provider", "b", "decision", "served").counter().count());
        assertEquals(1, registry.get("caravan.requests").tags("provider", "b", "status_class", "2xx").counter().count());
    }
}
