package dev.caravan.platform.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ModelAlias;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code listModels}: {@code GET /v1/models} in OpenAI's list shape, with only the aliases
 * the calling key may use. Each entry also carries a {@code caravan} object (strategy, targets)
 * that OpenAI clients ignore.
 */
public final class ModelsEndpoint implements Processor {

    private final CaravanConfig config;
    private final ObjectMapper json;
    private final long created = System.currentTimeMillis() / 1000;

    public ModelsEndpoint(CaravanConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RequestState state = RequestState.of(exchange);
        ObjectNode list = json.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (ModelAlias alias : config.models()) {
            if (state.key().mayUse(alias.alias())) {
                ObjectNode model = data.addObject()
                        .put("id", alias.alias())
                        .put("object", "model")
                        .put("created", created)
                        .put("owned_by", "caravan");
                ObjectNode caravan = model.putObject("caravan").put("strategy", alias.strategy());
                caravan.put("targets", alias.targets().size());
            }
        }
        HttpResponses.json(exchange, 200, json.writeValueAsBytes(list));
    }
}
