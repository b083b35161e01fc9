package dev.caravan.platform.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.platform.exchange.GatewayException;
import java.util.List;

/**
 * How a denial reaches the client, in the wire format of the endpoint it called: HTTP 446 with
 * OpenAI's error body ({@code type: "guardrail_violation"}, {@code code: "guardrail_denied"} and a
 * {@code guardrail} object naming the check), or on {@code /v1/messages} Anthropic's
 * {@code {"type":"error","error":{...}}}; for a stream already under way, an error event.
 */
public final class GuardrailErrors {

    public static final int STATUS = 446;
    public static final String TYPE = "guardrail_violation";
    public static final String CODE = "guardrail_denied";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GuardrailErrors() {}

    public static String message(GuardPhase phase, GuardResult denial) {
        String what = phase == GuardPhase.REQUEST ? "The request was" : "The response was";
        String reason = denial.reason();
        return what + " blocked by guardrail '" + denial.guard().id() + "'" + (reason == null ? "." : ": " + reason);
    }

    /** The 446 error for a denied request or non-streamed answer. */
    public static GatewayException denied(String endpoint, GuardPhase phase, GuardResult denial) {
        String message = message(phase, denial);
        return new GatewayException(STATUS, TYPE, CODE, null, message, bytes(body(endpoint, phase, denial, message)), null);
    }

    /** The event that ends a stream a guardrail stopped. */
    public static List<SseEvent> streamStop(String endpoint, GuardResult denial) {
        ObjectNode body = body(endpoint, GuardPhase.RESPONSE, denial, message(GuardPhase.RESPONSE, denial));
        String data = new String(bytes(body), java.nio.charset.StandardCharsets.UTF_8);
        return List.of(anthropic(endpoint) ? new SseEvent("error", data) : SseEvent.data(data));
    }

    private static ObjectNode body(String endpoint, GuardPhase phase, GuardResult denial, String message) {
        ObjectNode guardrail = JSON.createObjectNode();
        guardrail.put("id", denial.guard().id());
        guardrail.put("phase", phase.name().toLowerCase(java.util.Locale.ROOT));
        guardrail.put("reason", denial.reason());
        ObjectNode error = JSON.createObjectNode();
        ObjectNode root = JSON.createObjectNode();
        if (anthropic(endpoint)) {
            root.put("type", "error");
            error.put("type", TYPE);
            error.put("message", message);
        } else {
            error.put("message", message);
            error.put("type", TYPE);
            error.putNull("param");
            error.put("code", CODE);
        }
        error.set("guardrail", guardrail);
        root.set("error", error);
        return root;
    }

    private static boolean anthropic(String endpoint) {
        return endpoint != null && endpoint.startsWith("/v1/messages");
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
