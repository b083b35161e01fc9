package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.storage.KeyRepository;
import dev.caravan.platform.storage.VirtualKey;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stage {@code authenticate}: where it finds the virtual key ({@code Authorization: Bearer} or
 * {@code x-api-key}) and what it makes of the look-up.
 */
class AuthenticateStageTest {

    private static final String PLAIN_KEY = MemoryStorage.uniqueKey();
    private static VirtualKey devKey;

    private final StageExchanges exchanges = new StageExchanges();
    private final List<Boolean> doneCalls = new ArrayList<>();
    private final AsyncCallback callback = doneCalls::add;

    @BeforeAll
    static void storeKey() {
        devKey = MemoryStorage.createKey(PLAIN_KEY, List.of());
    }

    @AfterEach
    void release() {
        exchanges.close();
    }

    private static AuthenticateStage stage(Executor storageExecutor) {
        return new AuthenticateStage(new KeyAuthenticator(new KeyRepository(MemoryStorage.shared().jdbi()), storageExecutor));
    }

    private static GatewayException failure(Exchange exchange) {
        return (GatewayException) exchange.getException();
    }

    @Test
    void should_fail_401_without_look_up_when_no_key_presented() {
        Exchange exchange = exchanges.afterIngress("{}");

        boolean sync = new AuthenticateStage(null).process(exchange, callback);

        assertTrue(sync);
        assertEquals(List.of(true), doneCalls);
        assertEquals(401, failure(exchange).status());
        assertEquals("invalid_api_key", failure(exchange).code());
        assertTrue(failure(exchange).getMessage().startsWith("You didn't provide an API key."));
    }

    @Test
    void should_set_key_on_request_state_when_key_active() {
        Exchange exchange = exchanges.afterIngress("{}", "authorization", "Bearer " + PLAIN_KEY);

        stage(Runnable::run).process(exchange, callback);

        assertNull(exchange.getException());
        assertEquals(devKey, RequestState.of(exchange).key());
        assertEquals(List.of(true), doneCalls);
    }

    @Test
    void should_fail_401_when_key_unknown() {
        Exchange exchange = exchanges.afterIngress("{}", "x-api-key", MemoryStorage.uniqueKey());

        stage(Runnable::run).process(exchange, callback);

        assertEquals(401, failure(exchange).status());
        assertEquals("Incorrect API key provided.", failure(exchange).getMessage());
        assertNull(RequestState.of(exchange).key());
    }

    @Test
    void should_continue_asynchronously_when_look_up_waits_for_storage() {
        List<Runnable> storageTasks = new ArrayList<>();
        Exchange exchange = exchanges.afterIngress("{}", "authorization", "Bearer " + PLAIN_KEY);

        boolean sync = stage(storageTasks::add).process(exchange, callback);

        assertFalse(sync);
        assertTrue(doneCalls.isEmpty());
        new ArrayList<>(storageTasks).forEach(Runnable::run);
        assertEquals(List.of(false), doneCalls);
        assertEquals(devKey, RequestState.of(exchange).key());
    }

    @Test
    void should_fail_503_when_key_storage_unreachable() {
        Jdbi unreachable = Jdbi.create("jdbc:h2:mem:missing-" + System.nanoTime() + ";IFEXISTS=TRUE");
        AuthenticateStage stage = new AuthenticateStage(new KeyAuthenticator(new KeyRepository(unreachable), Runnable::run));
        Exchange exchange = exchanges.afterIngress("{}", "authorization", "Bearer " + PLAIN_KEY);

        stage.process(exchange, callback);

        assertEquals(503, failure(exchange).status());
        assertEquals("storage_unavailable", failure(exchange).code());
        assertEquals(1, doneCalls.size());
    }

    /** Unvalidated, so values may carry the padding a lenient client or proxy leaves. */
    private static HttpHeaders headers(String... pairs) {
        HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    @Test
    void should_read_bearer_token_when_authorization_header_set() {
        assertEquals("sk-one", AuthenticateStage.presentedKey(headers("Authorization", "Bearer sk-one")));
    }

    @Test
    void should_read_bearer_token_when_scheme_in_any_case() {
        assertEquals("sk-one", AuthenticateStage.presentedKey(headers("authorization", "bEaReR sk-one")));
        assertEquals("sk-one", AuthenticateStage.presentedKey(headers("authorization", "BEARER sk-one")));
    }

    @Test
    void should_trim_bearer_token_when_padded() {
        assertEquals("sk-one", AuthenticateStage.presentedKey(headers("authorization", "Bearer   sk-one  ")));
    }

    @Test
    void should_read_x_api_key_when_no_authorization_header() {
        assertEquals("sk-two", AuthenticateStage.presentedKey(headers("x-api-key", " sk-two ")));
    }

    @Test
    void should_prefer_bearer_token_when_both_headers_set() {
        assertEquals("sk-one", AuthenticateStage.presentedKey(headers("authorization", "Bearer sk-one", "x-api-key", "sk-two")));
    }

    @Test
    void should_read_x_api_key_when_authorization_uses_another_scheme() {
        assertEquals("sk-two", AuthenticateStage.presentedKey(headers("authorization", "Basic dXNlcjpwYXNz", "x-api-key", "sk-two")));
    }

    @Test
    void should_return_null_when_bearer_token_blank() {
        assertNull(AuthenticateStage.presentedKey(headers("authorization", "Bearer    ")));
    }

    @Test
    void should_return_null_when_x_api_key_blank() {
        assertNull(AuthenticateStage.presentedKey(headers("x-api-key", "   ")));
    }

    @Test
    void should_return_null_when_x_api_key_empty() {
        assertNull(AuthenticateStage.presentedKey(headers("x-api-key", "")));
    }

    @Test
    void should_return_null_when_authorization_is_only_the_scheme() {
        assertNull(AuthenticateStage.presentedKey(headers("authorization", "Bearer")));
    }

    @Test
    void should_return_null_when_no_key_header() {
        assertNull(AuthenticateStage.presentedKey(headers("content-type", "application/json")));
    }
}
