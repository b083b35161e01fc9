package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.ADMIN_TOKEN;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /admin/v1/budgets} against the real gateway: definitions in the database, enforced at once. */
class BudgetAdminTest {

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, BudgetScenario.MODELS, BudgetScenario.sections(""));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static HttpResponse<String> admin(String method, String path, String body) {
        return gateway.send(method, path, body, "authorization", bearer(ADMIN_TOKEN), "content-type", "application/json");
    }

    @Test
    void should_draw_a_prepaid_balance_down_to_zero_when_requests_use_it() throws Exception {
        assertEquals(201, admin("POST", "/admin/v1/budgets",
                "{\"name\":\"acme-prepaid\",\"scope\":{\"tenant\":\"acme\"},\"prepaid\":true}").statusCode());
        HttpResponse<String> empty = BudgetScenario.call(gateway, false);
        assertEquals(429, empty.statusCode(), empty.body());
        assertTrue(empty.body().contains("Prepaid balance 'acme-prepaid' cannot cover this request"), empty.body());

        BigDecimal two = BudgetScenario.worstCaseUsd().multiply(BigDecimal.valueOf(2));
        HttpResponse<String> topUp = admin("POST", "/admin/v1/budgets/acme-prepaid/topup", "{\"amount_usd\":\"" + two.toPlainString() + "\"}");
        assertEquals(200, topUp.statusCode(), topUp.body());
        assertEquals(200, BudgetScenario.call(gateway, false).statusCode());
        assertEquals(200, BudgetScenario.call(gateway, false).statusCode());
        HttpResponse<String> third = BudgetScenario.call(gateway, false);
        assertEquals(429, third.statusCode(), third.body());

        JsonNode balance = eventuallySettled("acme-prepaid");
        assertEquals(0, new BigDecimal(balance.path("available_usd").asText()).signum(), balance.toString());
        assertEquals(0, two.compareTo(new BigDecimal(balance.path("spent_usd").asText())), balance.toString());
        assertEquals(200, admin("DELETE", "/admin/v1/budgets/acme-prepaid", null).statusCode());
    }

    @Test
    void should_reject_a_budget_naming_the_field_when_the_limit_is_not_a_decimal() {
        HttpResponse<String> response = admin("POST", "/admin/v1/budgets",
                "{\"name\":\"bad\",\"scope\":{\"key\":\"dev\"},\"limit_usd\":\"five\",\"period\":\"daily\"}");

        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).path("error");
        assertEquals("limit_usd", error.path("param").asText(), response.body());
        assertTrue(error.path("message").asText().contains("must be a decimal amount"), response.body());
    }

    @Test
    void should_show_the_current_spend_and_reset_time_when_a_budget_is_read() {
        HttpResponse<String> created = admin("POST", "/admin/v1/budgets",
                "{\"name\":\"limited-weekly\",\"scope\":{\"key\":\"limited\"},\"limit_tokens\":1000,\"period\":\"weekly\","
                        + "\"timezone\":\"Europe/Berlin\"}");
        assertEquals(201, created.statusCode(), created.body());

        HttpResponse<String> read = admin("GET", "/admin/v1/budgets/limited-weekly", null);

        assertEquals(200, read.statusCode(), read.body());
        JsonNode current = TestGateway.json(read.body()).path("current");
        assertEquals("0", current.path("spent").asText(), read.body());
        assertEquals("1000", current.path("remaining").asText(), read.body());
        assertTrue(current.path("window").asText().startsWith("weekly:"), read.body());
        java.time.Instant reset = java.time.Instant.parse(current.path("resets_at").asText());
        assertEquals(java.time.DayOfWeek.MONDAY, reset.atZone(java.time.ZoneId.of("Europe/Berlin")).getDayOfWeek());
        assertEquals(0, reset.atZone(java.time.ZoneId.of("Europe/Berlin")).getHour());
        assertEquals(200, admin("DELETE", "/admin/v1/budgets/limited-weekly", null).statusCode());
    }

    private static JsonNode eventuallySettled(String name) {
        return Poll.until(() -> TestGateway.json(admin("GET", "/admin/v1/budgets/" + name, null).body()).path("balance"),
                balance -> new BigDecimal(balance.path("reserved_usd").asText("1")).signum() == 0, Duration.ofSeconds(10),
                () -> "budget " + name + " still holds a reservation");
    }
}
