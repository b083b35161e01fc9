package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code chatToText}, for custom pipelines: replaces a chat completion response with
 * {@code {"<field>": "<answer text>", "model": ..., "usage": ...}}, where the field name is the
 * exchange property {@code caravan.resultField} (default {@code text}). Streams are refused
 * earlier: custom text endpoints are request/response.
 */
public final class ChatToTextStage implements Processor {

    public static final String RESULT_FIELD = "caravan.resultField";

    private final ObjectMapper json;

    public ChatToTextStage(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        if (!(exchange.getMessage().getBody() instanceof FullHttpResponse response)) {
            throw GatewayException.badRequest("stream", "This endpoint does not stream.");
        }
        JsonNode completion;
        try (ByteBufInputStream in = new ByteBufInputStream(response.content().duplicate())) {
            completion = json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("upstream answer is not JSON", e);
        } finally {
            response.release();
        }
        String field = exchange.getProperty(RESULT_FIELD, "text", String.class);
        ObjectNode result = json.createObjectNode();
        result.put(field, completion.path("choices").path(0).path("message").path("content").asText(""));
        result.set("model", completion.path("model"));
        result.set("usage", completion.path("usage"));
        HttpResponses.json(exchange, response.status().code(), json.writeValueAsBytes(result));
    }
}
