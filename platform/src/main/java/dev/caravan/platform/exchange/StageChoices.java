package dev.caravan.platform.exchange;

import dev.caravan.api.RequestContext;
import dev.caravan.platform.config.ModelAlias;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What custom stages (docs/pipelines.md, "Custom stages") changed on a request. A stage placed before
 * {@code resolveAlias} leaves its alias and metadata here for {@code resolveAlias} to apply; placed
 * after it, the change applies at once, as a policy's MODIFY does. Response headers a stage adds go
 * out with every answer of the request ({@link HttpResponses#addGatewayHeaders}).
 */
public final class StageChoices {

    @SuppressWarnings("rawtypes")
    private static final RequestState.Attachment<Map> METADATA = new RequestState.Attachment<>("stage-metadata", Map.class);
    @SuppressWarnings("rawtypes")
    private static final RequestState.Attachment<Map> HEADERS = new RequestState.Attachment<>("stage-headers", Map.class);
    private static final RequestState.Attachment<String> ALIAS = new RequestState.Attachment<>("stage-alias", String.class);

    private StageChoices() {}

    /** Sends the request to {@code alias} (already checked: configured, and the key may use it). */
    public static void chooseAlias(RequestState state, ModelAlias alias) {
        if (state.alias() == null) {
            state.attach(ALIAS, alias.alias());
        } else {
            state.alias(alias);
            state.route(null); // the stage's choice wins over a saved route, as a policy's does
        }
    }

    /** The alias a stage before {@code resolveAlias} chose, or null. */
    public static String chosenAlias(RequestState state) {
        return state.attached(ALIAS);
    }

    /** Sets metadata entries; they win over the caller's {@code x-caravan-metadata}. */
    public static void setMetadata(RequestState state, Map<String, String> values) {
        if (values.isEmpty()) {
            return;
        }
        RequestContext c = state.context();
        if (c == null) {
            Map<String, String> merged = new LinkedHashMap<>(metadata(state));
            merged.putAll(values);
            state.attach(METADATA, Map.copyOf(merged));
        } else {
            Map<String, String> merged = new LinkedHashMap<>(c.metadata());
            merged.putAll(values);
            state.context(new RequestContext(c.traceId(), c.tenantId(), c.keyId(), c.keyName(), c.requestedModel(), merged,
                    c.receivedAt()));
        }
    }

    /** Metadata set by stages that ran before {@code resolveAlias}. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> metadata(RequestState state) {
        Map<String, String> values = state.attached(METADATA);
        return values == null ? Map.of() : values;
    }

    /** The request's metadata so far, as a stage sees it. */
    public static Map<String, String> currentMetadata(RequestState state) {
        return state.context() != null ? state.context().metadata() : metadata(state);
    }

    /** The alias the request goes to so far: resolved, or chosen by an earlier stage; null before either. */
    public static String currentAlias(RequestState state) {
        return state.alias() != null ? state.alias().alias() : chosenAlias(state);
    }

    /** Adds response headers (already checked: names and values a stage may set). */
    public static void addResponseHeaders(RequestState state, Map<String, String> headers) {
        if (headers.isEmpty()) {
            return;
        }
        Map<String, String> merged = new LinkedHashMap<>(responseHeaders(state));
        merged.putAll(headers);
        state.attach(HEADERS, Map.copyOf(merged));
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> responseHeaders(RequestState state) {
        Map<String, String> values = state.attached(HEADERS);
        return values == null ? Map.of() : values;
    }
}
