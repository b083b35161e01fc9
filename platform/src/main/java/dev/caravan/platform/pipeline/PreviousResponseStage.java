package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.platform.storage.StoredResponse;
import java.io.IOException;
import java.util.Optional;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Stage {@code previousResponse} (after {@code parseResponses}): a request whose
 * {@code previous_response_id} names a response the gateway stored for the caller's tenant gets
 * that response's input items and output prepended to its {@code input}, and the field removed,
 * so any target — chat-only ones included — sees the whole conversation. An id the gateway does
 * not hold is left in place: a native Responses target may hold it itself; a chat-only target
 * refuses it with a 400 naming {@code previous_response_id}. The look-up runs on the storage executor.
 */
public final class PreviousResponseStage extends AsyncProcessorSupport {

    private static final String FIELD = "previous_response_id";

    private final ResponseStore store;
    private final ObjectMapper json;

    public PreviousResponseStage(ResponseStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestState state = RequestState.of(exchange);
        ObjectNode body = state.body();
        if (body == null || !body.path(FIELD).isTextual()) {
            callback.done(true);
            return true;
        }
        var lookup = store.find(body.get(FIELD).asText(), state.key().tenantId());
        boolean sync = lookup.isDone();
        lookup.whenComplete((found, error) -> {
            try {
                if (error != null) {
                    throw new GatewayException(503, "api_error", "storage_unavailable", FIELD,
                            "The previous response cannot be read right now; retry shortly.", null, error);
                }
                found.ifPresent(previous -> state.body(withHistory(body, previous)));
            } catch (RuntimeException e) {
                exchange.setException(e);
            }
            callback.done(sync);
        });
        return sync;
    }

    private ObjectNode withHistory(ObjectNode body, StoredResponse previous) {
        ArrayNode input = json.createArrayNode();
        read(previous.inputItems()).forEach(input::add);
        read(previous.responseBody()).path("output").forEach(input::add);
        JsonNode current = body.get("input");
        if (current.isTextual()) {
            input.addObject().put("type", "message").put("role", "user").put("content", current.asText());
        } else {
            current.forEach(input::add);
        }
        ObjectNode expanded = body.deepCopy();
        expanded.set("input", input);
        expanded.remove(FIELD);
        return expanded;
    }

    private JsonNode read(String text) {
        try {
            return Optional.ofNullable(json.readTree(text)).orElseGet(json::createArrayNode);
        } catch (IOException e) {
            throw new IllegalStateException("a stored response is not JSON", e);
        }
    }
}
