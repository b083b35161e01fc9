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
 * and every {@link Secret} is stored as {@value #MASK}. A field holding a URL ({@code url},
 * {@code uri}, {@code webhook}, {@code *_url}, {@code *_uri}, {@code *_webhook}) keeps only its
 * scheme, host and port: webhook URLs carry tokens in their path, user info or query string.
 *
 * <p>{@link #record} and {@link #apply} write synchronously (an audit entry must not be lost, and
 * an admin change is rare): call them from a storage-executor thread or the CLI, never from a
 * Netty I/O thread.
 */
public final class AuditLog {

    public static final String MASK = "****";
    private static final List<String> SECRET_NAMES = List.of("key", "api_key", "token", "password", "secret",
            "authorization", "key_hash", "credential", "credentials");
    private static final List<String> SECRET_SUFFIXES = List.of("_key", "_token", "_secret", "_password");
    private static final List<String> URL_NAMES = List.of("url", "uri", "webhook");
    private static final List<String> URL_SUFFIXES = List.of("_url", "_uri", "_webhook");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule().addSerializer(Secret.class, new StdSerializer<>(Secret.class) {
                @Override
                public void serialize(Secret value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                    gen.writeString(MASK);
                }
            }))
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // snake_case like the admin API's bodies, and so a record component apiKey is masked as api_key
            .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
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

    /**
     * Makes a change and records its entry in one database transaction, so the log never claims a
     * change that did not happen and never misses one that did: when {@code change} throws, nothing
     * is recorded; when the entry cannot be written, the change is rolled back and the error
     * reaches the caller. Whatever {@code change} does through this database's {@code Jdbi} on the
     * calling thread joins the transaction (Jdbi hands nested calls the thread's open handle).
     *
     * @throws dev.caravan.platform.storage.StorageException when the database refuses the change or the entry
     */
    public <T> T apply(String actor, java.util.function.Supplier<AuditedChange<T>> change) {
        return repo.inTransaction(() -> {
            AuditedChange<T> done = change.get();
            if (done.changed()) {
                record(actor, done.action(), done.target(), done.before(), done.after());
            }
            return done.result();
        });
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
            List<String> urlFields = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) object::fields) {
                if (isSecretName(field.getKey()) && !field.getValue().isNull() && !field.getValue().isContainerNode()) {
                    secretFields.add(field.getKey());
                } else if (isUrlName(field.getKey()) && field.getValue().isTextual()) {
                    urlFields.add(field.getKey());
                } else {
                    mask(field.getValue());
                }
            }
            secretFields.forEach(name -> object.put(name, MASK));
            urlFields.forEach(name -> object.put(name, origin(object.get(name).textValue())));
        } else if (node != null && node.isArray()) {
            node.forEach(AuditLog::mask);
        }
    }

    static boolean isSecretName(String name) {
        String n = snake(name);
        return SECRET_NAMES.contains(n) || SECRET_SUFFIXES.stream().anyMatch(n::endsWith);
    }

    static boolean isUrlName(String name) {
        String n = snake(name);
        return URL_NAMES.contains(n) || URL_SUFFIXES.stream().anyMatch(n::endsWith);
    }

    /** {@code apiKey}, {@code API-Key} and {@code api_key} all read as {@code api_key}. */
    private static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** {@code scheme://host[:port]} of a URL, or {@value #MASK} when it is not one. */
    static String origin(String url) {
        try {
            java.net.URI uri = new java.net.URI(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return MASK;
            }
            return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (java.net.URISyntaxException e) {
            return MASK;
        }
    }
}
