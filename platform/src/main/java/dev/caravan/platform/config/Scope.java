package dev.caravan.platform.config;

import java.util.Map;

/**
 * Which requests a control applies to: every request ({@code global}), one tenant, one key (by
 * name), one alias (the model the client asked for), or the requests whose {@code x-caravan-metadata}
 * has one value in one field. Written in the config as {@code scope: global} or a one-entry mapping
 * {@code scope: { tenant: acme }}, {@code { key: ci }}, {@code { alias: fast }},
 * {@code { metadata.team: red }} (see docs/configuration.md#scopes); {@link #label()} is the text
 * form errors, receipts and the audit log use ({@code tenant:acme}, {@code metadata.team:red}).
 *
 * @param kind  what the scope names
 * @param field for {@link Kind#METADATA}: the metadata field; else null
 * @param value the tenant id, key name, alias or metadata value; null for {@link Kind#GLOBAL}.
 *              Rate limits also accept {@value #EVERY}: every one of that kind, each on its own
 */
public record Scope(Kind kind, String field, String value) {

    public static final String EVERY = "*";
    public static final Scope GLOBAL = new Scope(Kind.GLOBAL, null, null);

    /** In order of specificity, broadest first: the order additive controls run in. */
    public enum Kind {
        GLOBAL("global"), TENANT("tenant"), KEY("key"), ALIAS("alias"), METADATA("metadata");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** The config key and the word in messages. */
        public String word() {
            return word;
        }
    }

    public static Scope tenant(String id) {
        return new Scope(Kind.TENANT, null, id);
    }

    public static Scope key(String name) {
        return new Scope(Kind.KEY, null, name);
    }

    public static Scope alias(String alias) {
        return new Scope(Kind.ALIAS, null, alias);
    }

    public static Scope metadata(String field, String value) {
        return new Scope(Kind.METADATA, field, value);
    }

    /** {@code "*"}: each tenant, key, alias or metadata value counted on its own (rate limits). */
    public boolean everyOne() {
        return EVERY.equals(value);
    }

    /** The config key: {@code tenant}, {@code key}, {@code alias}, {@code metadata.<field>}; {@code global}. */
    public String configKey() {
        return kind == Kind.METADATA ? "metadata." + field : kind.word();
    }

    /** {@code global}, {@code tenant:acme}, {@code metadata.team:red}. */
    public String label() {
        return kind == Kind.GLOBAL ? "global" : configKey() + ":" + value;
    }

    /** As it is written in the config: {@code global}, {@code { tenant: acme }}, {@code { key: "*" }}. */
    public String yaml() {
        if (kind == Kind.GLOBAL) {
            return "global";
        }
        return "{ " + configKey() + ": " + ScopedForms.flow(com.fasterxml.jackson.databind.node.TextNode.valueOf(value)) + " }";
    }

    /** Whether a request of {@code subject} falls in this scope (a {@code "*"} scope: every one that has the kind). */
    public boolean matches(RequestScope subject) {
        String actual = switch (kind) {
            case GLOBAL -> "";
            case TENANT -> subject.tenant();
            case KEY -> subject.keyName();
            case ALIAS -> subject.alias();
            case METADATA -> subject.metadata().get(field);
        };
        return actual != null && (kind == Kind.GLOBAL || everyOne() || value.equals(actual));
    }

    /**
     * What scopes are matched against: who sent a request and what it asked for, known once its
     * alias is resolved.
     *
     * @param tenant   the key's tenant id
     * @param keyName  the key's name
     * @param alias    the alias requested (after a policy's reroute, once there is one); null before alias resolution
     * @param metadata the {@code x-caravan-metadata} values
     */
    public record RequestScope(String tenant, String keyName, String alias, Map<String, String> metadata) {

        public RequestScope {
            metadata = metadata == null ? Map.of() : metadata;
        }

        public RequestScope withAlias(String newAlias) {
            return new RequestScope(tenant, keyName, newAlias, metadata);
        }
    }
}
