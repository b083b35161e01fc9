package dev.caravan.platform.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;

class TokenEstimatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TokenEstimator estimator = new TokenEstimator();

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    private static int tokens(String text) {
        return com.knuddels.jtokkit.Encodings.newLazyEncodingRegistry()
                .getEncoding(com.knuddels.jtokkit.api.EncodingType.O200K_BASE).countTokensOrdinary(text);
    }

    /** 20,000 distinct words: well over 20,000 tokens wherever they sit. */
    private static final String BIG = java.util.stream.IntStream.range(0, 20_000).mapToObj(i -> "w" + i)
            .collect(java.util.stream.Collectors.joining(" "));

    @Test
    void should_count_keys_roles_and_text_plus_message_overhead_and_reply_priming() throws Exception {
        // "messages" + (4 + "role" + "user" + "content" + "Hello") + 3
        assertEquals(tokens("messages") + 4 + tokens("role") + tokens("user") + tokens("content") + tokens("Hello") + 3,
                estimator.promptTokens(body("{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")));
    }

    @Test
    void should_charge_the_documented_upper_bound_per_image_part() throws Exception {
        String text = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}]}]}";
        String image = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]}]}";
        assertEquals(1_600, TokenEstimator.PER_IMAGE);
        assertEquals(estimator.promptTokens(body(text)) + TokenEstimator.PER_IMAGE, estimator.promptTokens(body(image)));
        long anthropic = estimator.promptTokens(body("""
                {"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]}]}"""));
        long responses = estimator.promptTokens(body("""
                {"input":[{"role":"user","content":[{"type":"input_image","image_url":"https://example.com/a.png"}]}]}"""));
        assertTrue(anthropic >= TokenEstimator.PER_IMAGE && responses >= TokenEstimator.PER_IMAGE, anthropic + " " + responses);
    }

    private long withImage(String imagePart, ImageTokens images) throws Exception {
        return estimator.estimate(body("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"},"
                + imagePart + "]}]}"), images).tokens();
    }

    private long textOnly() throws Exception {
        return estimator.promptTokens(body("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}]}]}"));
    }

    @ParameterizedTest
    @CsvSource({"low, 85", "high, 1445", "auto, 1445", ", 1445"})
    void should_charge_openai_s_documented_tile_rates_by_detail_when_every_model_is_of_the_gpt_4o_family(String detail, int charge)
            throws Exception {
        ImageTokens gpt4o = ImageTokens.forModels(java.util.List.of("gpt-4o", "gpt-4o-2024-08-06", "chatgpt-4o-latest"));
        String url = "\"url\":\"https://example.com/a.png\"" + (detail == null ? "" : ",\"detail\":\"" + detail + "\"");

        assertEquals(textOnly() + charge, withImage("{\"type\":\"image_url\",\"image_url\":{" + url + "}}", gpt4o));
    }

    @Test
    void should_read_the_detail_of_a_responses_input_image() throws Exception {
        ImageTokens gpt4o = ImageTokens.forModels(java.util.List.of("gpt-4o"));

        assertEquals(textOnly() + 85,
                withImage("{\"type\":\"input_image\",\"image_url\":\"https://example.com/a.png\",\"detail\":\"low\"}", gpt4o));
    }

    @ParameterizedTest
    @CsvSource({"gpt-4o-mini", "claude-sonnet-4-5", "gpt-4.1", "gpt-4.1-mini", "gpt-4.5-preview", "budget-model"})
    void should_charge_the_conservative_bound_for_a_low_detail_image_when_a_model_bills_images_otherwise(String other)
            throws Exception {
        ImageTokens mixed = ImageTokens.forModels(java.util.List.of("gpt-4o", other));
        String low = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\",\"detail\":\"low\"}}";

        assertEquals(textOnly() + 1_600, withImage(low, mixed));
        assertEquals(textOnly() + 1_600, withImage(low, ImageTokens.UNKNOWN_MODELS));
    }

    @Test
    void should_read_anthropic_system_and_responses_input_fields() throws Exception {
        assertTrue(estimator.promptTokens(body("{\"system\":\"" + BIG + "\",\"messages\":[]}")) > 20_000);
        assertTrue(estimator.promptTokens(body("{\"instructions\":\"" + BIG + "\",\"input\":\"Hello\"}")) > 20_000);
        assertTrue(estimator.promptTokens(body("{\"input\":\"" + BIG + "\"}")) > 20_000);
        assertTrue(estimator.promptTokens(body("{\"prompt\":\"" + BIG + "\"}")) > 20_000);
    }

    /** Each field a provider bills as prompt, with 20,000 words in it: the estimate is never the empty request's. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "functions:{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"functions\":[{\"name\":\"f\",\"description\":\"BIG\",\"parameters\":{}}]}",
            "tools:{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"description\":\"BIG\"}}]}",
            "response_format:{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"s\",\"schema\":{\"type\":\"object\",\"description\":\"BIG\"}}}}",
            "prediction:{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"prediction\":{\"type\":\"content\",\"content\":\"BIG\"}}",
            "name:{\"messages\":[{\"role\":\"user\",\"name\":\"BIG\",\"content\":\"hi\"}]}",
            "tool_call_arguments:{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"BIG\"}}]}]}",
            "metadata:{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"metadata\":{\"k\":\"BIG\"}}",
            "anthropic_tool_result:{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":\"BIG\"}]}]}",
            "anthropic_text_document:{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"document\",\"source\":{\"type\":\"text\",\"media_type\":\"text/plain\",\"data\":\"BIG\"}}]}]}"})
    void should_count_every_text_bearing_field(String spec) throws Exception {
        String json = spec.substring(spec.indexOf(':') + 1);
        TokenEstimator.Estimate estimate = estimator.estimate(body(json.replace("BIG", BIG)));
        assertTrue(estimate.tokens() > 20_000, spec.substring(0, spec.indexOf(':')) + ": " + estimate.tokens());
        assertEquals(null, estimate.unestimable());
    }

    @Test
    void should_count_the_property_names_of_a_tool_schema() throws Exception {
        String key = BIG.substring(0, 40_000); // JSON names are bounded at 50,000 characters
        long plain = estimator.promptTokens(body("{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}"));
        long withKey = estimator.promptTokens(body("{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"" + key + "\":{\"type\":\"string\"}}}}}]}"));
        assertTrue(withKey - plain > tokens(key), plain + " " + withKey);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"file\",\"file\":{\"file_data\":\"data:application/pdf;base64,AAAA\"}}]}]}|messages[0].content[1]",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}}]}]}|messages[0].content[0]",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\",\"data\":\"AAAA\"}}]}]}|messages[0].content[0]",
            "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_file\",\"file_id\":\"file-1\"}]}]}|input[0].content[0]"})
    void should_name_the_first_field_it_cannot_count(String json, String path) throws Exception {
        assertEquals(path, estimator.estimate(body(json)).unestimable());
    }

    @Test
    void should_bill_every_choice() throws Exception {
        assertEquals(100, TokenEstimator.choices(body("{\"n\":100}")));
        assertEquals(5, TokenEstimator.choices(body("{\"n\":2,\"best_of\":5}")));
        assertEquals(1, TokenEstimator.choices(body("{}")));
    }

    @Test
    void should_grow_with_the_text() throws Exception {
        long shortText = estimator.promptTokens(body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        long longText = estimator.promptTokens(body("{\"messages\":[{\"role\":\"user\",\"content\":\"" + "lorem ipsum ".repeat(500) + "\"}]}"));

        assertTrue(longText > shortText + 900, "long: " + longText);
    }

    @Test
    void should_take_the_requests_own_completion_cap_before_the_fallback() throws Exception {
        assertEquals(100, TokenEstimator.completionCap(body("{\"max_tokens\":100}"), 4096));
        assertEquals(50, TokenEstimator.completionCap(body("{\"max_completion_tokens\":50,\"max_tokens\":100}"), 4096));
        assertEquals(70, TokenEstimator.completionCap(body("{\"max_output_tokens\":70}"), 4096));
        assertEquals(4096, TokenEstimator.completionCap(body("{}"), 4096));
    }
}
