package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.QueryParameters;
import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Stage {@code storedResponses}: {@code GET /v1/responses/{id}}, {@code DELETE /v1/responses/{id}} and
 * {@code GET /v1/responses/{id}/input_items} over the responses the gateway stored for the calling
 * key's tenant. Another tenant's response is a 404, the same as one that does not exist. Reads run
 * on the storage executor, never on the calling thread.
 */
public final class StoredResponsesEndpoint extends AsyncProcessorSupport {

    private static final String PREFIX = "/v1/responses/";
    private static final String ITEMS = "/input_items";

    private final ResponseStore store;
    private final ObjectMapper json;

    public StoredResponsesEndpoint(ResponseStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<byte[]> answer;
        try {
            answer = answer(exchange);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        boolean sync = answer.isDone();
        answer.whenComplete((bytes, error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                exchange.setException(cause instanceof GatewayException ? cause : new GatewayException(503, "api_error",
                        "storage_unavailable", null, "Stored responses cannot be read right now; retry shortly.", null, cause));
            } else {
                HttpResponses.json(exchange, 200, bytes);
            }
            callback.done(sync);
        });
        return sync;
    }

    private CompletableFuture<byte[]> answer(Exchange exchange) {
        RequestState state = RequestState.of(exchange);
        FullHttpRequest request = IngressStage.request(exchange);
        String path = state.endpoint();
        String rest = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        boolean items = rest.endsWith(ITEMS);
        String id = QueryStringDecoder.decodeComponent(items ? rest.substring(0, rest.length() - ITEMS.length()) : rest);
        HttpMethod method = request.method();
        if (id.isEmpty() || id.contains("/") || (items && !HttpMethod.GET.equals(method))) {
            throw new GatewayException(404, "invalid_request_error", "unknown_url", null,
                    "Unknown request URL: " + method + " " + path + ".");
        }
        String tenant = state.key().tenantId();
        if (HttpMethod.DELETE.equals(method)) {
            return store.delete(id, tenant).thenApply(deleted -> {
                if (!deleted) {
                    throw notFound(id);
                }
                return bytes(json.createObjectNode().put("id", id).put("object", "response").put("deleted", true));
            });
        }
        if (items) {
            QueryParameters query = QueryParameters.of(exchange, List.of("limit", "order", "after", "include"));
            int limit = limit(query.value("limit"));
            String order = query.choice("order", List.of("asc", "desc"), "desc");
            String after = query.value("after");
            return store.find(id, tenant).thenApply(found -> bytes(page(
                    read(found.orElseThrow(() -> notFound(id)).inputItems()), limit, order, after)));
        }
        QueryParameters.of(exchange, List.of("include", "include_obfuscation", "starting_after", "stream"));
        return store.find(id, tenant).thenApply(found -> found.orElseThrow(() -> notFound(id)).responseBody()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private ObjectNode page(JsonNode all, int limit, String order, String after) {
        List<JsonNode> items = new ArrayList<>();
        all.forEach(items::add);
        if ("desc".equals(order)) {
            java.util.Collections.reverse(items);
        }
        int start = 0;
        if (after != null) {
            int at = -1;
            for (int i = 0; i < items.size(); i++) {
                if (after.equals(items.get(i).path("id").asText())) {
                    at = i;
                }
            }
            if (at < 0) {
                throw GatewayException.badRequest("after", "No input item '" + QueryParameters.shown(after) + "' in this response.");
            }
            start = at + 1;
        }
        List<JsonNode> shown = items.subList(start, Math.min(items.size(), start + limit));
        ObjectNode list = json.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        shown.forEach(data::add);
        if (shown.isEmpty()) {
            list.putNull("first_id").putNull("last_id");
        } else {
            list.put("first_id", shown.get(0).path("id").asText()).put("last_id", shown.get(shown.size() - 1).path("id").asText());
        }
        list.put("has_more", start + shown.size() < items.size());
        return list;
    }

    private static int limit(String text) {
        if (text == null) {
            return 20;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 100) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw GatewayException.badRequest("limit", "'limit' must be an integer from 1 to 100, got '" + QueryParameters.shown(text) + "'.");
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(404, "invalid_request_error", "not_found", "id",
                "No response found with id '" + QueryParameters.shown(id) + "'.");
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored input items are not JSON", e);
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
