package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.QueryParameters;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.platform.config.ModelAlias;
import java.util.List;
import java.util.function.Function;

/**
 * One page of Anthropic's {@code GET /v1/models}: {@code {data, has_more, first_id, last_id}} over
 * the aliases in configuration order. {@code limit} is 1..1000 (default 20, as Anthropic's);
 * {@code after_id} starts after that id, {@code before_id} ends before it (the page closest to it);
 * an id that is not in the list is a 400 naming the parameter.
 */
final class AnthropicModelPage {

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 1000;

    private AnthropicModelPage() {}

    static ObjectNode of(List<ModelAlias> usable, org.apache.camel.Exchange exchange, ObjectMapper json, Function<ModelAlias, ObjectNode> render) {
        QueryParameters params = QueryParameters.of(exchange, List.of("limit", "before_id", "after_id"));
        int limit = limit(params.value("limit"));
        String after = params.value("after_id");
        String before = params.value("before_id");
        if (after != null && before != null) {
            throw GatewayException.badRequest("before_id", "Give before_id or after_id, not both.");
        }
        int from = 0;
        int to = usable.size();
        if (after != null) {
            from = indexOf(usable, after, "after_id") + 1;
            to = Math.min(usable.size(), from + limit);
        } else if (before != null) {
            to = indexOf(usable, before, "before_id");
            from = Math.max(0, to - limit);
        } else {
            to = Math.min(usable.size(), limit);
        }
        ObjectNode page = json.createObjectNode();
        ArrayNode data = page.putArray("data");
        usable.subList(from, to).forEach(alias -> data.add(render.apply(alias)));
        page.put("has_more", before != null ? from > 0 : to < usable.size());
        if (data.isEmpty()) {
            page.putNull("first_id").putNull("last_id");
        } else {
            page.put("first_id", usable.get(from).alias()).put("last_id", usable.get(to - 1).alias());
        }
        return page;
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw GatewayException.badRequest("limit", "limit must be an integer from 1 to " + MAX_LIMIT + ".");
    }

    private static int indexOf(List<ModelAlias> usable, String id, String param) {
        for (int i = 0; i < usable.size(); i++) {
            if (usable.get(i).alias().equals(id)) {
                return i;
            }
        }
        throw GatewayException.badRequest(param, param + " '" + id + "' is not a model of this list.");
    }
}
