package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key revoked through the running gateway is refused by that node from the next request on. */
class KeyRevokeTest {

    static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path tmp;
    MockUpstream mock;
    TestGateway gateway;

    @BeforeEach
    void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithAdmin(mock, tmp);
    }

    @AfterEach
    void stop() {
        gateway.close();
        mock.close();
    }

    private HttpResponse<String> revoke(String name) {
        return gateway.send("POST", "/admin/v1/keys/" + name + "/revoke", "",
                "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN));
    }

    @Test
    void should_refuse_the_key_at_the_next_request_when_it_was_revoked_through_the_gateway() {
        HttpResponse<String> before = gateway.post("/v1/chat/completions", CHAT, "authorization", TestGateway.bearer(TestGateway.LIMITED_KEY));
        assertEquals(200, before.statusCode(), before.body()); // the key is now in the 30 s cache

        HttpResponse<String> revoked = revoke("limited");
        assertEquals(200, revoked.statusCode(), revoked.body());

        HttpResponse<String> after = gateway.post("/v1/chat/completions", CHAT, "authorization", TestGateway.bearer(TestGateway.LIMITED_KEY));
        assertEquals(401, after.statusCode(), after.body());
        assertEquals("invalid_api_key", TestGateway.json(after.body()).get("error").get("code").asText());
        String audit = gateway.get("/admin/v1/audit?action=key.revoke", "authorization",
                TestGateway.bearer(TestGateway.ADMIN_TOKEN)).body();
        org.junit.jupiter.api.Assertions.assertTrue(audit.contains("key:limited"), audit);
        HttpResponse<String> other = gateway.post("/v1/chat/completions", CHAT, "authorization", TestGateway.bearer(TestGateway.KEY));
        assertEquals(200, other.statusCode(), other.body());
    }

    @Test
    void should_answer_404_when_no_active_key_has_the_name() {
        HttpResponse<String> r = revoke("ghost");
        assertEquals(404, r.statusCode(), r.body());
        assertEquals("key_not_found", TestGateway.json(r.body()).get("error").get("code").asText());
    }

    @Test
    void should_answer_401_when_the_admin_token_is_missing() {
        HttpResponse<String> r = gateway.send("POST", "/admin/v1/keys/limited/revoke", "");
        assertEquals(401, r.statusCode(), r.body());
        assertEquals(200, gateway.post("/v1/chat/completions", CHAT, "authorization",
                TestGateway.bearer(TestGateway.LIMITED_KEY)).statusCode());
    }
}
