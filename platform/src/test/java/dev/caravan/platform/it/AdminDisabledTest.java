package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** With {@code admin.token} empty (the standard set-up) the admin API answers 404, whatever the caller sends. */
class AdminDisabledTest extends StandardGatewayTest {

    private static void assertDisabled(HttpResponse<String> response) {
        assertEquals(404, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals("admin_disabled", error.path("code").asText());
        assertEquals("invalid_request_error", error.path("type").asText());
    }

    @Test
    void should_return_404_admin_disabled_when_no_token_is_sent() {
        assertDisabled(gateway.get("/admin/v1/receipts"));
    }

    @Test
    void should_return_404_admin_disabled_when_any_token_is_sent() {
        assertDisabled(gateway.get("/admin/v1/receipts", "authorization", TestGateway.bearer(TestGateway.ADMIN_TOKEN)));
        assertDisabled(gateway.get("/admin/v1/receipts", "authorization", TestGateway.bearer(TestGateway.KEY)));
        assertDisabled(gateway.get("/admin/v1/receipts", "authorization", "Bearer "));
    }
}
