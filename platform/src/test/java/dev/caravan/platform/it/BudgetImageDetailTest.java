package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.KEY;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A budget reserves an image part by its {@code detail} and the model the alias routes to:
 * OpenAI's documented tile rates for GPT-4o (85 tokens at low detail, at most 1,445 at high), the
 * conservative 1,600 for a model that bills images otherwise (GPT-4o mini), whatever the detail.
 */
class BudgetImageDetailTest {

    private static final String MODELS = """
              - { alias: fast, targets: [ { provider: mock, model: gpt-4o } ] }
              - { alias: mini, targets: [ { provider: mock, model: gpt-4o-mini } ] }
            """;
    private static final String SECTIONS = """
            admit: { plugins: [ budget-standard ] }
            budgets:
              - { name: dev-tokens, scope: { key: dev }, limit_tokens: 1000000, period: daily }
            """;

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModels(mock, tmp, MODELS, SECTIONS);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    /** The tokens the budget reserved for a request to {@code alias} with one image part of {@code detail}. */
    private static long reserved(String alias, String detail) {
        String body = "{\"model\":\"" + alias + "\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is this?\"},{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"https://example.com/a.png\",\"detail\":\"" + detail + "\"}}]}]}";
        HttpResponse<String> response = gateway.post("/v1/chat/completions", body, "authorization", bearer(KEY),
                "content-type", "application/json");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode receipt = gateway.receiptEventually(response.headers().firstValue("x-caravan-trace-id").orElseThrow(), KEY);
        for (JsonNode decision : receipt.path("decisions")) {
            if (decision.path("outcome").asText().equals("reserved")) {
                return Long.parseLong(decision.path("detail").asText().split(" ")[1]);
            }
        }
        throw new AssertionError("no reservation in " + receipt);
    }

    @Test
    void should_reserve_85_tokens_for_a_low_detail_image_and_1445_for_a_high_detail_one_when_the_model_is_gpt_4o() {
        long low = reserved("fast", "low");

        assertEquals(1_445 - 85, reserved("fast", "high") - low);
        assertEquals(1_445 - 85, reserved("fast", "auto") - low);
    }

    @Test
    void should_reserve_1600_tokens_whatever_the_detail_when_the_model_bills_images_otherwise() {
        long low = reserved("mini", "low");

        assertEquals(low, reserved("mini", "high"));
        assertEquals(1_600 - 85, low - reserved("fast", "low") - aliasNameDifference());
    }

    /** "mini" and "fast" are counted as text in the body's model field; their token counts may differ. */
    private static long aliasNameDifference() {
        dev.caravan.platform.policy.TokenEstimator estimator = new dev.caravan.platform.policy.TokenEstimator();
        com.fasterxml.jackson.databind.node.ObjectNode a = TestGateway.JSON.createObjectNode().put("model", "mini");
        com.fasterxml.jackson.databind.node.ObjectNode b = TestGateway.JSON.createObjectNode().put("model", "fast");
        return estimator.promptTokens(a) - estimator.promptTokens(b);
    }
}
