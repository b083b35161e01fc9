package dev.caravan.platform.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.caravan.api.Secret;
import dev.caravan.platform.storage.AuditRepository;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Records who changed what in the gateway's administration: key creation and revocation, the
 * do-not-track flag, logging settings, and whatever other admin endpoints (budgets, policies)
 * report through {@link #record}. {@code before} and {@code after} are any JSON-serializable
 * values (records, maps, {@link JsonNode}); every field whose name says it holds a credential
 * ({@code key}, {@code api_key}, {@code token}, {@code password}, {@code secret},
 * {@code authorization}, {@code *_key}, {@code *_token}, {@code *_secret}, {@code *_password})
 * and every {@link Secret} is stored as {@value #MASK}.
 *
 * <p>{@link #record} writes synchronously (an audit entry must not be lost, and an admin change is
 * rare): call it from a storage-executor thread or the CLI, never from a Netty I/O thread.
 */
public final class AuditLog {

    public static final String MASK = "****";
    private static final List<String> SECRET_NAMES = List.of("key", "api_key", "token", "password", "secret",
            "authorization", "key_hash", "credential", "credentials");
    private static final List<String> SECRET_SUFFIXES = List.of("_key", "_token", "_secret", "_password");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule().addSerializer(Secret.class, new StdSerializer<>(Secret.class) {
                @Override
                public void serialize(Secret value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                    gen.writeString(MASK);
                }
            }))
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final AuditRepository repo;
    private final Clock clock;

    public AuditLog(AuditRepository repo, Clock clock) {
        this.repo = repo;
        this.clock = clock;
    }

    /**
     * Stores one change.
     *
     * @param actor  who did it ({@code admin-token}, {@code cli:alice}, {@code config})
     * @param action what, as {@code noun.verb} ({@code key.create}, {@code budget.update})
     * @param target what it was done to ({@code key:dev}, {@code tenant:acme})
     * @param before the state before (null when created), secrets masked here
     * @param after  the state after (null when deleted), secrets masked here
     * @throws dev.caravan.platform.storage.StorageException when the database refuses it
     */
    public void record(String actor, String action, String target, Object before, Object after) {
        repo.insert(clock.instant(), actor, action, target, masked(before), masked(after));
    }

    /** The value as JSON with every credential field masked; null stays null. */
    public static JsonNode masked(Object value) {
        if (value == null) {
            return null;
        }
        JsonNode tree = value instanceof JsonNode node ? node.deepCopy() : JSON.valueToTree(value);
        mask(tree);
        return tree;
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> secretFields = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) object::fields) {
                if (isSecretName(field.getKey()) && !field.getValue().isNull() && !field.getValue().isContainerNode()) {
                    secretFields.add(field.getKey());
                } else {
                    mask(field.getValue());
                }
            }
            secretFields.forEach(name -> object.put(name, MASK));
        } else if (node != null && node.isArray()) {
            node.forEach(AuditLog::mask);
        }
    }

    static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('-', '_');
        return SECRET_NAMES.contains(n) || SECRET_SUFFIXES.stream().anyMatch(n::endsWith);
    }
}
