package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.platform.logging.RequestLogger;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.storage.StoredResponse;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code storeResponse} (after {@code guardOutput} on {@code POST /v1/responses}): keeps a
 * complete, successful Responses object and the request's input items for {@code GET /v1/responses/{id}},
 * its {@code input_items} and {@code previous_response_id}, when the request's {@code store} is not
 * false and the tenant's logging allows content (not {@code metadata_only}, no do-not-track rule).
 * The object served says {@code store} as it was decided. The write runs on the storage executor;
 * a response over {@link ResponseStore#MAX_CHARS} is not stored, and the receipt says why
 * (decision {@code store_response}). Streams are not stored.
 */
public final class StoreResponseStage implements Processor {

    static final String STAGE = "store_response";

    private final ResponseStore store;
    private final RequestLogger logger;
    private final ObjectMapper json;

    public StoreResponseStage(ResponseStore store, RequestLogger logger, ObjectMapper json) {
        this.store = store;
        this.logger = logger;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RequestState state = RequestState.of(exchange);
        if (state.family() != ApiFamily.RESPONSES || state.stream() || state.body() == null
                || !(exchange.getMessage().getBody() instanceof FullHttpResponse response) || response.status().code() != 200) {
            return;
        }
        JsonNode parsed = json.readTree(ByteBufUtil.getBytes(response.content()));
        if (!(parsed instanceof ObjectNode object) || !object.path("id").isTextual()) {
            return;
        }
        boolean asked = state.body().path("store").asBoolean(true);
        boolean allowed = logger.storesContent(ScopedControls.loggingRules(state, logger), state.key().id(), state.capture());
        boolean said = object.path("store").asBoolean(false);
        boolean stored = false;
        if (asked && allowed) {
            object.put("store", true); // the stored copy says what a retrieve will find
            String refused = store.store(new StoredResponse(state.traceId(), object.get("id").asText(), state.key().tenantId(),
                    state.key().id(), state.receivedAt(), json.writeValueAsString(object),
                    json.writeValueAsString(inputItems(state.body().get("input"), object.get("id").asText()))));
            stored = refused == null;
            if (!stored) {
                state.outcome().addDecision(new Receipt.Decision(STAGE, "store", "not_stored", refused));
            }
        } else if (asked) {
            state.outcome().addDecision(new Receipt.Decision(STAGE, "store", "not_stored", "the tenant's logging mode keeps no content"));
        }
        if (said == stored) {
            return; // the answer already says it: a native target's body goes out as it came
        }
        object.put("store", stored);
        byte[] bytes = json.writeValueAsBytes(object);
        FullHttpResponse rewritten = response.replace(Unpooled.wrappedBuffer(bytes));
        rewritten.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        exchange.getMessage().setBody(rewritten);
    }

    /** The request's input as items, each with an id (a string input is one user message). */
    ArrayNode inputItems(JsonNode input, String responseId) {
        ArrayNode items = json.createArrayNode();
        if (input != null && input.isTextual()) {
            ObjectNode message = items.addObject().put("type", "message").put("role", "user");
            message.putArray("content").addObject().put("type", "input_text").put("text", input.asText());
        } else if (input != null && input.isArray()) {
            input.forEach(item -> items.add(item.deepCopy()));
        }
        String base = responseId.startsWith("resp_") ? responseId.substring(5) : responseId;
        for (int i = 0; i < items.size(); i++) {
            ObjectNode item = (ObjectNode) items.get(i);
            if (!item.path("id").isTextual()) {
                item.put("id", "msg_" + base + "_" + i);
            }
            if (!item.has("type")) {
                item.put("type", "message");
            }
            if ("message".equals(item.path("type").asText()) && !item.has("status")) {
                item.put("status", "completed");
            }
            JsonNode content = item.get("content");
            if ("message".equals(item.path("type").asText()) && content != null && content.isTextual()) {
                ArrayNode parts = json.createArrayNode();
                parts.addObject().put("type", "input_text").put("text", content.asText());
                item.set("content", parts);
            }
        }
        return items;
    }
}
