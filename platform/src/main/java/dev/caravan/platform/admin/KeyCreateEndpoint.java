package dev.caravan.platform.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.platform.audit.AuditLog;
import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.pipeline.IngressStage;
import dev.caravan.platform.storage.DuplicateKeyNameException;
import dev.caravan.platform.storage.KeyHashing;
import dev.caravan.platform.storage.KeyRepository;
import dev.caravan.platform.storage.VirtualKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;

/**
 * Stage {@code createKey}: {@code POST /admin/v1/keys} with {@code {"name", "tenant", "models"?}}
 * creates a virtual key as {@code caravan keys create} does. The answer holds the key itself, this
 * once; only its hash is stored. A taken name is 409.
 */
public final class KeyCreateEndpoint extends AdminJsonEndpoint<KeyCreateEndpoint.Request> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    record Request(String name, String tenant, List<String> models) {}

    private final KeyRepository keys;
    private final AuditLog audit;

    public KeyCreateEndpoint(KeyRepository keys, AuditLog audit, Executor storageExecutor) {
        super(storageExecutor);
        this.keys = keys;
        this.audit = audit;
    }

    @Override
    protected Request parse(RequestState state, Exchange exchange) {
        JsonNode body;
        try {
            body = JSON.readTree(IngressStage.request(exchange).content().toString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw GatewayException.badRequest(null, "The body is not valid JSON.");
        }
        if (body == null || !body.isObject()) {
            throw GatewayException.badRequest(null, "The body must be a JSON object.");
        }
        String name = text(body, "name");
        String tenant = text(body, "tenant");
        List<String> models = new ArrayList<>();
        JsonNode list = body.path("models");
        if (!list.isMissingNode() && !list.isNull()) {
            if (!list.isArray()) {
                throw GatewayException.badRequest("models", "'models' must be a list of aliases.");
            }
            list.forEach(alias -> {
                if (!alias.isTextual() || alias.asText().isBlank()) {
                    throw GatewayException.badRequest("models", "'models' must be a list of aliases.");
                }
                models.add(alias.asText());
            });
        }
        return new Request(name, tenant, models);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || !NAME.matcher(value.asText()).matches()) {
            throw GatewayException.badRequest(field, "'" + field + "' is required: 1-64 letters, digits, '.', '_' or '-'.");
        }
        return value.asText();
    }

    @Override
    protected Object answer(Request request, RequestState state) {
        String key = KeyHashing.newKey();
        VirtualKey created;
        try {
            created = keys.create(request.name(), request.tenant(), KeyHashing.hash(key), request.models());
        } catch (DuplicateKeyNameException e) {
            throw new GatewayException(409, "invalid_request_error", "key_exists", "name",
                    "A key named '" + request.name() + "' already exists.");
        }
        audit.record(state.adminActor(), "key.create", "key:" + request.name(), null, Map.of("id", created.id(),
                "name", request.name(), "tenant", request.tenant(), "models", request.models()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", created.id());
        out.put("name", created.name());
        out.put("tenant", created.tenantId());
        out.put("models", created.allowedModels());
        out.put("key", key);
        return out;
    }
}
