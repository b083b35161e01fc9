package dev.caravan.platform.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.ApiFamily;
import dev.caravan.api.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestStateTest {

    @Test
    void theCallerIsFixedOnceResolveAliasHasRun() {
        RequestState state = new RequestState("t-1", "/v1/messages", true);
        state.requestedModel("claude");
        state.family(ApiFamily.MESSAGES);
        state.clientBetas(List.of("tools-2024"));
        assertThrows(IllegalStateException.class, state::caller, "no caller before resolveAlias");
        assertFalse(state.callerFixed());

        Caller caller = state.fixCaller();

        assertTrue(state.callerFixed());
        assertEquals(new Caller("t-1", "/v1/messages", state.receivedAt(), true, null, "claude", ApiFamily.MESSAGES,
                List.of("tools-2024")), caller);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> state.requestedModel("gpt-4o"));
        assertTrue(refused.getMessage().contains("'model' is part of the caller"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> state.key(null));
        assertThrows(IllegalStateException.class, () -> state.family(ApiFamily.CHAT_COMPLETIONS));
        assertThrows(IllegalStateException.class, () -> state.clientBetas(List.of()));
        assertEquals("claude", state.requestedModel());
        assertTrue(state.fixCaller() == caller, "fixing again keeps the first");
        state.stream(true); // the routing part stays open to policies
        assertTrue(state.stream());
    }

    @Test
    void theOutcomeAccumulatesAndFinishesOnce() {
        RequestState state = new RequestState("t-2", "/v1/chat/completions", true);
        state.outcome().usage(Usage.of(10, 5));
        state.outcome().servedBy("openai/gpt-4o");
        assertTrue(state.outcome().finish(200));
        assertFalse(state.outcome().finish(500), "the finish route runs once");
        assertEquals(200, state.toReceipt().status());
        assertEquals("openai/gpt-4o", state.toReceipt().servedBy());
    }
}
