package dev.caravan.platform.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.guardrail.GuardVerdict;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.platform.exchange.GatewayException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A denial in the wire format of the endpoint the client called. */
class GuardrailErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GuardResult DENIAL = GuardResult.of(
            new BoundGuard("pii", Set.of(GuardPhase.REQUEST), input -> null, "guardrails[0]"),
            GuardVerdict.deny("pii", "found email=1"));

    @Test
    void should_use_the_anthropic_error_shape_when_the_endpoint_is_messages() throws Exception {
        GatewayException e = GuardrailErrors.denied("/v1/messages", GuardPhase.REQUEST, DENIAL);
        JsonNode body = JSON.readTree(e.passThroughBody());

        assertEquals(446, e.status());
        assertEquals("error", body.path("type").asText());
        assertEquals("guardrail_violation", body.at("/error/type").asText());
        assertEquals("The request was blocked by guardrail 'pii': found email=1", body.at("/error/message").asText());
    }

    @Test
    void should_use_the_openai_error_shape_when_the_endpoint_is_chat_completions() throws Exception {
        JsonNode body = JSON.readTree(GuardrailErrors.denied("/v1/chat/completions", GuardPhase.REQUEST, DENIAL).passThroughBody());

        assertEquals("guardrail_denied", body.at("/error/code").asText());
        assertEquals(true, body.at("/error/param").isNull());
        assertEquals("pii", body.at("/error/guardrail/id").asText());
    }

    @Test
    void should_send_an_error_event_named_error_when_an_anthropic_stream_is_stopped() {
        List<SseEvent> events = GuardrailErrors.streamStop("/v1/messages", DENIAL);

        assertEquals("error", events.get(0).event());
    }

    @Test
    void should_send_an_unnamed_data_event_when_an_openai_stream_is_stopped() {
        assertNull(GuardrailErrors.streamStop("/v1/chat/completions", DENIAL).get(0).event());
    }
}
