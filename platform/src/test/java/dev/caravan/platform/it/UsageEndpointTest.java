package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.ADMIN_TOKEN;
import static dev.caravan.platform.it.TestGateway.KEY;
import static dev.caravan.platform.it.TestGateway.LIMITED_KEY;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /v1/usage and GET /admin/v1/usage over receipts written by real requests. */
class UsageEndpointTest {

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, """
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                  - { alias: house, targets: [ { provider: mock, model: house-model } ] }
                """, """
                pricing:
                  - { provider: mock, model: house-model, input_per_mtok: "1.10", output_per_mtok: "2.20" }
                """);
        call(KEY, "fast");      // 1000 × 0.15 + 500 × 0.60 = 0.00045
        call(KEY, "house");     // 1000 × 1.10 + 500 × 2.20 = 0.0022
        call(LIMITED_KEY, "fast");
        // Reports read stored receipts: wait until the batch writer has written all three.
        Poll.until(() -> admin("/admin/v1/usage"), r -> r.statusCode() == 200 && requests(r) == 3,
                Duration.ofSeconds(10), () -> "three receipts never stored");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static void call(String key, String model) {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":"hi"}],"mock":{"prompt_tokens":1000,"completion_tokens":500}}"""
                .formatted(model), "authorization", bearer(key), "content-type", "application/json");
        assertEquals(200, response.statusCode(), response.body());
    }

    private static HttpResponse<String> admin(String path) {
        return gateway.get(path, "authorization", bearer(ADMIN_TOKEN));
    }

    private static long requests(HttpResponse<String> response) {
        long n = 0;
        for (JsonNode row : TestGateway.json(response.body()).get("data")) {
            n += row.get("requests").asLong();
        }
        return n;
    }

    @Test
    void should_total_every_tenant_by_alias_with_exact_cost_when_admin_asks() {
        JsonNode report = TestGateway.json(admin("/admin/v1/usage?group_by=alias&period=month").body());

        assertEquals("alias", report.get("group_by").textValue());
        JsonNode fast = report.get("data").get(0);
        assertEquals("fast", fast.get("group").textValue());
        assertEquals(2, fast.get("requests").asLong());
        assertEquals(2000, fast.get("prompt_tokens").asLong());
        assertEquals("0.0009", fast.get("cost_usd").textValue());
        JsonNode house = report.get("data").get(1);
        assertEquals("house", house.get("group").textValue());
        assertEquals("0.0022", house.get("cost_usd").textValue());
    }

    @Test
    void should_report_only_the_calling_keys_usage_on_v1_usage() {
        HttpResponse<String> response = gateway.get("/v1/usage?group_by=model&period=month", "authorization", bearer(LIMITED_KEY));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode data = TestGateway.json(response.body()).get("data");
        assertEquals(1, data.size());
        assertEquals("gpt-4o-mini", data.get(0).get("group").textValue());
        assertEquals("0.00045", data.get(0).get("cost_usd").textValue());
    }

    @Test
    void should_name_the_parameter_when_group_by_is_not_allowed_for_a_key() {
        HttpResponse<String> response = gateway.get("/v1/usage?group_by=tenant", "authorization", bearer(KEY));

        assertEquals(400, response.statusCode());
        assertEquals("group_by", TestGateway.json(response.body()).get("error").get("param").textValue());
    }

    @Test
    void should_refuse_admin_report_without_the_admin_token() {
        assertEquals(401, gateway.get("/admin/v1/usage", "authorization", bearer(KEY)).statusCode());
    }

    @Test
    void should_name_the_parameter_when_period_is_unknown() {
        HttpResponse<String> response = admin("/admin/v1/usage?period=week");

        assertEquals(400, response.statusCode());
        assertEquals("period", TestGateway.json(response.body()).get("error").get("param").textValue());
    }
}
