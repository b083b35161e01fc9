package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.api.RequestContext;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.storage.VirtualKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stage {@code resolveAlias}: requested model → an alias the key may use, plus caller metadata. */
class ResolveAliasStageTest {

    private static final CaravanConfig CONFIG = ConfigLoader.fromYaml("""
            providers:
              - { id: openai, plugin: openai, base_url: https://api.openai.com/v1 }
            models:
              - { alias: fast, targets: [ { provider: openai, model: gpt-4o-mini } ] }
              - { alias: smart, targets: [ { provider: openai, model: gpt-4o } ] }
            """, Map.of(), Path.of("/opt/caravan"));
    private static final VirtualKey ANY_MODEL = new VirtualKey("key-1", "dev", "acme", List.of(), true);
    private static final VirtualKey FAST_ONLY = new VirtualKey("key-2", "cheap", "acme", List.of("fast"), true);

    private final StageExchanges exchanges = new StageExchanges();
    private final ResolveAliasStage stage = new ResolveAliasStage(CONFIG, new ObjectMapper(), new ScopedControls(
            new dev.caravan.platform.ratelimit.RateLimiter(java.util.List.of(), System::nanoTime),
            dev.caravan.platform.guard.GuardrailCatalog.empty(), dev.caravan.platform.logging.RequestLogger.disabled()));

    @AfterEach
    void release() {
        exchanges.close();
    }

    private Exchange requestFor(VirtualKey key, String model, String... headers) {
        Exchange exchange = exchanges.afterIngress("{}", headers);
        RequestState state = RequestState.of(exchange);
        state.key(key);
        state.requestedModel(model);
        return exchange;
    }

    private GatewayException rejected(Exchange exchange) {
        return assertThrows(GatewayException.class, () -> stage.process(exchange));
    }

    @Test
    void should_set_alias_when_key_may_use_every_model() {
        Exchange exchange = requestFor(ANY_MODEL, "smart");

        stage.process(exchange);

        assertEquals(CONFIG.alias("smart").orElseThrow(), RequestState.of(exchange).alias());
    }

    @Test
    void should_set_alias_when_key_lists_the_model() {
        Exchange exchange = requestFor(FAST_ONLY, "fast");

        stage.process(exchange);

        assertEquals("fast", RequestState.of(exchange).alias().alias());
    }

    @Test
    void should_fix_request_context_from_key_and_request() {
        Exchange exchange = requestFor(ANY_MODEL, "fast");
        RequestState state = RequestState.of(exchange);

        stage.process(exchange);

        assertEquals(new RequestContext(state.traceId(), "acme", "key-1", "dev", "fast", Map.of(), state.receivedAt()),
                state.context());
    }

    @Test
    void should_reject_404_naming_model_when_alias_unknown() {
        GatewayException e = rejected(requestFor(ANY_MODEL, "gpt-5"));

        assertEquals(404, e.status());
        assertEquals("model_not_found", e.code());
        assertEquals("model", e.param());
        assertEquals("The model `gpt-5` does not exist or you do not have access to it.", e.getMessage());
    }

    @Test
    void should_reject_exactly_as_unknown_when_key_may_not_use_alias() {
        GatewayException forbidden = rejected(requestFor(FAST_ONLY, "smart"));
        GatewayException unknown = rejected(requestFor(FAST_ONLY, "nothing"));

        assertEquals(404, forbidden.status());
        assertEquals(unknown.code(), forbidden.code());
        assertEquals(unknown.getMessage().replace("nothing", "smart"), forbidden.getMessage());
    }

    @Test
    void should_not_set_alias_when_rejected() {
        Exchange exchange = requestFor(FAST_ONLY, "smart");

        rejected(exchange);

        assertNull(RequestState.of(exchange).alias());
    }

    @Test
    void should_read_metadata_header_into_context() {
        Exchange exchange = requestFor(ANY_MODEL, "fast", "x-caravan-metadata", "{\"team\":\"search\",\"env\":\"prod\"}");

        stage.process(exchange);

        assertEquals(Map.of("team", "search", "env", "prod"), RequestState.of(exchange).context().metadata());
    }

    @Test
    void should_use_empty_metadata_when_header_empty() {
        Exchange exchange = requestFor(ANY_MODEL, "fast", "x-caravan-metadata", "");

        stage.process(exchange);

        assertEquals(Map.of(), RequestState.of(exchange).context().metadata());
    }

    @Test
    void should_reject_400_naming_header_when_metadata_not_json() {
        GatewayException e = rejected(requestFor(ANY_MODEL, "fast", "x-caravan-metadata", "team=search"));

        assertEquals(400, e.status());
        assertEquals("x-caravan-metadata", e.param());
        assertEquals("Invalid 'x-caravan-metadata' header: expected a JSON object of string values.", e.getMessage());
    }

    @Test
    void should_reject_400_naming_header_when_metadata_is_an_array() {
        assertEquals("x-caravan-metadata", rejected(requestFor(ANY_MODEL, "fast", "x-caravan-metadata", "[\"a\"]")).param());
    }

    @Test
    void should_reject_400_naming_header_when_metadata_value_is_an_object() {
        assertEquals("x-caravan-metadata",
                rejected(requestFor(ANY_MODEL, "fast", "x-caravan-metadata", "{\"a\":{\"b\":\"c\"}}")).param());
    }

    @Test
    void should_reject_400_naming_header_when_metadata_value_is_null() {
        GatewayException e = rejected(requestFor(ANY_MODEL, "fast", "x-caravan-metadata", "{\"team\":null}"));

        assertEquals(400, e.status());
        assertEquals("x-caravan-metadata", e.param());
    }
}
